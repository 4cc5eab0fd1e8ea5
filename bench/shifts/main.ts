// `npm run bench -- shifts [--random n] [--seed n] [--max-nodes n]`: the shift planner's lower bounds
// side by side on the same absence sets (Werkhalle 4 roster, every manned station busy until the end
// of the night shift): per position, crew matching (one shift), instant matching (across shifts;
// the default). Proven optimal, run time, plans better or worse than with the crew-matching bound.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePlantYaml } from '@aethercore/core';
import { progress, table } from '@aethercore/cli';
import { writeResult } from '../lib/results.ts';
import { machineInfo } from '../lib/machine.ts';
import { intOption } from '../lib/options.ts';
import { median } from '../lib/stats.ts';
import { absenceSets, runShiftBound, worse, type BoundKind, type ShiftBoundRun } from './run-shifts.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const HELP = `usage: npm run bench -- shifts [options]

Shift re-planning after absences on the Werkhalle 4 roster (41 workers; every manned station busy
from 09:31 until the night shift ends): the search with the per-position lower bound and with the
crew-matching bound (one shift) and with the instant-matching bound (across shifts, the default),
each absence set planned by all three, in rotating order, under the live guard.
  --random <n>      random absence sets of 1–3 workers after the 4 named ones (default 30)
  --seed <n>        seed of the random sets (default 11)
  --max-nodes <n>   search guard, nodes plus options tried (default 20000, the live agent's)
  --plant <file>    plant file (default plants/werkhalle4.yaml)
  --data <dir>      accepted for uniformity; unused (the roster is the plant file)
  --out <file>      JSON output (default bench/results/shifts.json)
  --help`;

export function main(argv: string[]): Promise<void> {
  run(argv);
  return Promise.resolve();
}

function run(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      random: { type: 'string', default: '30' },
      seed: { type: 'string', default: '11' },
      'max-nodes': { type: 'string', default: '20000' },
      plant: { type: 'string', default: path.join(REPO, 'plants', 'werkhalle4.yaml') },
      data: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const random = intOption('random', values.random, 0);
  const seed = intOption('seed', values.seed, 0);
  const maxNodes = intOption('max-nodes', values['max-nodes'], 1);
  const plant = parsePlantYaml(readFileSync(values.plant, 'utf8'));
  const sets = absenceSets(plant, random, seed);
  const kinds: BoundKind[] = ['position', 'crew-matching', 'instant-matching'];
  const runs: Record<BoundKind, ShiftBoundRun[]> = {
    position: [],
    'crew-matching': [],
    'instant-matching': [],
  };
  const bar = progress('absence sets', sets.length);
  sets.forEach((absent, k) => {
    // Rotate the order so no bound always runs on a warmer JIT.
    for (const kind of [...kinds.slice(k % 3), ...kinds.slice(0, k % 3)])
      runs[kind].push(runShiftBound(plant, absent, kind, maxNodes));
    bar.tick(k + 1, absent.join('+'));
  });
  bar.done();
  const summary = kinds.map((kind) => {
    const rs = runs[kind];
    const ms = rs.map((r) => r.ms);
    return {
      bound: kind,
      sets: rs.length,
      provenOptimal: rs.filter((r) => r.exact).length,
      provenUncovered: rs.filter((r) => r.uncoveredExact).length,
      provenOvertime: rs.filter((r) => r.uncoveredExact && r.overtimeExact).length,
      medianMs: median(ms),
      maxMs: Math.max(...ms),
      totalMs: ms.reduce((s, x) => s + x, 0),
    };
  });
  const pos = runs.position;
  const crew = runs['crew-matching'];
  const inst = runs['instant-matching'];
  const cmp = (a: ShiftBoundRun[], b: ShiftBoundRun[]) => ({
    worse: a.filter((r, i) => worse(r, b[i]!)).length,
    better: a.filter((r, i) => worse(b[i]!, r)).length,
  });
  const crewVsPos = cmp(crew, pos);
  const instVsCrew = cmp(inst, crew);
  console.log(
    table(
      [
        'bound',
        'sets',
        'proven optimal',
        'open h proven',
        '+ overtime proven',
        'median ms',
        'max ms',
        'total ms',
      ],
      summary.map((s) => [
        s.bound,
        String(s.sets),
        String(s.provenOptimal),
        String(s.provenUncovered),
        String(s.provenOvertime),
        s.medianMs.toFixed(1),
        s.maxMs.toFixed(1),
        s.totalMs.toFixed(0),
      ]),
    ),
  );
  console.log(
    `plans (lexicographic uncovered, overtime) of ${sets.length}: crew-matching vs per-position worse ${crewVsPos.worse}, better ${crewVsPos.better}; instant-matching vs crew-matching worse ${instVsCrew.worse}, better ${instVsCrew.better}`,
  );
  inst.forEach((r, i) => {
    const c = crew[i]!;
    if (worse(c, r) || !r.exact)
      console.log(
        `  ${r.absent.join('+')}: crew-matching ${c.uncoveredHours} h open, ${c.overtimeHours} h overtime${c.exact ? '' : ' (unproven)'} → instant-matching ${r.uncoveredHours} h open, ${r.overtimeHours} h overtime${r.exact ? ' (proven)' : ' (unproven)'}`,
      );
  });
  const file = writeResult(
    'shifts',
    {
      machine: machineInfo(),
      options: { random, seed, maxNodes, plant: path.relative(REPO, values.plant) },
      summary,
      crewVsPosition: crewVsPos,
      instantVsCrew: instVsCrew,
      runs: sets.map((absent, i) => ({
        absent,
        position: pos[i],
        crewMatching: crew[i],
        instantMatching: inst[i],
      })),
    },
    values.out,
  );
  console.log(`wrote ${file}`);
}
