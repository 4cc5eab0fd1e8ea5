// The dashboard's reading of agent findings: stored events → panel rows and trend markers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StoredEvent, TrendSpec } from '@aethercore/server';
import { findingLine, findingOf, markersFor, mergeFindings } from '../src/agents/findings.ts';

const ev = (seq: number, data: Record<string, unknown>, type = 'AgentFindingRecorded'): StoredEvent => ({
  seq,
  type,
  stream: 'agents/analytika',
  time: 1_000 * seq,
  data,
});

const anomaly = {
  agent: 'analytika',
  kind: 'anomaly',
  severity: 'warning',
  subject: 'ST05',
  title: { de: 'R7: Schwingung auffällig', en: 'R7 vibration anomalous' },
  evidence: { series: ['ST05/vibrationRmsMmS', 'ST05/temperatureC'], score: 2.19 },
  proposalId: 'WO-ST05-2026-11-24-d0',
};
const trend = (seriesId: string): TrendSpec => ({ seriesId }) as TrendSpec;

describe('agent findings in the dashboard', () => {
  it('reads a stored finding, and ignores other events', () => {
    const f = findingOf(ev(3, anomaly))!;
    expect(f).toMatchObject({
      seq: 3,
      time: 3_000,
      agent: 'analytika',
      severity: 'warning',
      subject: 'ST05',
      proposalId: 'WO-ST05-2026-11-24-d0',
    });
    expect(findingOf(ev(4, anomaly, 'StationStateChanged'))).toBeUndefined();
  });

  it('marks the trends the evidence names (or the subject station’s without a series list)', () => {
    const f = findingOf(ev(3, anomaly))!;
    expect(markersFor(trend('ST05/vibrationRmsMmS'), [f], 'en')).toEqual([
      { time: 3_000, severity: 'warning', label: 'R7 vibration anomalous' },
    ]);
    expect(markersFor(trend('ST04/dimensionMm'), [f], 'de')).toEqual([]);
    const noSeries = findingOf(ev(5, { ...anomaly, evidence: {} }))!;
    expect(markersFor(trend('ST05/powerKW'), [noSeries], 'de')).toHaveLength(1);
  });

  it('merges by sequence number, newest first, without duplicates', () => {
    const a = findingOf(ev(1, anomaly))!;
    const b = findingOf(ev(2, anomaly))!;
    expect(mergeFindings([a, b], [b]).map((f) => f.seq)).toEqual([2, 1]);
  });

  it('never throws on damaged event data', () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        const f = findingOf({
          seq: 1,
          type: 'AgentFindingRecorded',
          stream: 'x',
          time: 0,
          data,
        } as unknown as StoredEvent);
        if (f !== undefined) markersFor(trend('ST05/x'), [f], 'en');
      }),
    );
  });
});

describe('findingLine (the event timeline)', () => {
  it('names the agent and gives the title in the UI language', () => {
    const f = findingOf(ev(3, anomaly))!;
    expect(findingLine(f, 'en')).toBe('Analytika: R7 vibration anomalous');
    expect(findingLine(f, 'de')).toBe('Analytika: R7: Schwingung auffällig');
  });
});
