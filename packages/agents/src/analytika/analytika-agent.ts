import { AetherError, type Plant, type Reading } from '@aethercore/core';
import type { AgentFinding } from '../finding.ts';
import { DriftMonitor, type DriftAlarm } from './drift-monitor.ts';
import { FrameSampler, type Frame } from './frame-sampler.ts';
import { recordReference } from './reference-recording.ts';
import { hhmm, num, round, rulEvidence, rulText, rulUncertainty } from './texts.ts';
import { WearMonitor, wearSeries, type WearVerdict } from './wear-monitor.ts';
import type { RulEstimate } from './wear-trend.ts';

/**
 * Analytika, the predictive-maintenance and quality agent, as a pure state machine: the server feeds
 * it the readings the platform received (OPC UA), it samples them on a fixed grid and runs
 *  - the streaming anomaly detector on the robot cell's vibration and drive temperature (R7, ST05),
 *  - a wear trend with a remaining-life interval for the same machine,
 *  - SPC with the drift finder on the heated station's press depth (ST04),
 * and returns findings (once per onset, with hysteresis) and proposal requests for Sentinel.
 */
export interface AnalytikaConfig {
  readonly plant: Plant;
  /** Seed of the healthy reference run (default 9001; the live line runs other seeds). */
  readonly referenceSeed?: number;
  /** Analytics grid (source time), default 30 s. */
  readonly stepMs?: number;
  /** Stations to watch for wear; default the one carrying R7 (else the first robot cell with a failure model). */
  readonly wearStations?: readonly string[];
  /** Heated station for SPC; default the plant's station with a `thermal` model. */
  readonly driftStation?: string;
  /** How often the RUL is re-estimated during an episode (source ms), default 10 min. */
  readonly rulEveryMs?: number;
  /** Maintenance duration proposed (min), default 45. */
  readonly maintenanceMin?: number;
}

export interface MaintenanceRequest {
  readonly kind: 'maintenance';
  /** Index of the finding in the same step that this request belongs to. */
  readonly finding: number;
  readonly station: string;
  readonly equipment: string;
  readonly durationMin: number;
  readonly uncertainty: number;
  readonly time: number;
  readonly detector: {
    readonly method: string;
    readonly score: number;
    readonly threshold: number;
    readonly mainCause: string;
    readonly vibrationMmS: number;
    readonly referenceMmS: number;
  };
  readonly rul: RulEstimate | undefined;
}

export interface ThermalCorrectionRequest {
  readonly kind: 'thermal-correction';
  readonly finding: number;
  readonly station: string;
  readonly uncertainty: number;
  readonly time: number;
  readonly alarm: DriftAlarm;
}

export type ProposalRequest = MaintenanceRequest | ThermalCorrectionRequest;

export interface AnalytikaStep {
  readonly findings: AgentFinding[];
  readonly requests: ProposalRequest[];
}

interface WearState {
  readonly monitor: WearMonitor;
  lastRulAt: number;
  rulReported: boolean;
}

export class Analytika {
  readonly #sampler: FrameSampler;
  readonly #wear: WearState[];
  readonly #drift: DriftMonitor | undefined;
  readonly #rulEveryMs: number;
  readonly #maintenanceMin: number;
  /** Every series the agent reads: subscribe to these. */
  readonly series: readonly string[];
  frames = 0;

  constructor(config: AnalytikaConfig) {
    const { plant } = config;
    const step = config.stepMs ?? 30_000;
    const wearIds =
      config.wearStations ??
      [
        (
          plant.stations.find((s) => s.equipment.some((e) => e.id === 'R7')) ??
          plant.stations.find((s) => s.kind === 'robot' && s.failure !== undefined)
        )?.id,
      ].filter((x): x is string => x !== undefined);
    const driftId = config.driftStation ?? plant.stations.find((s) => s.thermal !== undefined)?.id;
    const heated = plant.stations.find((s) => s.id === driftId);
    const temps = plant.stations.map((s) => s.id);
    const series = new Set<string>();
    for (const id of wearIds) {
      const w = wearSeries(id);
      for (const s of [w.vibration, w.temperature, w.power]) series.add(s);
    }
    if (heated?.thermal !== undefined) {
      series.add(`${heated.id}/partsProduced`);
      series.add(`${heated.id}/dimensionMm`);
      for (const id of temps) series.add(`${id}/temperatureC`);
    }
    this.series = [...series];
    const reference = recordReference(plant, {
      seed: config.referenceSeed ?? 9001,
      stepMs: step,
      series: this.series,
    });
    this.#wear = wearIds.map((id) => {
      const st = plant.stations.find((s) => s.id === id);
      const level = st?.failure?.vibrationAtFailureMmS;
      if (st === undefined || level === undefined) {
        throw new AetherError({
          code: 'analytika.station-invalid',
          message: `station ${id} has no failure model to monitor`,
          hint: 'name a station with `failure:` in the plant file',
          path: 'wearStations',
        });
      }
      const equipment = st.equipment[0]?.id ?? st.id;
      return {
        monitor: new WearMonitor({ station: id, equipment, failureLevelMmS: level }, reference),
        lastRulAt: -Infinity,
        rulReported: false,
      };
    });
    this.#drift =
      heated?.thermal === undefined
        ? undefined
        : new DriftMonitor(
            {
              station: heated.id,
              characteristic: `${heated.id}/dimensionMm`,
              name: heated.thermal.characteristic,
              nominal: heated.thermal.nominalMm,
              tolerance: heated.thermal.toleranceMm,
              candidates: temps,
            },
            reference,
          );
    this.#sampler = new FrameSampler(step, this.series);
    this.#rulEveryMs = config.rulEveryMs ?? 10 * 60_000;
    this.#maintenanceMin = config.maintenanceMin ?? 45;
  }

  /** The wear monitors (for tests, benches and the evidence). */
  get wearMonitors(): readonly WearMonitor[] {
    return this.#wear.map((w) => w.monitor);
  }
  get driftMonitor(): DriftMonitor | undefined {
    return this.#drift;
  }

  /** Feed readings as they arrive (any order within a batch is fine; sorted by source time first). */
  observe(readings: readonly Reading[]): AnalytikaStep {
    const sorted = [...readings].sort((a, b) => a.sourceTime - b.sourceTime);
    const out: AnalytikaStep = { findings: [], requests: [] };
    for (const f of this.#sampler.push(sorted)) this.#frame(f, out);
    return out;
  }

  /** Feed one already-sampled frame (tests and benches that sample the twin themselves). */
  observeFrame(f: Frame): AnalytikaStep {
    const out: AnalytikaStep = { findings: [], requests: [] };
    this.#frame(f, out);
    return out;
  }

  #frame(f: Frame, out: AnalytikaStep): void {
    this.frames++;
    for (const w of this.#wear) {
      const wasOpen = w.monitor.inEpisode;
      const v = w.monitor.update(f);
      if (v === undefined) continue;
      if (wasOpen && !w.monitor.inEpisode) {
        // Back to normal for long enough: the machine was renewed; the old wear trend no longer applies.
        w.monitor.resetTrend();
        w.rulReported = false;
      }
      if (v.onset) this.#onWearOnset(w, v, out);
      else if (w.monitor.inEpisode && !w.rulReported && f.time - w.lastRulAt >= this.#rulEveryMs) {
        w.lastRulAt = f.time;
        const rul = w.monitor.rul(f.time);
        if (rul !== undefined && !rul.uncertain) {
          w.rulReported = true;
          out.findings.push(this.#rulFinding(w.monitor, f.time, rul));
        }
      }
    }
    if (this.#drift !== undefined) {
      const alarm = this.#drift.update(f);
      if (alarm !== undefined) this.#onDrift(this.#drift, alarm, out);
    }
  }

  #onWearOnset(w: WearState, v: WearVerdict, out: AnalytikaStep): void {
    const m = w.monitor;
    const rul = m.rul(v.time);
    w.lastRulAt = v.time;
    const contributions = m.explain();
    const top = contributions[0]?.column ?? m.series.vibration;
    const isVib = top === m.series.vibration;
    const { equipment, station } = m.config;
    // The mean of the detector's window (less noisy than one sample).
    const vib = m.recentVibrationMmS ?? m.reference.vibrationMmS;
    const joint = m.lastDetector === 'joint';
    const threshold = m.model.alarm.threshold;
    const rt = rulText(rul);
    const finding: AgentFinding = {
      agent: 'analytika',
      kind: 'anomaly',
      severity: 'warning',
      time: v.time,
      subject: station,
      title: {
        en: `${equipment} ${isVib ? 'vibration' : 'drive temperature'} anomalous since ${hhmm(v.time)} (score ${num(v.score, 2, 'en')} > ${num(threshold, 1, 'en')})`,
        de: `${equipment}: ${isVib ? 'Schwingung' : 'Antriebstemperatur'} auffällig seit ${hhmm(v.time)} (Score ${num(v.score, 2, 'de')} > ${num(threshold, 1, 'de')})`,
      },
      detail: {
        en: `PCA T²+Q detector on vibration velocity RMS${joint ? ' and drive temperature (rate)' : ' (alone: the drive is in its warm-up hold)'}, fitted on ${m.reference.samples} healthy running samples; main contribution ${top} (${Math.round((contributions[0]?.share ?? 0) * 100)}%). Vibration now ${num(vib, 2, 'en')} mm/s vs ${num(m.reference.vibrationMmS, 2, 'en')} mm/s healthy. ${rt.en}. A maintenance work order is proposed to Sentinel.`,
        de: `PCA-T²+Q-Detektor auf Schwinggeschwindigkeit (RMS)${joint ? ' und Antriebstemperatur (Rate)' : ' (allein: der Antrieb ist in der Aufwärmsperre)'}, trainiert auf ${m.reference.samples} gesunden Messpunkten im Betrieb; größter Beitrag ${top} (${Math.round((contributions[0]?.share ?? 0) * 100)} %). Schwingung jetzt ${num(vib, 2, 'de')} mm/s gegenüber ${num(m.reference.vibrationMmS, 2, 'de')} mm/s im Normalzustand. ${rt.de}. Ein Wartungsauftrag wird Sentinel vorgeschlagen.`,
      },
      evidence: {
        series: [m.series.vibration, m.series.temperature],
        detector: joint
          ? 'PCA T²+Q (analytics), 10-sample means, temperature by rate'
          : 'PCA T²+Q on vibration alone (warm-up hold), 10-sample means',
        score: round(v.score),
        threshold,
        persistence: `${m.model.alarm.k} of ${m.model.alarm.n}`,
        contributions: contributions.map((c) => ({ column: c.column, share: round(c.share) })),
        vibrationMmS: round(vib),
        referenceVibrationMmS: round(m.reference.vibrationMmS),
        gateKW: round(m.gateKW, 2),
        trainingSamples: m.reference.samples,
        rul: rulEvidence(rul),
      },
    };
    out.findings.push(finding);
    if (rul !== undefined && !rul.uncertain) w.rulReported = true;
    out.requests.push({
      kind: 'maintenance',
      finding: out.findings.length - 1,
      station,
      equipment,
      durationMin: this.#maintenanceMin,
      uncertainty: rulUncertainty(rul),
      time: v.time,
      detector: {
        method: joint
          ? 'PCA T²+Q on vibration and drive temperature rate'
          : 'PCA T²+Q on vibration alone (drive in warm-up hold)',
        score: round(v.score),
        threshold,
        mainCause: top,
        vibrationMmS: round(vib),
        referenceMmS: round(m.reference.vibrationMmS),
      },
      rul,
    });
  }

  #rulFinding(m: WearMonitor, time: number, rul: RulEstimate): AgentFinding {
    const { equipment, station } = m.config;
    const rt = rulText(rul);
    return {
      agent: 'analytika',
      kind: 'rul',
      severity: rul.lowerH < 8 ? 'alarm' : 'warning',
      time,
      subject: station,
      title: {
        en: `${equipment} remaining life ≈ ${num(rul.rulH ?? 0, 0, 'en')} h (90%: ${num(rul.lowerH, 0, 'en')}–${rul.upperH === undefined ? 'open' : num(rul.upperH, 0, 'en')} h)`,
        de: `${equipment}: Restlebensdauer ≈ ${num(rul.rulH ?? 0, 0, 'de')} h (90 %: ${num(rul.lowerH, 0, 'de')}–${rul.upperH === undefined ? 'offen' : num(rul.upperH, 0, 'de')} h)`,
      },
      detail: {
        en: `${rt.en}. Wear onset estimated at ${hhmm(rul.onset)}.`,
        de: `${rt.de}. Verschleißbeginn geschätzt um ${hhmm(rul.onset)}.`,
      },
      evidence: { series: [m.series.vibration], rul: rulEvidence(rul) },
    };
  }

  #onDrift(d: DriftMonitor, alarm: DriftAlarm, out: AnalytikaStep): void {
    const r = alarm.report;
    const top = r.attribution[0];
    const { station, characteristic, nominal, tolerance } = d.config;
    const dirEn = r.direction === 'down' ? 'down' : 'up';
    const dirDe = r.direction === 'down' ? 'fallend' : 'steigend';
    const since = alarm.onsetTime === undefined ? '' : ` since ≈ ${hhmm(alarm.onsetTime)}`;
    const seit = alarm.onsetTime === undefined ? '' : ` seit ≈ ${hhmm(alarm.onsetTime)}`;
    const rules = alarm.nelson;
    const rulesEn =
      rules.length === 0
        ? 'no Nelson rule fired among the last 30 parts'
        : [...new Set(rules.map((x) => x.message.en))].join('; ');
    const rulesDe =
      rules.length === 0
        ? 'keine Nelson-Regel unter den letzten 30 Teilen verletzt'
        : [...new Set(rules.map((x) => x.message.de))].join('; ');
    // The suspect: the temperature that left its normal range (|z| ≥ 3) when one did, else the best correlation.
    const shift = alarm.shifts[0];
    const shifted = shift !== undefined && Math.abs(shift.z) >= 3 ? shift : undefined;
    const sign = (v: number): string => (v >= 0 ? '+' : '');
    const cause = (lang: 'de' | 'en'): string =>
      shifted !== undefined
        ? lang === 'en'
          ? `, most likely ${shifted.station} temperature (${sign(shifted.deltaK)}${num(shifted.deltaK, 1, 'en')} K vs reference, z = ${num(shifted.z, 1, 'en')})`
          : `, wahrscheinlich ${shifted.station}-Temperatur (${sign(shifted.deltaK)}${num(shifted.deltaK, 1, 'de')} K gegenüber Referenz, z = ${num(shifted.z, 1, 'de')})`
        : top === undefined
          ? ''
          : lang === 'en'
            ? `, most likely ${top.station} temperature (r = ${num(top.correlation, 2, 'en')}, leading ${top.lagParts} parts)`
            : `, wahrscheinlich ${top.station}-Temperatur (r = ${num(top.correlation, 2, 'de')}, ${top.lagParts} Teile voraus)`;
    const suspect = shifted?.station ?? top?.station;
    const finding: AgentFinding = {
      agent: 'analytika',
      kind: 'drift',
      severity: 'warning',
      time: alarm.time,
      subject: station,
      title: {
        en: `${station} ${d.config.name} drifting ${dirEn}${since} (CUSUM)${cause('en')}`,
        de: `${station} ${d.config.name}: Drift ${dirDe}${seit} (CUSUM)${cause('de')}`,
      },
      detail: {
        en: `${r.message.en} Tabular CUSUM k = 0.5σ, h = 10σ against phase I μ₀ = ${num(d.baseline.mean, 4, 'en')} mm, σ = ${num(d.baseline.sigma * 1000, 1, 'en')} µm (healthy reference). Last part ${num(alarm.lastValue, 4, 'en')} mm, tolerance ${num(nominal, 2, 'en')} ± ${num(tolerance, 3, 'en')} mm. ${rulesEn}. A thermal-drift correction is proposed to Sentinel.`,
        de: `${r.message.de} Tabellarische CUSUM k = 0,5σ, h = 10σ gegen Phase I μ₀ = ${num(d.baseline.mean, 4, 'de')} mm, σ = ${num(d.baseline.sigma * 1000, 1, 'de')} µm (gesunde Referenz). Letztes Teil ${num(alarm.lastValue, 4, 'de')} mm, Toleranz ${num(nominal, 2, 'de')} ± ${num(tolerance, 3, 'de')} mm. ${rulesDe}. Eine Korrektur der thermischen Drift wird Sentinel vorgeschlagen.`,
      },
      evidence: {
        series: [characteristic, ...(suspect === undefined ? [] : [`${suspect}/temperatureC`])],
        chart: 'cusum',
        cusum: { k: 0.5, h: 10 },
        baseline: { mean: round(d.baseline.mean, 5), sigma: round(d.baseline.sigma, 6) },
        direction: r.direction ?? null,
        onsetTime: alarm.onsetTime ?? null,
        lastValueMm: round(alarm.lastValue, 5),
        spec: { nominal, lower: round(nominal - tolerance, 4), upper: round(nominal + tolerance, 4) },
        nelsonRules: rules.map((x) => ({ rule: x.rule, text: x.message })),
        suspect: suspect ?? null,
        temperatureShifts: alarm.shifts
          .slice(0, 3)
          .map((x) => ({ station: x.station, deltaK: round(x.deltaK, 2), z: round(x.z, 1) })),
        attribution: r.attribution.slice(0, 3).map((a) => ({
          station: a.station,
          signal: a.signal,
          r: round(a.correlation),
          lagParts: a.lagParts,
        })),
      },
    };
    out.findings.push(finding);
    // How sure the attribution is: 1 − |r| of this station's temperature with the characteristic, so a
    // weak correlation hands the decision up; when another station is the suspect, correcting this
    // tool is a guess (0.9).
    const own = r.attribution.find((a) => a.station === station);
    const uncertainty =
      suspect === station && own !== undefined
        ? round(Math.min(1, Math.max(0, 1 - Math.abs(own.correlation))), 2)
        : 0.9;
    out.requests.push({
      kind: 'thermal-correction',
      finding: out.findings.length - 1,
      station,
      uncertainty,
      time: alarm.time,
      alarm,
    });
  }
}
