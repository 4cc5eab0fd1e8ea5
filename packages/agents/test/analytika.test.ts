// Analytika on the twin's Werkhalle 4 day, fed the readings the way the live server feeds it.
import { describe, expect, it } from 'vitest';
import { actionProposalSchema } from '@aethercore/governance';
import { findingEvent } from '../src/finding.ts';
import { buildProposal, requestCommand, requestHorizonMs, simulateWhatIf } from '../src/analytika/index.ts';
import { at, runDay, werkhalle4 } from './analytika-support.ts';

describe('Analytika on the werkhalle4-day (seed 42)', () => {
  const day = runDay('werkhalle4-day', 42);
  const byKind = (k: string) => day.findings.filter((f) => f.kind === k);

  it('flags R7 once, after the wear starts (08:00) and before 11:15, naming vibration', () => {
    const anomalies = byKind('anomaly');
    expect(anomalies).toHaveLength(1); // once per onset, not per sample
    const a = anomalies[0]!;
    expect(a.subject).toBe('ST05');
    expect(a.time).toBeGreaterThanOrEqual(at(8, 0));
    expect(a.time).toBeLessThan(at(11, 15));
    expect((a.evidence?.['contributions'] as { column: string }[])[0]?.column).toBe('ST05/vibrationRmsMmS');
    expect(a.title.de).toMatch(/R7/);
    expect(a.title.en).not.toBe(a.title.de);
    // JSON-serialisable evidence: the finding survives the event store.
    expect(() => findingEvent(JSON.parse(JSON.stringify(a)) as typeof a)).not.toThrow();
  });

  it('finds the ST04 press-depth drift after 11:00 and before the first out-of-tolerance part, blaming ST04 temperature', () => {
    const drifts = byKind('drift');
    expect(drifts).toHaveLength(1);
    const d = drifts[0]!;
    expect(d.subject).toBe('ST04');
    expect(d.time).toBeGreaterThanOrEqual(at(11, 0));
    if (day.firstOutOfTolerance !== undefined) expect(d.time).toBeLessThan(day.firstOutOfTolerance);
    else expect(d.time).toBeLessThan(at(13, 45));
    expect(d.evidence?.['suspect']).toBe('ST04');
    expect((d.evidence?.['attribution'] as { station: string }[])[0]?.station).toBe('ST04');
    expect(d.detail?.en).toMatch(/CUSUM/);
  });

  it('estimates R7 remaining life with an interval that covers the twin’s failure time', () => {
    const rul = byKind('rul');
    expect(rul).toHaveLength(1);
    const r = rul[0]!.evidence?.['rul'] as {
      lowerH: number;
      upperH: number;
      rulH: number;
      uncertain: boolean;
    };
    const failAt = day.twin.scenario.disruptions.find((x) => x.kind === 'degradation') as {
      failAtMs: number;
    };
    const truthH = (failAt.failAtMs - rul[0]!.time) / 3_600_000;
    expect(r.uncertain).toBe(false);
    expect(r.lowerH).toBeLessThanOrEqual(truthH);
    expect(r.upperH).toBeGreaterThanOrEqual(truthH);
  });

  it('asks for a maintenance work order at the anomaly, with the model’s uncertainty, and a thermal correction at the drift', () => {
    const kinds = day.requests.map((r) => r.request.kind);
    expect(kinds).toEqual(['maintenance', 'thermal-correction']);
    const m = day.requests[0]!;
    expect(m.finding.kind).toBe('anomaly');
    expect(m.request.uncertainty).toBeGreaterThan(0);
    expect(m.request.uncertainty).toBeLessThanOrEqual(1);
  });

  it('builds proposals Sentinel can parse, with twin what-if evidence whose deltas are the simulated differences', () => {
    const plant = werkhalle4();
    for (const { request } of day.requests) {
      const whatIf = simulateWhatIf(day.twin, requestCommand(request), plant, requestHorizonMs(request));
      expect(whatIf).toBeDefined();
      const p = buildProposal(request, { id: `X-${request.kind}`, now: 1, stateVersion: 0, whatIf: whatIf! });
      const parsed = actionProposalSchema.parse(p);
      expect(parsed.proposer).toBe('analytika');
      expect(parsed.uncertainty).toBe(request.uncertainty);
      for (const [k, d] of Object.entries(parsed.expectedKpiDeltas)) {
        const kp = parsed.evidence!.kpis[k]!;
        expect(d).toBeCloseTo(kp.withChange - kp.baseline, 6);
      }
      if (request.kind === 'maintenance') {
        expect(parsed.actionClass).toBe('maintenance-work-order');
        expect(parsed.change.kind).toBe('work-order');
        expect(parsed.explanation).toMatch(/score/);
      } else {
        expect(parsed.actionClass).toBe('thermal-correction');
        expect(parsed.tool).toBe('correct-thermal-drift');
        expect(parsed.change).toEqual({ kind: 'thermal-correction', params: { station: 'ST04' } });
      }
    }
  });
});

describe('Analytika on the baseline day (nothing goes wrong)', () => {
  it('stays silent over the same hours on three seeds (false alarms counted)', () => {
    let falseAlarms = 0;
    for (const seed of [42, 43, 44]) {
      const day = runDay('baseline', seed);
      falseAlarms += day.findings.length;
    }
    expect(falseAlarms).toBe(0);
  });
});
