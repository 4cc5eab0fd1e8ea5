/**
 * `aethercore sim`: runs the digital twin on a plant file and scenario and prints the KPIs (ISO 22400,
 * computed from the event log) and the event-log hash (FNV-1a 64; same plant, scenario, seed → same hash).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AetherError, parsePlantYaml } from '@aethercore/core';
import { computeKpis, createTwin, hashEventLog, SCENARIO_NAMES, type Kpis } from '@aethercore/twin';
import { progress } from '../term/progress.ts';
import { table } from '../term/table.ts';
import { readPlantText } from './plant.ts';

const H = 3_600_000;
const DEFAULT_PLANT = 'plants/werkhalle4.yaml';
/** The shipped plant, found from any working directory. */
const SHIPPED_PLANT = path.resolve(import.meta.dirname, '..', '..', '..', '..', DEFAULT_PLANT);

interface SimOptions {
  readonly plant: string;
  readonly scenario: string;
  readonly seed: string;
  readonly until: string;
  readonly json?: boolean;
  readonly stations?: boolean;
  readonly eventsOut?: string;
}

/**
 * The end of the run: a duration after the start (`10h30m`, `90m`, `2d`, `45s`), a time of day
 * (`16:30`: the next such time after the start) or an ISO date-time.
 */
export function parseUntil(text: string, startMs: number): number {
  const t = text.trim();
  const clock = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (clock) {
    const h = Number(clock[1]);
    const m = Number(clock[2]);
    if (h < 24 && m < 60) {
      const day = Math.floor(startMs / (24 * H)) * 24 * H;
      let at = day + h * H + m * 60_000;
      if (at <= startMs) at += 24 * H;
      return at;
    }
  }
  const dur = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(
    t,
  );
  if (dur && t !== '') {
    const [d, hh, mm, ss] = dur.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
    const ms = d * 24 * H + hh * H + mm * 60_000 + ss * 1000;
    if (ms > 0) return startMs + ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)) && Date.parse(t) > startMs)
    return Date.parse(t);
  throw new AetherError({
    code: 'cli.bad-option',
    message: `--until '${text}' is not a duration, a time of day or a date-time after the start`,
    hint: 'write e.g. --until 10h30m, --until 16:30 or --until 2026-03-11T06:00Z',
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function printKpis(k: Kpis, showStations: boolean): void {
  const l = k.line;
  console.log(
    table(
      ['line KPI', 'value'],
      [
        ['window', `${new Date(k.window.fromMs).toISOString()} – ${new Date(k.window.toMs).toISOString()}`],
        ['good parts (output)', l.goodParts],
        ['scrapped / reworked', `${l.scrappedParts} / ${l.reworkedParts}`],
        ['throughput (parts/h)', l.throughputPerH],
        ['quality rate', pct(l.qualityRate)],
        ['first-pass yield', pct(l.firstPassYield)],
        ['first-pass yield', pct(l.firstPassYield)],
        ['availability', pct(l.availability)],
        ['performance', pct(l.performance)],
        ['OEE', pct(l.oee)],
        ['planned busy time (h)', l.plannedBusyTimeS / 3600],
        ['line downtime (min)', l.downtimeS / 60],
        ['station downtime (min)', l.stationDowntimeS / 60],
        ['failures', l.failures],
        ['energy (kWh)', l.energyKWh],
        ['energy per part (kWh)', l.energyPerPartKWh],
        ['orders completed / late', `${l.ordersCompleted} / ${l.ordersLate}`],
      ],
    ),
  );
  if (!showStations) return;
  console.log();
  console.log(
    table(
      ['station', 'parts', 'avail', 'perf', 'quality', 'OEE', 'down min', 'kWh'],
      k.stations.map((s) => [
        s.station,
        s.partsProduced,
        pct(s.availability),
        pct(s.performance),
        pct(s.quality),
        pct(s.oee),
        s.downtimeS / 60,
        s.energyKWh,
      ]),
    ),
  );
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('run the digital twin and print the KPIs and the event-log hash')
    .option('--plant <file>', 'plant file', DEFAULT_PLANT)
    .option('--scenario <name>', `scenario: ${SCENARIO_NAMES.join(' | ')}`, 'werkhalle4-day')
    .option('--seed <n>', 'random seed (same plant, scenario and seed give the same event log)', '42')
    .option(
      '--until <when>',
      'end: a duration after the start (10h30m), a time of day (16:30) or an ISO date-time',
      '16:30',
    )
    .option('--stations', 'also print per-station KPIs')
    .option('--json', 'print KPIs, hash and event counts as JSON')
    .option('--events-out <file>', 'also write the event log as JSON lines (one NewEvent per line)')
    .addHelpText(
      'after',
      '\nExamples:\n  aethercore sim\n  aethercore sim --scenario random-disruptions --seed 7 --until 3d --json',
    )
    .action((opts: SimOptions) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0)
        throw new AetherError({
          code: 'cli.bad-option',
          message: `--seed must be a non-negative integer, got '${opts.seed}'`,
          hint: 'e.g. --seed 42',
        });
      const file = opts.plant === DEFAULT_PLANT && !existsSync(opts.plant) ? SHIPPED_PLANT : opts.plant;
      const plant = parsePlantYaml(readPlantText(file));
      const twin = createTwin({ plant, scenario: opts.scenario, seed });
      const start = twin.now();
      const until = parseUntil(opts.until, start);
      // Long runs (more than a day of sim time) show a progress bar, one tick per simulated hour.
      const hours = Math.ceil((until - start) / H);
      const bar = hours > 24 && !opts.json ? progress('sim', hours) : undefined;
      for (let h = 1; h <= hours; h++) {
        twin.advanceTo(Math.min(until, start + h * H));
        bar?.tick(h);
      }
      bar?.done();
      const events = twin.events();
      const kpis = computeKpis(events, plant, { fromMs: start, toMs: until });
      const hash = hashEventLog(events);
      if (opts.eventsOut !== undefined) {
        try {
          writeFileSync(opts.eventsOut, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
        } catch (e) {
          throw new AetherError({
            code: 'cli.file-unwritable',
            message: `cannot write '${opts.eventsOut}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            hint: 'check the directory exists and is writable',
            cause: e,
          });
        }
      }
      const counts: Record<string, number> = {};
      for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
      if (opts.json) {
        console.log(
          JSON.stringify(
            {
              plant: plant.id,
              scenario: opts.scenario,
              seed,
              from: new Date(start).toISOString(),
              until: new Date(until).toISOString(),
              events: events.length,
              eventLogHash: hash,
              eventCounts: counts,
              kpis,
            },
            null,
            2,
          ),
        );
        return;
      }
      console.log(`${plant.name} · scenario ${opts.scenario} · seed ${seed} · ${events.length} events`);
      console.log();
      printKpis(kpis, opts.stations === true);
      console.log();
      console.log(`event-log hash (FNV-1a 64): ${hash}`);
    });
}
