import {
  createStreamingDetector,
  defaultFitOptions,
  fitAnomalyModel,
  type AnomalyModel,
  type ColumnContribution,
  type StreamingDetector,
} from '@aethercore/analytics';
import { AetherError } from '@aethercore/core';
import type { Frame } from './frame-sampler.ts';
import { estimateRul, type RulEstimate, type WearSample } from './wear-trend.ts';

/**
 * Condition monitoring of one machine (R7 on ST05): the streaming multivariate anomaly detector of
 * `@aethercore/analytics` on vibration velocity RMS and drive temperature, plus the wear trend for
 * the remaining life. Samples count only while the machine runs (its power above the gate): vibration
 * is compared at one operating condition (ISO 13373-1 §5: measure under repeatable conditions), so a
 * starved or idle cell is not mistaken for a change in the machine.
 */
export interface WearMonitorConfig {
  readonly station: string;
  /** Display name of the monitored equipment (`R7`). */
  readonly equipment: string;
  /** Functional-failure level of the vibration (mm/s), from the plant file. */
  readonly failureLevelMmS: number;
  /** Feature window in samples (default 10, i.e. 5 min at 30 s). */
  readonly window?: number;
  /** Alarm threshold on the calibrated score (default 1.5, the analytics default). */
  readonly threshold?: number;
  /** Alarm persistence: k of the last n samples (default 3 of 5). */
  readonly k?: number;
  readonly n?: number;
  /** Gated samples without alarm after which an episode is over (default 60 = 30 min of running). */
  readonly clearAfter?: number;
  /** Wear-trend samples kept (2-min means), default 8 h. */
  readonly trendWindowMs?: number;
  /**
   * After a cold start (the stream's first running sample, or running again after the machine was off)
   * samples are not scored for this long (default 30 min ≈ 2.5 thermal time constants): a drive warming
   * up from cold is not a fault, and the healthy reference is steady production.
   */
  readonly warmUpMs?: number;
  /**
   * A stop at least this long (not running, default 10 min) also counts as a cold start: the drive
   * cooled. The hold after such a stop lasts as long as the stop, at most `warmUpMs`.
   */
  readonly restartGapMs?: number;
}

export interface WearVerdict {
  readonly time: number;
  readonly score: number;
  readonly label: 0 | 1;
  /** The sample that opened an episode (first alarm after a quiet stretch). */
  readonly onset: boolean;
}

export interface WearSeries {
  readonly vibration: string;
  readonly temperature: string;
  readonly power: string;
}

const TREND_BUCKET_MS = 2 * 60_000;

export function wearSeries(station: string): WearSeries {
  return {
    vibration: `${station}/vibrationRmsMmS`,
    temperature: `${station}/temperatureC`,
    power: `${station}/powerKW`,
  };
}

export class WearMonitor {
  readonly config: WearMonitorConfig;
  readonly series: WearSeries;
  readonly model: AnomalyModel;
  /** Power above which the machine counts as running (kW): 40% of the reference's 95th percentile. */
  readonly gateKW: number;
  /** Reference (healthy) means of vibration and temperature while running. */
  readonly reference: {
    readonly vibrationMmS: number;
    readonly temperatureC: number;
    readonly samples: number;
  };
  readonly #detector: StreamingDetector;
  /** Vibration alone (no thermal lag): it keeps watching while the joint model waits out a warm-up. */
  readonly vibrationModel: AnomalyModel;
  readonly #vibDetector: StreamingDetector;
  #lastFrom: 'joint' | 'vibration' = 'joint';
  /** The last running vibration samples (for the level quoted in findings). */
  readonly #recentVib: number[] = [];
  #inEpisode = false;
  #quiet = 0;
  /** Cold until the first running sample; then scored from `#warmUntil` on. */
  #cold = true;
  #warmUntil = Infinity;
  #lastRunning = -Infinity;
  #last: WearVerdict | undefined;
  #bucket: { start: number; sum: number; count: number } | undefined;
  readonly #trend: WearSample[] = [];

  constructor(config: WearMonitorConfig, referenceFrames: readonly Frame[]) {
    this.config = config;
    this.series = wearSeries(config.station);
    const { vibration, temperature, power } = this.series;
    const powers = referenceFrames
      .map((f) => f.values.get(power))
      .filter((v): v is number => v !== undefined && Number.isFinite(v))
      .sort((a, b) => a - b);
    const p95 = powers[Math.floor(0.95 * (powers.length - 1))];
    if (p95 === undefined || !(p95 > 0)) {
      throw new AetherError({
        code: 'analytika.reference-invalid',
        message: `the reference recording has no power readings of ${config.station}`,
        hint: `record ${power} with the reference`,
        path: power,
      });
    }
    this.gateKW = 0.4 * p95;
    const rows: number[][] = [];
    for (const f of referenceFrames) {
      const row = this.#row(f);
      if (row !== undefined) rows.push(row);
    }
    const w = config.window ?? 10;
    this.model = fitAnomalyModel([vibration, temperature], rows, {
      ...defaultFitOptions('t2q'),
      // The drive temperature follows load with a long lag: monitor it by its rate, vibration by level.
      features: { window: w, kinds: ['mean'], rateOnly: [1] },
      threshold: config.threshold ?? 1.5,
      k: config.k ?? 4,
      n: config.n ?? 5,
    });
    this.#detector = createStreamingDetector(this.model);
    this.vibrationModel = fitAnomalyModel(
      [vibration],
      rows.map((r) => [r[0] as number]),
      {
        ...defaultFitOptions('t2q'),
        features: { window: w, kinds: ['mean'] },
        threshold: config.threshold ?? 1.5,
        k: config.k ?? 4,
        n: config.n ?? 5,
      },
    );
    this.#vibDetector = createStreamingDetector(this.vibrationModel);
    const mean = (j: number): number => rows.reduce((s, r) => s + (r[j] as number), 0) / rows.length;
    this.reference = { vibrationMmS: mean(0), temperatureC: mean(1), samples: rows.length };
  }

  /** [vibration, temperature] when the frame has both and the machine runs; otherwise undefined. */
  #row(f: Frame): number[] | undefined {
    const v = f.values.get(this.series.vibration);
    const t = f.values.get(this.series.temperature);
    const p = f.values.get(this.series.power);
    if (v === undefined || t === undefined || p === undefined) return undefined;
    if (!(p >= this.gateKW)) return undefined;
    return [v, t];
  }

  get inEpisode(): boolean {
    return this.#inEpisode;
  }
  get last(): WearVerdict | undefined {
    return this.#last;
  }

  /** Feeds one frame; undefined when the frame does not count (machine not running, values missing). */
  update(f: Frame): WearVerdict | undefined {
    const p = f.values.get(this.series.power);
    // Off (power below a quarter of the running gate): the next run starts cold.
    if (p !== undefined && p < this.gateKW / 4) this.#cold = true;
    const row = this.#row(f);
    if (row === undefined) return undefined;
    const gap = f.time - this.#lastRunning;
    if (gap >= (this.config.restartGapMs ?? 10 * 60_000)) this.#cold = true;
    this.#lastRunning = f.time;
    if (this.#cold) {
      this.#cold = false;
      this.#warmUntil = f.time + Math.min(this.config.warmUpMs ?? 30 * 60_000, gap);
      // The feature window must not bridge the stop: start the detector afresh after the warm-up.
      this.#detector.reset();
    }
    this.#addTrend(f.time, row[0] as number);
    this.#recentVib.push(row[0] as number);
    if (this.#recentVib.length > (this.config.window ?? 10)) this.#recentVib.shift();
    // Vibration velocity has no thermal lag: it is scored on every running sample. The joint model
    // (vibration + temperature rate) only after the warm-up hold, when the temperature rate means wear.
    const vib = this.#vibDetector.update([row[0] as number]);
    const joint = f.time < this.#warmUntil ? undefined : this.#detector.update(row);
    const v = joint !== undefined && (joint.label === 1 || vib.label === 0) ? joint : vib;
    this.#lastFrom = v === joint ? 'joint' : 'vibration';
    let onset = false;
    if (v.label === 1) {
      this.#quiet = 0;
      if (!this.#inEpisode) {
        this.#inEpisode = true;
        onset = true;
      }
    } else if (this.#inEpisode && ++this.#quiet >= (this.config.clearAfter ?? 60)) {
      this.#inEpisode = false;
    }
    this.#last = { time: f.time, score: v.score, label: v.label, onset };
    return this.#last;
  }

  explain(): ColumnContribution[] {
    return this.#lastFrom === 'joint' ? this.#detector.explain() : this.#vibDetector.explain();
  }

  /** Mean vibration of the last feature window of running samples (mm/s); undefined before any. */
  get recentVibrationMmS(): number | undefined {
    const v = this.#recentVib;
    return v.length === 0 ? undefined : v.reduce((a, b) => a + b, 0) / v.length;
  }

  /** Which detector gave the last verdict: the joint model, or vibration alone (during a warm-up hold). */
  get lastDetector(): 'joint' | 'vibration' {
    return this.#lastFrom;
  }

  #addTrend(time: number, value: number): void {
    const start = Math.floor(time / TREND_BUCKET_MS) * TREND_BUCKET_MS;
    const b = this.#bucket;
    if (b !== undefined && b.start === start) {
      b.sum += value;
      b.count++;
      return;
    }
    if (b !== undefined) this.#trend.push({ time: b.start + TREND_BUCKET_MS / 2, value: b.sum / b.count });
    this.#bucket = { start, sum: value, count: 1 };
    const keepFrom = time - (this.config.trendWindowMs ?? 8 * 3_600_000);
    while ((this.#trend[0]?.time ?? Infinity) < keepFrom) this.#trend.shift();
  }

  /** The remaining-life estimate from the vibration trend now (2-min means of the running samples). */
  rul(now: number): RulEstimate | undefined {
    return estimateRul(this.#trend, { failureLevel: this.config.failureLevelMmS, now });
  }

  /** Starts a fresh trend (after maintenance or a new day's replay renewed the machine). */
  resetTrend(): void {
    this.#trend.length = 0;
    this.#bucket = undefined;
  }
}
