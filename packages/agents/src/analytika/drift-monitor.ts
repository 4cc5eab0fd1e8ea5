import {
  estimateBaseline,
  findDrift,
  nelsonRules,
  type CandidateSignal,
  type DriftReport,
  type NelsonFinding,
  type ProcessBaseline,
} from '@aethercore/analytics';
import { AetherError } from '@aethercore/core';
import type { Frame } from './frame-sampler.ts';

/**
 * SPC on a part-by-part quality characteristic (ST04's press depth) with the drift finder of
 * `@aethercore/analytics`: phase I (μ₀, σ = MR̄/d₂) from the healthy reference recording, phase II
 * on the live parts (Montgomery §6.4), a CUSUM with k = 0.5σ and h = 10σ (the finder's defaults and
 * their reasons), the Nelson rules quoted as supporting evidence, and attribution to the station
 * temperature that best leads the characteristic. A part is a change of the station's part counter;
 * its characteristic and every station's temperature are taken from the same frame.
 */
export interface DriftMonitorConfig {
  readonly station: string;
  /** The characteristic's series (`ST04/dimensionMm`) and name for messages. */
  readonly characteristic: string;
  readonly name: string;
  readonly nominal: number;
  readonly tolerance: number;
  /** Stations whose `temperatureC` are candidate causes. */
  readonly candidates: readonly string[];
  /** Live parts kept for the chart (default 600). */
  readonly windowParts?: number;
  /** Parts without a signal after which a drift episode is over (default 100). */
  readonly rearmParts?: number;
}

export interface DriftAlarm {
  readonly time: number;
  readonly report: DriftReport;
  /** Source time of the part at which the CUSUM estimates the drift began. */
  readonly onsetTime: number | undefined;
  /** Nelson-rule stretches among the last 30 parts (rule quoted). */
  readonly nelson: readonly NelsonFinding[];
  readonly lastValue: number;
  /**
   * Each candidate temperature's change across the estimated drift onset (K, and in reference
   * standard deviations), largest |z| first. It complements the correlation ranking, which needs many
   * parts to separate cause from chance.
   */
  readonly shifts: readonly TemperatureShift[];
}

export interface TemperatureShift {
  readonly station: string;
  readonly deltaK: number;
  readonly z: number;
}

interface Part {
  readonly time: number;
  readonly value: number;
  readonly temps: readonly number[];
}

export class DriftMonitor {
  readonly config: DriftMonitorConfig;
  readonly baseline: ProcessBaseline;
  readonly #reference: readonly Part[];
  /** Per candidate: reference mean and standard deviation of its temperature (per part). */
  readonly #tempRef: readonly { readonly mean: number; readonly sd: number }[];
  #window: Part[] = [];
  #lastCount: number | undefined;
  #inEpisode = false;
  #sinceSignal = 0;

  constructor(config: DriftMonitorConfig, referenceFrames: readonly Frame[]) {
    this.config = config;
    const parts: Part[] = [];
    let last: number | undefined;
    for (const f of referenceFrames) {
      const p = this.#partOf(f, last);
      last = f.values.get(this.#countSeries) ?? last;
      if (p !== undefined) parts.push(p);
    }
    if (parts.length < 50) {
      throw new AetherError({
        code: 'analytika.reference-invalid',
        message: `the reference recording has ${parts.length} parts of ${config.station}; SPC phase I needs at least 50`,
        hint: 'record a longer healthy stretch',
        path: config.characteristic,
      });
    }
    this.#reference = parts;
    this.#tempRef = config.candidates.map((_, j) => {
      const v = parts.map((p) => p.temps[j] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
      // Floor: a perfectly steady reference must not turn sensor noise into huge z values.
      return { mean, sd: Math.max(sd, 0.05) };
    });
    this.baseline = estimateBaseline(parts.map((p) => p.value));
  }

  get #countSeries(): string {
    return `${this.config.station}/partsProduced`;
  }

  get inEpisode(): boolean {
    return this.#inEpisode;
  }

  /** The part completed since the previous frame, if the counter moved forward. */
  #partOf(f: Frame, lastCount: number | undefined): Part | undefined {
    const count = f.values.get(this.#countSeries);
    const value = f.values.get(this.config.characteristic);
    if (count === undefined || value === undefined || lastCount === undefined || !(count > lastCount))
      return undefined;
    const temps: number[] = [];
    for (const s of this.config.candidates) {
      const t = f.values.get(`${s}/temperatureC`);
      if (t === undefined) return undefined;
      temps.push(t);
    }
    return { time: f.time, value, temps };
  }

  /** Feeds one frame; returns the alarm when this frame's part opened a drift episode. */
  update(f: Frame): DriftAlarm | undefined {
    const part = this.#partOf(f, this.#lastCount);
    const count = f.values.get(this.#countSeries);
    // A counter that goes back is a new day's replay (or a PLC reset): not a part, and a new start.
    if (count !== undefined) this.#lastCount = count;
    if (part === undefined) return undefined;
    this.#window.push(part);
    const max = this.config.windowParts ?? 600;
    if (this.#window.length > max) this.#window.splice(0, this.#window.length - max);
    // Detection alone is cheap; the attribution (every candidate × 11 lags) runs only on a signal.
    const detection = this.#report(false);
    if (detection.detectedAt === undefined) {
      if (this.#inEpisode && ++this.#sinceSignal >= (this.config.rearmParts ?? 100)) this.#inEpisode = false;
      return undefined;
    }
    // Signalled: a fresh CUSUM starts after this part, whether or not the episode is new.
    const report = this.#inEpisode ? detection : this.#report(true);
    const window = this.#window;
    this.#window = [];
    this.#sinceSignal = 0;
    if (this.#inEpisode) return undefined;
    this.#inEpisode = true;
    const ref = this.#reference.length;
    const onsetIndex = report.estimatedOnset === undefined ? undefined : report.estimatedOnset - ref;
    const recent = window.slice(-30).map((p) => p.value);
    return {
      time: part.time,
      report,
      onsetTime: onsetIndex === undefined ? undefined : window[Math.max(0, onsetIndex)]?.time,
      nelson: nelsonRules(recent, this.baseline),
      lastValue: part.value,
      shifts: this.#shifts(window, onsetIndex),
    };
  }

  /**
   * Which temperature changed when the characteristic did: the mean from the estimated onset on minus
   * the mean of up to 50 parts before it, in reference standard deviations. A temperature that was
   * already drifting for another reason (a wearing drive next door) changes little across the onset.
   * Without 10 parts before the onset (the stream started mid-drift) the healthy reference is the "before".
   */
  #shifts(window: readonly Part[], onsetIndex: number | undefined): TemperatureShift[] {
    const onset = Math.max(0, Math.min(window.length - 1, onsetIndex ?? window.length - 20));
    const before = window.slice(Math.max(0, onset - 50), onset);
    const after = window.slice(onset);
    const mean = (ps: readonly Part[], j: number): number =>
      ps.reduce((a, p) => a + (p.temps[j] as number), 0) / Math.max(1, ps.length);
    return this.config.candidates
      .map((station, j) => {
        const ref = this.#tempRef[j] as { mean: number; sd: number };
        const base = before.length >= 10 ? mean(before, j) : ref.mean;
        const deltaK = mean(after, j) - base;
        return { station, deltaK, z: deltaK / ref.sd };
      })
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  }

  /** The drift finder on reference (phase I) + the live window (phase II). */
  #report(attribute: boolean): DriftReport {
    const all = [...this.#reference, ...this.#window];
    const { nominal, tolerance } = this.config;
    const candidates: CandidateSignal[] = !attribute
      ? []
      : this.config.candidates.map((station, j) => ({
          station,
          signal: 'temperatureC',
          values: all.map((p) => p.temps[j] as number),
        }));
    return findDrift(
      {
        name: this.config.name,
        nominal,
        lowerSpec: nominal - tolerance,
        upperSpec: nominal + tolerance,
        values: all.map((p) => p.value),
      },
      attribute ? candidates : [],
      { baselineParts: this.#reference.length },
    );
  }
}
