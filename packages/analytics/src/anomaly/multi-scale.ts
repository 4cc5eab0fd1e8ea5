import { AetherError, describeValue } from '@aethercore/core';
import type { ColumnContribution } from './contributions.ts';
import { fitAnomalyModel, type FitOptions } from './fit.ts';
import { parseAnomalyModel, type AnomalyModel } from './model.ts';
import {
  createStreamingDetector,
  type AnomalyVerdict,
  type StreamingDetector,
} from './streaming-detector.ts';

/**
 * A multi-scale detector: the same method on rolling features of several window lengths, one fitted
 * model per window, their calibrated scores averaged. A short window reacts sooner, a long one
 * averages more noise away and sees slow shifts; the mean keeps both (an ensemble of detectors in the
 * sense of Aggarwal & Sathe 2017, "Outlier Ensembles", §1.4: averaging normalised scores of varied
 * base detectors). Each member keeps its own calibration (1.0 = its own training level), so the mean
 * is in the same unit and one threshold applies. The JSON is self-contained, like a single model.
 */
export const ANOMALY_MULTI_SCALE_FORMAT = 'aethercore.anomaly-multi-scale/1';

export interface MultiScaleAnomalyModel {
  readonly format: typeof ANOMALY_MULTI_SCALE_FORMAT;
  readonly columns: readonly string[];
  /** One model per window, each alarm rule ignored: only their smoothed calibrated scores are used. */
  readonly members: readonly AnomalyModel[];
  /** The alarm on the mean score: threshold (1.0 = calibration level) and k-of-n persistence. */
  readonly alarm: { readonly threshold: number; readonly k: number; readonly n: number };
}

/** Fit one model per window (same options otherwise) on the same anomaly-free rows. */
export function fitMultiScaleModel(
  columns: readonly string[],
  rows: readonly (readonly number[])[],
  options: FitOptions,
  windows: readonly number[],
): MultiScaleAnomalyModel {
  const distinct = [...new Set(windows)];
  if (distinct.length < 2 || distinct.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new AetherError({
      code: 'anomaly.option-invalid',
      message: `A multi-scale model needs at least two different integer windows ≥ 1, got [${windows.join(', ')}].`,
      hint: 'e.g. windows 20 and 40',
    });
  }
  const members = distinct.map((window) =>
    fitAnomalyModel(columns, rows, { ...options, features: { ...options.features, window } }),
  );
  return {
    format: ANOMALY_MULTI_SCALE_FORMAT,
    columns: [...columns],
    members,
    alarm: { threshold: options.threshold, k: options.k, n: options.n },
  };
}

/**
 * The online form: every member sees every row; the verdict is the mean of the members' scores, the
 * label k-of-n over that mean. Ready once the longest window is full. Memory: the members' windows.
 */
export function createMultiScaleDetector(model: MultiScaleAnomalyModel): StreamingDetector {
  const members = model.members.map(createStreamingDetector);
  let alarms: number[] = [];
  return {
    update(row): AnomalyVerdict {
      // Members validate the row (width, finite values) and throw coded errors naming row and column.
      const verdicts = members.map((m) => m.update(row));
      const score = verdicts.reduce((s, v) => s + v.score, 0) / Math.max(1, verdicts.length);
      const ready = verdicts.every((v) => v.ready);
      alarms.push(ready && score > model.alarm.threshold ? 1 : 0);
      if (alarms.length > model.alarm.n) alarms.shift();
      const hits = alarms.reduce((s, a) => s + a, 0);
      return { score, label: hits >= model.alarm.k ? 1 : 0, ready };
    },
    explain(): ColumnContribution[] {
      const share = new Map<string, number>(model.columns.map((c) => [c, 0]));
      for (const m of members)
        for (const c of m.explain())
          share.set(c.column, (share.get(c.column) ?? 0) + c.share / members.length);
      return [...share].map(([column, s]) => ({ column, share: s })).sort((a, b) => b.share - a.share);
    },
    reset() {
      for (const m of members) m.reset();
      alarms = [];
    },
  };
}

const bad = (message: string, path: string): AetherError =>
  new AetherError({
    code: 'anomaly.model-invalid',
    message,
    path,
    hint: 'Fit a model with `aethercore anomaly fit --window 20,40 …` and pass that file.',
  });

/** Validate parsed JSON as a multi-scale model; each member is checked by `parseAnomalyModel`. */
export function parseMultiScaleModel(value: unknown): MultiScaleAnomalyModel {
  if (typeof value !== 'object' || value === null) throw bad('The model is not a JSON object.', '$');
  const m = value as Record<string, unknown>;
  if (m['format'] !== ANOMALY_MULTI_SCALE_FORMAT)
    throw bad(
      `Unknown model format ${describeValue(m['format'])}; expected ${ANOMALY_MULTI_SCALE_FORMAT}.`,
      'format',
    );
  const columns = m['columns'];
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string'))
    throw bad('columns must be a non-empty list of names.', 'columns');
  const members = m['members'];
  if (!Array.isArray(members) || members.length < 2)
    throw bad('members must list at least two models.', 'members');
  members.forEach((member: unknown, i) => {
    try {
      parseAnomalyModel(member);
    } catch (e) {
      if (e instanceof AetherError) throw bad(`members[${i}]: ${e.message}`, `members[${i}].${e.path ?? ''}`);
      throw e;
    }
    const mc = (member as { columns: readonly string[] }).columns;
    if (mc.length !== columns.length || mc.some((c, j) => c !== columns[j]))
      throw bad(`members[${i}] has other columns than the model.`, `members[${i}].columns`);
  });
  const a = m['alarm'] as Record<string, unknown> | undefined;
  if (
    typeof a !== 'object' ||
    a === null ||
    typeof a['threshold'] !== 'number' ||
    !Number.isFinite(a['threshold']) ||
    typeof a['k'] !== 'number' ||
    typeof a['n'] !== 'number' ||
    !(Number.isInteger(a['k']) && Number.isInteger(a['n']) && a['k'] >= 1 && a['k'] <= a['n'])
  )
    throw bad('alarm must be { threshold, 1 ≤ k ≤ n }.', 'alarm');
  return value as MultiScaleAnomalyModel;
}
