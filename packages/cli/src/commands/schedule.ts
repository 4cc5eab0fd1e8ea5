/**
 * `aethercore schedule <instance-file>`: solve a benchmark instance (JSPLib job shop or Brandimarte
 * flexible job shop) and print the makespan, or the whole schedule with `--json`. When a `bks.json`
 * (JSPLib layout) sits next to the file or up to two folders above, its bounds and the gap are shown.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AetherError } from '@aethercore/core';
import {
  fromFlexibleJobShop,
  fromJobShop,
  parseFlexibleJobShop,
  parseJobShop,
  solveFlexibleJobShop,
  solveJobShop,
  validateSchedule,
  type SchedulingProblem,
} from '@aethercore/planning';
import { badOption } from '../input.ts';

type Format = 'jssp' | 'fjsp';

interface ScheduleOptions {
  readonly format?: string;
  readonly timeLimit: string;
  readonly seed: string;
  readonly json?: boolean;
}

interface Outcome {
  readonly makespan: number;
  readonly assignments: readonly {
    op: string;
    job: number;
    index: number;
    machine: number;
    start: number;
    end: number;
  }[];
  readonly iterations: number;
  readonly lowerBound?: number;
  readonly optimal?: boolean;
  readonly method: string;
}

/** JSPLib job shop headers have 2 numbers (`jobs machines`), Brandimarte ones 3 (`… avgFlex`). */
function detectFormat(text: string): Format {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^\s*(#|\/\/|;)/.test(l));
  return first !== undefined && first.trim().split(/\s+/).length === 3 ? 'fjsp' : 'jssp';
}

/** Bounds from a JSPLib-style `bks.json` beside the instance (or up to two folders above). */
function findBks(file: string, name: string): { lower: number; upper: number } | undefined {
  let dir = path.dirname(path.resolve(file));
  for (let up = 0; up < 3; up++) {
    const f = path.join(dir, 'bks.json');
    if (existsSync(f)) {
      try {
        const list = JSON.parse(readFileSync(f, 'utf8')) as {
          instance?: string;
          lower_bound?: number;
          upper_bound?: number;
        }[];
        const hit = Array.isArray(list) ? list.find((b) => b.instance === name) : undefined;
        if (typeof hit?.upper_bound === 'number' && typeof hit.lower_bound === 'number')
          return { lower: hit.lower_bound, upper: hit.upper_bound };
      } catch {
        // An unreadable bks.json only loses the optional gap line.
      }
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

export function register(program: Command): void {
  program
    .command('schedule')
    .description(
      'solve a job-shop (JSPLib) or flexible job-shop (Brandimarte) instance file and print its makespan',
    )
    .argument(
      '<instance-file>',
      'instance text file (e.g. ../shared/bench-data/jssp/instances/FisherThompson1963/ft10.txt)',
    )
    .option(
      '--format <format>',
      'jssp | fjsp (default: detected from the header: 2 numbers = jssp, 3 = fjsp)',
    )
    .option('--time-limit <s>', 'search time in seconds (one thread)', '10')
    .option(
      '--seed <n>',
      'random seed (runs repeat exactly only for a fixed iteration budget, not a time limit)',
      '1',
    )
    .option('--json', 'print the full schedule as JSON (per operation: job, index, machine, start, end)')
    .addHelpText(
      'after',
      '\nExamples:\n  aethercore schedule fixtures/jssp/ft10.txt --time-limit 5\n  aethercore schedule fixtures/jssp/fjsp/mk01.txt --format fjsp --json',
    )
    .action((file: string, opts: ScheduleOptions) => {
      const timeLimitS = Number(opts.timeLimit);
      if (!Number.isFinite(timeLimitS) || timeLimitS <= 0)
        throw badOption(
          `--time-limit must be a positive number of seconds, got '${opts.timeLimit}'`,
          'e.g. --time-limit 10',
        );
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed))
        throw badOption(`--seed must be an integer, got '${opts.seed}'`, 'e.g. --seed 1');
      if (opts.format !== undefined && opts.format !== 'jssp' && opts.format !== 'fjsp') {
        throw badOption(
          `--format must be jssp or fjsp, got '${opts.format}'`,
          'jssp = JSPLib job shop (0-based machines); fjsp = Brandimarte flexible job shop (1-based)',
        );
      }
      if (!existsSync(file)) {
        throw new AetherError({
          code: 'cli.file-not-found',
          message: `no such file: ${file}`,
          hint: 'Give the path of an instance text file.',
          kind: 'not-found',
        });
      }
      const text = readFileSync(file, 'utf8');
      const name = path.basename(file).replace(/\.[^.]*$/, '');
      const format: Format =
        opts.format === undefined ? detectFormat(text) : opts.format === 'fjsp' ? 'fjsp' : 'jssp';

      const t0 = performance.now();
      const end = t0 + timeLimitS * 1000;
      const deadline = { expired: () => performance.now() >= end };
      let bestAt = t0;
      let problem: SchedulingProblem;
      let size: string;
      let outcome: Outcome;
      if (format === 'jssp') {
        const inst = parseJobShop(text, name);
        problem = fromJobShop(inst);
        size = `${inst.jobs} jobs × ${inst.machines} machines`;
        const r = solveJobShop(inst, { deadline, seed, onImprove: () => (bestAt = performance.now()) });
        outcome = {
          makespan: r.makespan,
          assignments: r.schedule.assignments,
          iterations: r.iterations,
          lowerBound: r.lowerBound,
          optimal: r.optimal,
          method: 'N7 tabu search',
        };
      } else {
        const inst = parseFlexibleJobShop(text, name);
        problem = fromFlexibleJobShop(inst);
        size = `${inst.jobs} jobs × ${inst.machines} machines, flexible`;
        const r = solveFlexibleJobShop(inst, {
          deadline,
          seed,
          onImprove: () => (bestAt = performance.now()),
        });
        outcome = {
          makespan: r.makespan,
          assignments: r.schedule.assignments,
          iterations: r.iterations,
          method: `flexible ${r.method} (start: ${r.initialRule})`,
        };
      }
      const elapsedS = (performance.now() - t0) / 1000;
      const v = validateSchedule(problem, { assignments: outcome.assignments });
      if (!v.ok) {
        throw new AetherError({
          code: 'planning.schedule-invalid',
          message: `the solver returned an invalid schedule for ${name}: ${v.violations
            .slice(0, 3)
            .map((x) => x.message)
            .join('; ')}`,
          hint: 'This is a bug in the solver; please report it with the instance file and the seed.',
          category: 'system',
          kind: 'internal',
        });
      }
      const bks = findBks(file, name);
      const gap = bks === undefined ? undefined : (100 * (outcome.makespan - bks.upper)) / bks.upper;
      const timeToBestS = (bestAt - t0) / 1000;
      if (opts.json === true) {
        const assignments = [...outcome.assignments].sort((a, b) => a.job - b.job || a.index - b.index);
        console.log(
          JSON.stringify(
            {
              instance: name,
              format,
              makespan: outcome.makespan,
              ...(outcome.lowerBound === undefined
                ? {}
                : { lowerBound: outcome.lowerBound, provenOptimal: outcome.optimal }),
              ...(bks === undefined
                ? {}
                : {
                    bks: { lowerBound: bks.lower, upperBound: bks.upper },
                    gapPercent: Number(gap?.toFixed(4)),
                  }),
              method: outcome.method,
              iterations: outcome.iterations,
              timeToBestS: Number(timeToBestS.toFixed(3)),
              elapsedS: Number(elapsedS.toFixed(3)),
              seed,
              valid: true,
              schedule: { assignments },
            },
            null,
            2,
          ),
        );
        return;
      }
      console.log(
        `${name} (${size}): makespan ${outcome.makespan}${outcome.optimal === true ? ' (optimal: meets the lower bound)' : ''}`,
      );
      if (bks !== undefined)
        console.log(`best known: ${bks.upper} (lower bound ${bks.lower}), gap ${gap?.toFixed(2)}%`);
      else if (outcome.lowerBound !== undefined) console.log(`trivial lower bound: ${outcome.lowerBound}`);
      console.log(
        `${outcome.method}: ${outcome.iterations} iterations in ${elapsedS.toFixed(1)} s, best found after ${timeToBestS.toFixed(2)} s; schedule validated`,
      );
    });
}
