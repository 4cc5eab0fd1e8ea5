/**
 * B1 job-shop benchmark core: load JSPLib instances, run our N7 tabu search and the MWR dispatching
 * baseline side by side, validate every schedule with the independent validator, and put the
 * published 600 s results (CP-SAT, CP Optimizer, OptalCP, CPLEX) beside them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  dispatchJobShop,
  fromJobShop,
  parseJobShop,
  solveJobShop,
  validateSchedule,
  type JobShopInstance,
  type JobShopSchedule,
} from '@aethercore/planning';

export interface Bks {
  readonly instance: string;
  readonly family: string;
  readonly size?: string;
  readonly status?: string;
  readonly lower_bound: number;
  readonly upper_bound: number;
}

/** Published solvers: file prefix in `published/` → column name. */
export const PUBLISHED = [
  { key: 'cpsat', file: 'results_cpsat', label: 'CP-SAT' },
  { key: 'optalcp', file: 'results_optalcp', label: 'OptalCP' },
  { key: 'cpo', file: 'results_cpo', label: 'CP Optimizer' },
  { key: 'cplex', file: 'results_cplex', label: 'CPLEX' },
] as const;
export type PublishedKey = (typeof PUBLISHED)[number]['key'];

export interface JsspData {
  readonly dir: string;
  /** Instance name (file name without `.txt`) → file path. */
  readonly files: ReadonlyMap<string, string>;
  readonly bks: ReadonlyMap<string, Bks>;
  /** solver key → instance → best makespan (UB) reported at 600 s. */
  readonly published: ReadonlyMap<PublishedKey, ReadonlyMap<string, number>>;
}

function walk(dir: string, out: Map<string, string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.txt') && !e.name.startsWith('LICENSE')) out.set(e.name.slice(0, -4), p);
  }
}

/** Read the JSPLib folder layout (`instances/…/*.txt`, `bks.json`, `published/results_*.json`). */
export function loadJsspData(dir: string): JsspData {
  if (!existsSync(dir)) throw new Error(`no job-shop data at ${dir} (see --data)`);
  const files = new Map<string, string>();
  walk(dir, files);
  const bks = new Map<string, Bks>();
  const bksFile = path.join(dir, 'bks.json');
  if (existsSync(bksFile))
    for (const b of JSON.parse(readFileSync(bksFile, 'utf8')) as Bks[]) bks.set(b.instance, b);
  const published = new Map<PublishedKey, Map<string, number>>();
  const pubDir = path.join(dir, 'published');
  if (existsSync(pubDir)) {
    for (const f of readdirSync(pubDir)) {
      const solver = PUBLISHED.find((s) => f.startsWith(s.file));
      if (solver === undefined) continue;
      const m = new Map<string, number>();
      for (const r of JSON.parse(readFileSync(path.join(pubDir, f), 'utf8')) as {
        instance: string;
        ub?: { value?: number };
      }[]) {
        if (typeof r.ub?.value === 'number') m.set(r.instance, r.ub.value);
      }
      published.set(solver.key, m);
    }
  }
  return { dir, files, bks, published };
}

/** Natural order: ta2 before ta10. */
const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/**
 * Instances to run: explicit names (`ta01` finds `ta01js`) or a family from bks.json
 * (`all` = every family with files). Only instances whose file exists are returned.
 */
export function selectInstances(data: JsspData, family: string, names?: readonly string[]): string[] {
  if (names !== undefined && names.length > 0) {
    return names.map((n) => {
      if (data.files.has(n)) return n;
      if (data.files.has(`${n}js`)) return `${n}js`;
      throw new Error(`unknown instance '${n}' in ${data.dir}`);
    });
  }
  const out = [...data.bks.values()]
    .filter((b) => (family === 'all' || b.family === family) && data.files.has(b.instance))
    .map((b) => b.instance);
  return out.sort(natural);
}

export interface JsspRow {
  readonly instance: string;
  readonly family: string;
  readonly jobs: number;
  readonly machines: number;
  readonly lb: number | null;
  readonly ub: number | null;
  readonly makespan: number;
  readonly gap: number | null;
  readonly timeToBestS: number;
  readonly iterations: number;
  readonly bestIteration: number;
  readonly iterationsPerS: number;
  readonly valid: boolean;
  readonly violations: readonly string[];
  readonly mwr: { readonly makespan: number; readonly gap: number | null; readonly valid: boolean };
  readonly published: Partial<
    Record<PublishedKey, { readonly makespan: number; readonly gap: number | null }>
  >;
}

const gapOf = (c: number, ub: number | null): number | null =>
  ub === null || ub <= 0 ? null : (100 * (c - ub)) / ub;

function check(inst: JobShopInstance, schedule: JobShopSchedule): string[] {
  const v = validateSchedule(fromJobShop(inst), schedule);
  return v.ok ? [] : v.violations.slice(0, 5).map((x) => `${x.kind}: ${x.message}`);
}

export interface JsspRunOptions {
  readonly timeLimitS: number;
  readonly seed: number;
  /** Clock for the deadline and time-to-best, in ms (default: this process's CPU time, see cpuMs). */
  readonly nowMs?: () => number;
}

/**
 * The process's CPU time in ms. The benchmark machines are shared (load far above the core count),
 * so a wall-clock limit would measure the neighbours; "T seconds on one core" is CPU time.
 */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
export const wallMs = (): number => performance.now();

/** One instance: MWR baseline, then the tabu search for `timeLimitS` seconds; both validated. */
export function runInstance(data: JsspData, name: string, opts: JsspRunOptions): JsspRow {
  const file = data.files.get(name);
  if (file === undefined) throw new Error(`no file for ${name}`);
  const inst = parseJobShop(readFileSync(file, 'utf8'), name);
  const b = data.bks.get(name);
  const ub = b?.upper_bound ?? null;
  const now = opts.nowMs ?? cpuMs;

  const mwr = dispatchJobShop(inst, 'mwr');
  const mwrViolations = check(inst, mwr.schedule);

  const t0 = now();
  const end = t0 + opts.timeLimitS * 1000;
  let bestAt = t0;
  // Read the clock every 8th poll only: an iteration takes ≥ 5 µs, a clock read ≈ 0.5 µs.
  let polls = 0;
  let expired = false;
  const res = solveJobShop(inst, {
    deadline: {
      expired: () => {
        if ((polls++ & 7) === 0 && !expired) expired = now() >= end;
        return expired;
      },
    },
    seed: opts.seed,
    // A closed instance's proven lower bound is the optimum: stop there (saves CPU on a shared machine;
    // the makespan and the time to best are unaffected).
    ...(b !== undefined && b.status === 'closed' && b.lower_bound === b.upper_bound
      ? { stopAt: b.lower_bound }
      : {}),
    onImprove: () => {
      bestAt = now();
    },
  });
  const elapsed = Math.max(1e-9, (now() - t0) / 1000);
  const violations = check(inst, res.schedule);
  const published: JsspRow['published'] = {};
  for (const s of PUBLISHED) {
    const c = data.published.get(s.key)?.get(name);
    if (c !== undefined) published[s.key] = { makespan: c, gap: gapOf(c, ub) };
  }
  return {
    instance: name,
    family: b?.family ?? name.replace(/\d.*$/, ''),
    jobs: inst.jobs,
    machines: inst.machines,
    lb: b?.lower_bound ?? null,
    ub,
    makespan: res.makespan,
    gap: gapOf(res.makespan, ub),
    timeToBestS: (bestAt - t0) / 1000,
    iterations: res.iterations,
    bestIteration: res.bestIteration,
    iterationsPerS: res.iterations / elapsed,
    valid: violations.length === 0,
    violations,
    mwr: { makespan: mwr.makespan, gap: gapOf(mwr.makespan, ub), valid: mwrViolations.length === 0 },
    published,
  };
}

export interface GroupSummary {
  readonly group: string;
  readonly instances: number;
  readonly meanGap: number | null;
  readonly mwrMeanGap: number | null;
  readonly published: Partial<Record<PublishedKey, number | null>>;
  readonly optimalHits: number;
  readonly allValid: boolean;
}

const meanOf = (xs: readonly (number | null | undefined)[]): number | null => {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length === 0 || v.length < xs.length ? null : v.reduce((s, x) => s + x, 0) / v.length;
};

/** Taillard's sets come in tens of one size (ta01–10 = 15×15, …); others group by family. */
export function groupOf(row: JsspRow): string {
  const m = /^ta(\d+)/.exec(row.instance);
  if (row.family === 'ta' && m !== null) {
    const k = Math.floor((Number(m[1]) - 1) / 10);
    const lo = String(k * 10 + 1).padStart(2, '0');
    return `ta${lo}–${String(k * 10 + 10).padStart(2, '0')}`;
  }
  return row.family;
}

/** Mean gaps per group, per family and over everything (rows without a UB count as missing). */
export function summarise(rows: readonly JsspRow[]): GroupSummary[] {
  const groups = new Map<string, JsspRow[]>();
  const add = (k: string, r: JsspRow): void => {
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  };
  for (const r of rows) {
    add(groupOf(r), r);
    if (groupOf(r) !== r.family) add(r.family, r);
  }
  const out: GroupSummary[] = [...groups.entries()]
    .sort((a, b) => natural(a[0], b[0]))
    .map(([group, rs]) => summary(group, rs));
  if (groups.size > 1) out.push(summary('all', rows));
  return out;
}

function summary(group: string, rs: readonly JsspRow[]): GroupSummary {
  const published: GroupSummary['published'] = {};
  for (const s of PUBLISHED) published[s.key] = meanOf(rs.map((r) => r.published[s.key]?.gap));
  return {
    group,
    instances: rs.length,
    meanGap: meanOf(rs.map((r) => r.gap)),
    mwrMeanGap: meanOf(rs.map((r) => r.mwr.gap)),
    published,
    optimalHits: rs.filter((r) => r.ub !== null && r.makespan <= r.ub).length,
    allValid: rs.every((r) => r.valid && r.mwr.valid),
  };
}
