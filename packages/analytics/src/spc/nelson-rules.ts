import type { ProcessBaseline } from './control-charts.ts';

/**
 * The eight Nelson rules (Lloyd S. Nelson, "The Shewhart Control Chart — Tests for Special Causes",
 * Journal of Quality Technology 16(4), 1984). Rules 1, 2 (with eight points), 5 and 6 are the Western
 * Electric rules (Western Electric Statistical Quality Control Handbook, 1956); Nelson uses nine points
 * for rule 2. Zones are measured in σ from the centre line.
 */
export type NelsonRule = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface LocalizedText {
  readonly de: string;
  readonly en: string;
}

export interface NelsonFinding {
  readonly rule: NelsonRule;
  /** First and last index (inclusive) of the points that satisfy the rule (merged when overlapping). */
  readonly from: number;
  readonly to: number;
  readonly message: LocalizedText;
}

/** The rule texts, quoted in every finding. */
export const NELSON_RULE_TEXT: Readonly<Record<NelsonRule, LocalizedText>> = {
  1: {
    en: 'Nelson rule 1: one point more than 3σ from the centre line',
    de: 'Nelson-Regel 1: ein Punkt mehr als 3σ von der Mittellinie entfernt',
  },
  2: {
    en: 'Nelson rule 2: nine points in a row on the same side of the centre line',
    de: 'Nelson-Regel 2: neun Punkte in Folge auf derselben Seite der Mittellinie',
  },
  3: {
    en: 'Nelson rule 3: six points in a row steadily increasing or decreasing',
    de: 'Nelson-Regel 3: sechs Punkte in Folge stetig steigend oder fallend',
  },
  4: {
    en: 'Nelson rule 4: fourteen points in a row alternating up and down',
    de: 'Nelson-Regel 4: vierzehn Punkte in Folge abwechselnd steigend und fallend',
  },
  5: {
    en: 'Nelson rule 5: two out of three points in a row more than 2σ from the centre line (same side)',
    de: 'Nelson-Regel 5: zwei von drei Punkten in Folge mehr als 2σ von der Mittellinie entfernt (gleiche Seite)',
  },
  6: {
    en: 'Nelson rule 6: four out of five points in a row more than 1σ from the centre line (same side)',
    de: 'Nelson-Regel 6: vier von fünf Punkten in Folge mehr als 1σ von der Mittellinie entfernt (gleiche Seite)',
  },
  7: {
    en: 'Nelson rule 7: fifteen points in a row within 1σ of the centre line (either side)',
    de: 'Nelson-Regel 7: fünfzehn Punkte in Folge innerhalb von 1σ um die Mittellinie (beide Seiten)',
  },
  8: {
    en: 'Nelson rule 8: eight points in a row more than 1σ from the centre line (either side)',
    de: 'Nelson-Regel 8: acht Punkte in Folge mehr als 1σ von der Mittellinie entfernt (beide Seiten)',
  },
};

export const ALL_NELSON_RULES: readonly NelsonRule[] = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * For each rule: the window length and a predicate on the window's z-scores (oldest first) and raw
 * values. A window that satisfies the predicate marks its points; overlapping marks merge.
 */
const RULES: Record<
  NelsonRule,
  { length: number; test: (z: readonly number[], x: readonly number[]) => boolean }
> = {
  1: { length: 1, test: (z) => Math.abs(z[0] as number) > 3 },
  2: { length: 9, test: (z) => z.every((v) => v > 0) || z.every((v) => v < 0) },
  3: {
    length: 6,
    test: (_z, x) => {
      let up = true;
      let down = true;
      for (let i = 1; i < x.length; i++) {
        if (!((x[i] as number) > (x[i - 1] as number))) up = false;
        if (!((x[i] as number) < (x[i - 1] as number))) down = false;
      }
      return up || down;
    },
  },
  4: {
    length: 14,
    test: (_z, x) => {
      for (let i = 2; i < x.length; i++) {
        const a = (x[i - 1] as number) - (x[i - 2] as number);
        const b = (x[i] as number) - (x[i - 1] as number);
        if (!(a * b < 0)) return false;
      }
      return true;
    },
  },
  5: { length: 3, test: (z) => z.filter((v) => v > 2).length >= 2 || z.filter((v) => v < -2).length >= 2 },
  6: { length: 5, test: (z) => z.filter((v) => v > 1).length >= 4 || z.filter((v) => v < -1).length >= 4 },
  7: { length: 15, test: (z) => z.every((v) => Math.abs(v) < 1) },
  8: {
    length: 8,
    test: (z) => z.every((v) => Math.abs(v) > 1) && z.some((v) => v > 1) && z.some((v) => v < -1),
  },
};

/**
 * Apply the Nelson rules to a series against a baseline (centre line and σ). Returns one finding per
 * maximal stretch of points that satisfy a rule, each quoting the rule in German and English.
 *
 * @example
 * nelsonRules([0, 0.1, …], { mean: 0, sigma: 1 }).map((f) => f.message.en)
 */
export function nelsonRules(
  values: readonly number[],
  baseline: ProcessBaseline,
  rules: readonly NelsonRule[] = ALL_NELSON_RULES,
): NelsonFinding[] {
  const findings: NelsonFinding[] = [];
  for (const rule of rules) {
    const length = RULES[rule].length;
    let open: { from: number; to: number } | undefined;
    for (const end of nelsonRuleSignals(values, baseline, rule)) {
      const start = end - length + 1;
      if (open !== undefined && start <= open.to + 1) open.to = end;
      else {
        if (open !== undefined) findings.push({ rule, ...open, message: NELSON_RULE_TEXT[rule] });
        open = { from: start, to: end };
      }
    }
    if (open !== undefined) findings.push({ rule, ...open, message: NELSON_RULE_TEXT[rule] });
  }
  return findings.sort((a, b) => a.from - b.from || a.rule - b.rule);
}

/** The last index of every window that satisfies `rule` (one entry per window, not merged). */
export function nelsonRuleSignals(
  values: readonly number[],
  baseline: ProcessBaseline,
  rule: NelsonRule,
): number[] {
  const z = values.map((v) => (v - baseline.mean) / baseline.sigma);
  const { length, test } = RULES[rule];
  const ends: number[] = [];
  for (let end = length - 1; end < values.length; end++) {
    const start = end - length + 1;
    if (test(z.slice(start, end + 1), values.slice(start, end + 1))) ends.push(end);
  }
  return ends;
}

/** The window length of each rule (points a rule looks at). */
export const NELSON_RULE_LENGTH: Readonly<Record<NelsonRule, number>> = {
  1: 1,
  2: 9,
  3: 6,
  4: 14,
  5: 3,
  6: 5,
  7: 15,
  8: 8,
};
