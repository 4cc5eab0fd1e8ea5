// Whole-choice cross-validation on constructed score runs: the selection sees only training folds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoredRun } from './skab.ts';
import { crossValidateSelection, summariseDelays, type CandidateRun } from './selection.ts';

/** A file with a 10-sample normal stretch, then a 10-sample anomaly. */
const TRUTH = [...new Array<number>(10).fill(0), ...new Array<number>(10).fill(1)];

function run(name: string, scoresPerFile: Record<string, number[]>): CandidateRun {
  const files = Object.entries(scoresPerFile).map(([file, scores]) => ({
    name: file,
    group: file.split('/')[0] as string,
    truth: TRUTH,
    scores,
  }));
  const r: ScoredRun = { files, fitMs: 0, scoreMs: 0, testRows: files.length * TRUTH.length };
  return { name, run: r, k: 1, n: 1 };
}

/** Scores that flag the anomaly after `delay` samples, plus `falseAlarms` normal samples. */
const scores = (delay: number, falseAlarms = 0): number[] =>
  TRUTH.map((t, i) => (t === 1 ? (i - 10 >= delay ? 3 : 0.5) : i < falseAlarms ? 3 : 0.5));

describe('whole-choice cross-validation (bench skab)', () => {
  const perfect = scores(0);
  const late = scores(5);
  const noisy = scores(0, 4); // finds everything but 40% of the normal samples alarm

  it('picks, per held-out group, the pair that is best on the other groups', () => {
    const good = run('good', { 'a/1': perfect, 'a/2': perfect, 'b/1': perfect, 'b/2': perfect, 'c/1': late });
    const bad = run('bad', { 'a/1': late, 'a/2': late, 'b/1': late, 'b/2': late, 'c/1': perfect });
    const sel = crossValidateSelection([bad, good], [1, 2], 0.15, 'group', 'pooled');
    // On a and b "good" wins; held out c is then scored with "good" although "bad" would be better there.
    expect(sel.chosen['c']?.candidate).toBe('good');
    expect(sel.chosen['a']?.candidate).toBe('good');
    expect(sel.chosen['b']?.candidate).toBe('good');
    expect(sel.files.map((f) => f.name).sort()).toEqual(['a/1', 'a/2', 'b/1', 'b/2', 'c/1']);
    expect(sel.confusion.fn).toBe(5); // c/1 with "good": 5 samples late
    expect(sel.delays.sort()).toEqual([0, 0, 0, 0, 5]);
  });

  it('respects the FAR cap on the training folds before maximising F1', () => {
    const loud = run('loud', { 'a/1': noisy, 'b/1': noisy, 'c/1': noisy });
    const quiet = run('quiet', { 'a/1': late, 'b/1': late, 'c/1': late });
    const sel = crossValidateSelection([loud, quiet], [1], 0.15, 'group', 'pooled');
    expect(Object.values(sel.chosen).every((c) => c.candidate === 'quiet')).toBe(true);
    expect(sel.metrics.far).toBe(0);
  });

  it('worst-group prefers a pair that works on every group over a better pooled average', () => {
    // "uneven" is perfect on the big group a and poor on b; "even" is good on both.
    const a = (s: number[]) => ({ 'a/1': s, 'a/2': s, 'a/3': s, 'a/4': s });
    const uneven = run('uneven', { ...a(perfect), 'b/1': scores(9), 'c/1': perfect });
    const even = run('even', { ...a(scores(2)), 'b/1': scores(2), 'c/1': perfect });
    expect(crossValidateSelection([uneven, even], [1], 0.15, 'group', 'pooled').chosen['c']?.candidate).toBe(
      'uneven',
    );
    expect(
      crossValidateSelection([uneven, even], [1], 0.15, 'group', 'worst-group').chosen['c']?.candidate,
    ).toBe('even');
  });

  it('leave one file out has one fold per file', () => {
    const r = run('only', { 'a/1': perfect, 'a/2': late, 'b/1': perfect });
    const sel = crossValidateSelection([r], [1, 2], 0.15, 'file');
    expect(Object.keys(sel.chosen).sort()).toEqual(['a/1', 'a/2', 'b/1']);
    expect(summariseDelays(sel.delays)).toEqual({ events: 3, detected: 3, medianDelay: 0 });
    expect(summariseDelays([null, 4, 2, null])).toEqual({ events: 4, detected: 2, medianDelay: 3 });
  });

  it('property: no peeking: the choice for a fold does not change when its own labels change', () => {
    const names = ['a/1', 'a/2', 'b/1', 'c/1', 'c/2'];
    const series = fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 20, maxLength: 20 });
    const bits = fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 20, maxLength: 20 });
    const file = fc.record({ truth: bits, s1: series, s2: series });
    fc.assert(
      fc.property(
        fc.array(file, { minLength: 5, maxLength: 5 }),
        bits,
        fc.constantFrom<'group' | 'file'>('group', 'file'),
        fc.constantFrom<'pooled' | 'worst-group'>('pooled', 'worst-group'),
        (data, flipped, folds, criterion) => {
          const make = (truthOf: (i: number) => number[]): CandidateRun[] =>
            (['s1', 's2'] as const).map((key) => ({
              name: key,
              k: 1,
              n: 1,
              run: {
                fitMs: 0,
                scoreMs: 0,
                testRows: 100,
                files: names.map((name, i) => ({
                  name,
                  group: name.split('/')[0] as string,
                  truth: truthOf(i),
                  scores: data[i]![key],
                })),
              },
            }));
          const base = crossValidateSelection(
            make((i) => data[i]!.truth),
            [1, 2, 3],
            0.15,
            folds,
            criterion,
          );
          // Replace the labels of the first fold's files (a/1 and a/2, or a/1 alone) by arbitrary ones.
          const held = folds === 'group' ? (n: string) => n.startsWith('a/') : (n: string) => n === 'a/1';
          const changed = crossValidateSelection(
            make((i) => (held(names[i]!) ? flipped : data[i]!.truth)),
            [1, 2, 3],
            0.15,
            folds,
            criterion,
          );
          const fold = folds === 'group' ? 'a' : 'a/1';
          expect(changed.chosen[fold]).toEqual(base.chosen[fold]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
