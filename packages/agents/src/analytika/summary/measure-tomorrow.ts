import type { Plant } from '@aethercore/core';
import type { Twin } from '@aethercore/twin';
import { dayKpis } from './day-kpis.ts';
import type { BilingualText } from '../../finding.ts';
import type { Candidate, CandidateKind, TimedCommand } from './tomorrow-candidates.ts';

/**
 * Measures candidate changes for tomorrow in forks of the twin ("simulate before actuate"): every
 * fork starts from the twin's state at the report time (same plant, seed and past, not clairvoyant
 * about disruptions still to come), one runs as the line would, one per candidate with its commands,
 * all over the same horizon (default 24 h: every shift once and the next due dates). The forks share
 * the seed and each station's random stream, so the differences are the change's effect and not a
 * different draw of breakdowns (common random numbers).
 */
export interface TomorrowFigures {
  readonly goodParts: number;
  readonly energyKWh: number;
  readonly energyPerGoodPartKWh: number;
  readonly lateOrders: number;
  readonly tardinessMin: number;
  readonly downtimeMin: number;
}

export interface MeasuredCandidate {
  readonly id: string;
  readonly kind: CandidateKind;
  readonly text: BilingualText;
  readonly commands: readonly TimedCommand[];
  readonly figures: TomorrowFigures;
  /** figures − reference. */
  readonly deltas: TomorrowFigures;
  /** Commands the twin refused (unknown station or order, closed order). */
  readonly refused: number;
}

export interface RankedProposal extends MeasuredCandidate {
  readonly rank: number;
  /** Energy saving per good part vs the reference (fraction; positive = saves). */
  readonly energySaving: number;
  /** Late orders and tardiness avoided (positive = more reliable). */
  readonly lateOrdersAvoided: number;
  readonly tardinessAvoidedMin: number;
  /** The figures it was compared with (the fork without it; for a second proposal, with the first made). */
  readonly baseline: TomorrowFigures;
  /** Id of the change it was measured on top of (second proposals). */
  readonly after?: string;
}

export interface TomorrowPlan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly reference: TomorrowFigures;
  readonly measured: readonly MeasuredCandidate[];
  /** The qualifying candidates in rank order; the first is the first proposal. */
  readonly ranked: readonly RankedProposal[];
  /** Round two: every other candidate measured on top of the first proposal; its best is the second proposal. */
  readonly second?: {
    readonly after: string;
    readonly reference: TomorrowFigures;
    readonly measured: readonly MeasuredCandidate[];
    readonly ranked: readonly RankedProposal[];
  };
}

function figures(twin: Twin, plant: Plant, fromMs: number, toMs: number): TomorrowFigures {
  const k = dayKpis(twin.events(), plant, { fromMs, toMs });
  return {
    goodParts: k.goodParts,
    energyKWh: k.energyKWh,
    energyPerGoodPartKWh: k.energyPerGoodPartKWh,
    lateOrders: k.lateOrders,
    tardinessMin: k.tardinessMin,
    downtimeMin: k.downtimeMin,
  };
}

/** Runs a fork of `twin` for `horizonMs` with the timed commands applied; returns its figures and refusals. */
export function measureFork(
  twin: Twin,
  commands: readonly TimedCommand[],
  horizonMs: number,
): { figures: TomorrowFigures; refused: number } {
  const fork = twin.fork();
  const from = fork.now();
  let refused = 0;
  for (const c of [...commands].sort((a, b) => a.afterMs - b.afterMs)) {
    if (c.afterMs > 0) fork.advanceTo(from + c.afterMs);
    if (!fork.apply(c.command)) refused++;
  }
  fork.advanceTo(from + horizonMs);
  return { figures: figures(fork, twin.plant, from, from + horizonMs), refused };
}

const minus = (a: TomorrowFigures, b: TomorrowFigures): TomorrowFigures => ({
  goodParts: a.goodParts - b.goodParts,
  energyKWh: a.energyKWh - b.energyKWh,
  energyPerGoodPartKWh: a.energyPerGoodPartKWh - b.energyPerGoodPartKWh,
  lateOrders: a.lateOrders - b.lateOrders,
  tardinessMin: a.tardinessMin - b.tardinessMin,
  downtimeMin: a.downtimeMin - b.downtimeMin,
});

export function measureCandidate(
  twin: Twin,
  candidate: Candidate,
  reference: TomorrowFigures,
  horizonMs: number,
): MeasuredCandidate {
  const r = measureFork(twin, candidate.commands, horizonMs);
  return {
    id: candidate.id,
    kind: candidate.kind,
    text: candidate.text,
    commands: candidate.commands,
    figures: r.figures,
    deltas: minus(r.figures, reference),
    refused: r.refused,
  };
}

export interface RankOptions {
  /** Output may fall by at most this fraction (default 0.01): a saving bought with lost output is no saving. */
  readonly maxOutputLoss?: number;
  /** A change must save at least this much energy per good part (fraction, default 0.002) or avoid tardiness to count. */
  readonly minEnergySaving?: number;
}

/**
 * Ranks measured candidates by energy saving and delivery reliability. A candidate qualifies when the
 * twin applied it, it does not make delivery worse (no more late orders, no more tardiness), costs at
 * most `maxOutputLoss` of output, and gains something measurable on either axis. Qualifying candidates
 * are ranked on each axis (energy saved per good part; late orders then tardiness avoided) and ordered
 * by the sum of the two ranks (a Borda count), ties by energy saving, then by id (deterministic).
 */
export function rankCandidates(
  reference: TomorrowFigures,
  measured: readonly MeasuredCandidate[],
  o: RankOptions = {},
): RankedProposal[] {
  const maxLoss = o.maxOutputLoss ?? 0.01;
  const minSaving = o.minEnergySaving ?? 0.002;
  const q = measured
    .filter((m) => m.refused === 0)
    .map((m) => ({
      m,
      energySaving:
        reference.energyPerGoodPartKWh > 0
          ? -m.deltas.energyPerGoodPartKWh / reference.energyPerGoodPartKWh
          : 0,
      lateOrdersAvoided: -m.deltas.lateOrders,
      tardinessAvoidedMin: -m.deltas.tardinessMin,
    }))
    .filter((c) => c.lateOrdersAvoided >= 0 && c.tardinessAvoidedMin >= -1e-6)
    .filter((c) => m0(reference.goodParts) || c.m.deltas.goodParts >= -maxLoss * reference.goodParts)
    .filter((c) => c.energySaving >= minSaving || c.lateOrdersAvoided > 0 || c.tardinessAvoidedMin > 1);
  const rankBy = (cmp: (a: (typeof q)[number], b: (typeof q)[number]) => number): Map<string, number> =>
    new Map([...q].sort(cmp).map((c, i) => [c.m.id, i]));
  const byEnergy = rankBy((a, b) => b.energySaving - a.energySaving || a.m.id.localeCompare(b.m.id));
  const byDelivery = rankBy(
    (a, b) =>
      b.lateOrdersAvoided - a.lateOrdersAvoided ||
      b.tardinessAvoidedMin - a.tardinessAvoidedMin ||
      a.m.id.localeCompare(b.m.id),
  );
  const score = (id: string): number => (byEnergy.get(id) ?? 0) + (byDelivery.get(id) ?? 0);
  return q
    .sort(
      (a, b) =>
        score(a.m.id) - score(b.m.id) || b.energySaving - a.energySaving || a.m.id.localeCompare(b.m.id),
    )
    .map((c, i) => ({
      ...c.m,
      rank: i + 1,
      baseline: reference,
      energySaving: c.energySaving,
      lateOrdersAvoided: c.lateOrdersAvoided,
      tardinessAvoidedMin: c.tardinessAvoidedMin,
    }));
}

const m0 = (x: number): boolean => x <= 0;

/**
 * Measures the reference and every candidate (forks of `twin` at its current time) and ranks them.
 * Then, as the magazine's agent does ("combine the maintenance with an energy-saving process update"),
 * the two best-ranked changes of different kinds are measured together as one more candidate: effects
 * of changes to one line do not add up, so the combination is measured, never summed.
 */
export interface PlanTomorrowOptions {
  /** What-if horizon from the twin's current time (ms; default 24 h). */
  readonly horizonMs?: number;
  readonly rank?: RankOptions;
  /** Called after each fork with done/total (total is an upper bound until the end), for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

const commandKey = (c: TimedCommand): string => `${c.afterMs}:${JSON.stringify(c.command)}`;

/**
 * The what-ifs for tomorrow, one fork per step (a generator, so a server can yield to its event loop
 * between forks; `planTomorrow` runs it to the end). Greedy in two rounds, each ranked by energy
 * saving and delivery reliability (`rankCandidates`): round one measures every candidate against the
 * line as it runs; the best is the first proposal. Round two measures every other candidate on top of
 * the first (effects on one line do not add up, so they are measured together, never summed); the
 * best is the second proposal, with its deltas against "first proposal made".
 */
export function* planTomorrowSteps(
  twin: Twin,
  candidates: readonly Candidate[],
  o: PlanTomorrowOptions = {},
): Generator<number, TomorrowPlan> {
  const horizonMs = o.horizonMs ?? 24 * 3_600_000;
  let total = 2 + 2 * candidates.length;
  let done = 0;
  const tick = (): number => {
    o.onProgress?.(++done, total);
    return done;
  };
  const fromMs = twin.now();
  const reference = measureFork(twin, [], horizonMs).figures;
  yield tick();
  const measured: MeasuredCandidate[] = [];
  for (const c of candidates) {
    measured.push(measureCandidate(twin, c, reference, horizonMs));
    yield tick();
  }
  const ranked = rankCandidates(reference, measured, o.rank);
  const first = ranked[0];
  const plan: TomorrowPlan = { fromMs, toMs: fromMs + horizonMs, reference, measured, ranked };
  if (first === undefined) {
    total = done;
    o.onProgress?.(done, total);
    return plan;
  }
  const inFirst = new Set(first.commands.map(commandKey));
  const rest = candidates.filter((c) => !c.commands.every((x) => inFirst.has(commandKey(x))));
  total = done + 1 + rest.length;
  const ref2 = measureFork(twin, first.commands, horizonMs).figures;
  yield tick();
  const measured2: MeasuredCandidate[] = [];
  for (const c of rest) {
    const m = measureCandidate(twin, { ...c, commands: [...first.commands, ...c.commands] }, ref2, horizonMs);
    measured2.push({ ...m, commands: c.commands });
    yield tick();
  }
  const ranked2 = rankCandidates(ref2, measured2, o.rank).map((r) => ({ ...r, after: first.id }));
  return { ...plan, second: { after: first.id, reference: ref2, measured: measured2, ranked: ranked2 } };
}

/** Runs `planTomorrowSteps` to the end (synchronously). */
export function planTomorrow(
  twin: Twin,
  candidates: readonly Candidate[],
  o: PlanTomorrowOptions = {},
): TomorrowPlan {
  const steps = planTomorrowSteps(twin, candidates, o);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** The best-ranked change combined with the best-ranked one of another kind; undefined when there is none. */
export function combination(ranked: readonly RankedProposal[]): Candidate | undefined {
  const first = ranked[0];
  const second = ranked.find((r) => r.kind !== first?.kind);
  if (first === undefined || second === undefined) return undefined;
  return {
    id: `${first.id}+${second.id}`,
    kind: first.kind,
    commands: [...first.commands, ...second.commands],
    text: { de: `${first.text.de} + ${second.text.de}`, en: `${first.text.en} + ${second.text.en}` },
  };
}
