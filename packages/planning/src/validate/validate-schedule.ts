/**
 * The independent schedule validator. It shares no code with any solver (only the types), so a
 * bug in a scheduler cannot hide itself: every benchmark and test passes its schedules through
 * here. Written for clarity over speed, O(n log n) per resource.
 */
import type { Interval, Operation, SchedulingProblem, TimeWindow } from '../model/problem.ts';
import type { Assignment, Schedule } from '../model/schedule.ts';
import type { ValidateOptions, ValidationResult, Violation } from './violation.ts';

const insideOne = (a: Interval, windows: readonly TimeWindow[]): boolean =>
  windows.some((w) => w.start <= a.start && a.end <= w.end);

const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

function setupBetween(
  p: SchedulingProblem,
  machine: number,
  from: Operation | undefined,
  to: Operation | undefined,
): number {
  const table = p.machines[machine]?.setupTimes;
  const f = from?.setupFamily;
  const t = to?.setupFamily;
  if (table === undefined || f === undefined || t === undefined) return 0;
  return table[f]?.[t] ?? 0;
}

/** Sort by start then end; report overlaps against the furthest-reaching earlier interval. */
function checkResourceOverlap(
  list: Assignment[],
  onOverlap: (earlier: Assignment, later: Assignment) => void,
  onPair?: (prev: Assignment, next: Assignment) => void,
): void {
  list.sort((a, b) => a.start - b.start || a.end - b.end);
  let reach: Assignment | undefined;
  for (let i = 0; i < list.length; i++) {
    const cur = list[i]!;
    if (reach !== undefined && overlaps(reach, cur)) onOverlap(reach, cur);
    else if (i > 0 && onPair !== undefined) onPair(list[i - 1]!, cur);
    if (reach === undefined || cur.end > reach.end) reach = cur;
  }
}

export function validateSchedule(
  problem: SchedulingProblem,
  schedule: Schedule,
  opts: ValidateOptions = {},
): ValidationResult {
  const v: Violation[] = [];
  const ops = new Map<string, Operation>();
  for (const o of problem.operations) ops.set(o.id, o);
  const workers = new Map((problem.workers ?? []).map((w) => [w.id, w] as const));

  // Identity: each problem operation exactly once, nothing unknown.
  const byOp = new Map<string, Assignment>();
  for (const a of schedule.assignments) {
    const o = ops.get(a.op);
    if (o === undefined) {
      v.push({ kind: 'unknown-op', op: a.op, message: `operation ${a.op} is not in the problem` });
      continue;
    }
    if (byOp.has(a.op)) {
      v.push({ kind: 'duplicate-op', op: a.op, message: `operation ${a.op} is scheduled more than once` });
      continue;
    }
    if (a.job !== o.job || a.index !== o.index) {
      v.push({
        kind: 'unknown-op',
        op: a.op,
        message: `operation ${a.op} is labelled job ${a.job} index ${a.index}, expected ${o.job}/${o.index}`,
      });
    }
    byOp.set(a.op, a);
  }
  for (const o of problem.operations) {
    if (!byOp.has(o.id))
      v.push({ kind: 'missing-op', op: o.id, message: `operation ${o.id} is not scheduled` });
  }

  // Frozen history: what the previous schedule started before `frozenBefore` stays as it was.
  const frozen = new Set<string>();
  const fb = opts.frozenBefore;
  if (fb !== undefined) {
    const prev = new Map((opts.previous?.assignments ?? []).map((a) => [a.op, a] as const));
    for (const p of prev.values()) {
      if (p.start >= fb || !ops.has(p.op)) continue;
      const a = byOp.get(p.op);
      if (a === undefined) continue; // reported as missing-op
      if (a.start !== p.start || a.machine !== p.machine || a.worker !== p.worker) {
        v.push({
          kind: 'frozen-moved',
          op: p.op,
          message: `operation ${p.op} started at ${p.start} on machine ${p.machine} before the frozen time ${fb} and was changed`,
        });
      } else frozen.add(p.op);
    }
    for (const a of byOp.values()) {
      if (a.start < fb && !frozen.has(a.op) && prev.get(a.op)?.start !== a.start) {
        v.push({
          kind: 'frozen-moved',
          op: a.op,
          message: `operation ${a.op} is placed at ${a.start}, inside the frozen past (before ${fb})`,
        });
      }
    }
  }

  const perMachine = new Map<number, Assignment[]>();
  const perWorker = new Map<string, Assignment[]>();
  for (const a of byOp.values()) {
    const o = ops.get(a.op)!;
    const job = problem.jobs[o.job];
    const history = frozen.has(a.op);
    if (![a.start, a.end].every((t) => Number.isInteger(t)) || a.start < 0) {
      v.push({
        kind: 'invalid-time',
        op: a.op,
        message: `operation ${a.op} has invalid times [${a.start}, ${a.end})`,
      });
      continue;
    }
    const alt = o.alternatives.find((x) => x.machine === a.machine);
    if (alt === undefined) {
      v.push({
        kind: 'ineligible-machine',
        op: a.op,
        machine: a.machine,
        message: `operation ${a.op} cannot run on machine ${a.machine}`,
      });
    } else if (a.end - a.start !== alt.duration) {
      v.push({
        kind: 'duration',
        op: a.op,
        machine: a.machine,
        message: `operation ${a.op} lasts ${a.end - a.start}, expected ${alt.duration} on machine ${a.machine}`,
      });
    }
    if (!history && job !== undefined && a.start < job.release) {
      v.push({
        kind: 'release',
        op: a.op,
        message: `operation ${a.op} starts at ${a.start} before its order's release ${job.release}`,
      });
    }
    for (const q of o.predecessors) {
      const pa = byOp.get(q);
      if (pa !== undefined && pa.end > a.start) {
        v.push({
          kind: 'precedence',
          op: a.op,
          other: q,
          message: `operation ${a.op} starts at ${a.start} before its predecessor ${q} ends at ${pa.end}`,
        });
      }
    }
    const m = problem.machines[a.machine];
    if (m !== undefined && !history) {
      if (m.windows !== undefined && a.end > a.start && !insideOne(a, m.windows)) {
        v.push({
          kind: 'window',
          op: a.op,
          machine: a.machine,
          message: `operation ${a.op} [${a.start}, ${a.end}) is not inside one availability window of machine ${a.machine}`,
        });
      }
      for (const d of m.downtimes ?? []) {
        if (overlaps(a, d)) {
          v.push({
            kind: 'downtime',
            op: a.op,
            machine: a.machine,
            message: `operation ${a.op} overlaps downtime [${d.start}, ${d.end}) of machine ${a.machine}`,
          });
        }
      }
    }
    const list = perMachine.get(a.machine) ?? [];
    list.push(a);
    perMachine.set(a.machine, list);

    if (a.worker === undefined) {
      if (o.qualification !== undefined) {
        v.push({
          kind: 'qualification',
          op: a.op,
          message: `operation ${a.op} needs a worker qualified for ${o.qualification}`,
        });
      }
      continue;
    }
    const w = workers.get(a.worker);
    if (w === undefined) {
      v.push({
        kind: 'qualification',
        op: a.op,
        worker: a.worker,
        message: `operation ${a.op} is assigned to unknown worker ${a.worker}`,
      });
      continue;
    }
    if (o.qualification !== undefined && !w.qualifications.includes(o.qualification)) {
      v.push({
        kind: 'qualification',
        op: a.op,
        worker: a.worker,
        message: `worker ${a.worker} lacks qualification ${o.qualification} for ${a.op}`,
      });
    }
    if (!history && w.shifts !== undefined && a.end > a.start && !insideOne(a, w.shifts)) {
      v.push({
        kind: 'window',
        op: a.op,
        worker: a.worker,
        message: `operation ${a.op} is outside every shift of worker ${a.worker}`,
      });
    }
    const wl = perWorker.get(a.worker) ?? [];
    wl.push(a);
    perWorker.set(a.worker, wl);
  }

  for (const [machine, list] of perMachine) {
    checkResourceOverlap(
      list,
      (e, l) =>
        v.push({
          kind: 'machine-overlap',
          op: l.op,
          other: e.op,
          machine,
          message: `operations ${e.op} and ${l.op} overlap on machine ${machine}`,
        }),
      (prev, next) => {
        const s = setupBetween(problem, machine, ops.get(prev.op), ops.get(next.op));
        if (next.start < prev.end + s) {
          v.push({
            kind: 'setup',
            op: next.op,
            other: prev.op,
            machine,
            message: `operation ${next.op} starts ${prev.end + s - next.start} too early after ${prev.op} on machine ${machine} (setup ${s})`,
          });
        }
      },
    );
  }
  for (const [worker, list] of perWorker) {
    checkResourceOverlap(list, (e, l) =>
      v.push({
        kind: 'worker-overlap',
        op: l.op,
        other: e.op,
        worker,
        message: `worker ${worker} runs ${e.op} and ${l.op} at the same time`,
      }),
    );
  }
  return v.length === 0 ? { ok: true } : { ok: false, violations: v };
}
