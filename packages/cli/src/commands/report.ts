/**
 * `aethercore report daily`: Analytika's daily summary (PRODUCT.md, 16:30) from a twin day run in
 * process — the day's scenario against the undisturbed `baseline` day of the same plant and seed, the
 * notable events, and two process changes for tomorrow measured in forks of the twin at the day's end.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AetherError, parsePlantYaml, type Plant } from '@aethercore/core';
import { createTwin, SCENARIO_NAMES, type Twin } from '@aethercore/twin';
import {
  planTomorrow,
  renderMarkdown,
  renderText,
  summarizeDay,
  tomorrowCandidates,
  type DailySummary,
  type ReportLanguage,
} from '@aethercore/agents';
import { progress } from '../term/progress.ts';
import { readPlantText } from './plant.ts';
import { parseUntil } from './sim.ts';

const H = 3_600_000;
const DEFAULT_PLANT = 'plants/werkhalle4.yaml';
const SHIPPED_PLANT = path.resolve(import.meta.dirname, '..', '..', '..', '..', DEFAULT_PLANT);
const FORMATS = ['md', 'json', 'text'] as const;
const LANGS = ['de', 'en'] as const;

interface DailyOptions {
  readonly plant: string;
  readonly scenario: string;
  readonly seed: string;
  readonly until: string;
  readonly lang: string;
  readonly format: string;
  readonly out?: string;
  readonly horizon: string;
  readonly tomorrow: boolean;
}

function bad(message: string, hint: string): AetherError {
  return new AetherError({ code: 'cli.bad-option', message, hint });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw bad(
    `--${name} must be one of ${allowed.join(', ')}, got '${value}'`,
    `e.g. --${name} ${allowed[0] ?? ''}`,
  );
}

/** Runs a twin hour by hour up to `until`, ticking the shared progress bar. */
function runDay(twin: Twin, until: number, tick: () => void): void {
  for (let t = twin.now() + H; ; t += H) {
    twin.advanceTo(Math.min(t, until));
    tick();
    if (t >= until) return;
  }
}

export interface DailyReportRun {
  readonly summary: DailySummary;
  readonly plant: Plant;
}

/** The report's computation, also used by the integration test: twin day, baseline day, what-ifs. */
export function dailyReport(
  plant: Plant,
  scenario: string,
  seed: number,
  untilText: string,
  horizonH: number,
  withTomorrow: boolean,
): DailyReportRun {
  const day = createTwin({ plant, scenario, seed });
  const base = createTwin({ plant, scenario: 'baseline', seed });
  const from = day.now();
  const until = parseUntil(untilText, from);
  if (until - from > 7 * 24 * H)
    throw bad(
      `--until is ${((until - from) / H).toFixed(0)} h after the start; a daily report covers at most 7 days`,
      'e.g. --until 16:30',
    );
  const hours = Math.ceil((until - from) / H);
  const sim = progress('simulate day + baseline', 2 * hours);
  let done = 0;
  runDay(day, until, () => sim.tick(++done));
  runDay(base, until, () => sim.tick(++done));
  sim.done();
  let tomorrow;
  if (withTomorrow) {
    const candidates = tomorrowCandidates(plant, day, day.events());
    // Two rounds of forks: each candidate alone, then each on top of the best (the bar's total is an upper bound).
    const bar = progress('what-ifs for tomorrow', 2 * candidates.length + 2);
    tomorrow = planTomorrow(day, candidates, { horizonMs: horizonH * H, onProgress: (d) => bar.tick(d) });
    bar.done();
  }
  const summary = summarizeDay({
    plant,
    day: { events: day.events(), fromMs: from, toMs: until, scenario },
    reference: {
      kind: 'undisturbed',
      events: base.events(),
      fromMs: from,
      toMs: until,
      scenario: 'baseline',
    },
    ...(tomorrow === undefined ? {} : { tomorrow }),
  });
  return { summary, plant };
}

export function register(program: Command): void {
  const report = program.command('report').description('reports for people (daily summary)');
  report
    .command('daily')
    .description(
      'the day against the undisturbed baseline day (ISO 22400 KPIs), notable events, two measured proposals for tomorrow',
    )
    .option('--plant <file>', 'plant file', DEFAULT_PLANT)
    .option('--scenario <name>', `the day's scenario: ${SCENARIO_NAMES.join(' | ')}`, 'werkhalle4-day')
    .option('--seed <n>', 'random seed (the baseline day uses the same)', '1')
    .option(
      '--until <when>',
      'end of the day: a time of day (16:30), a duration (10h30m) or an ISO date-time',
      '16:30',
    )
    .option('--lang <lang>', 'report language: de | en', 'de')
    .option('--format <format>', 'md (Markdown) | text (terminal table) | json (the summary object)', 'text')
    .option('--horizon <hours>', 'what-if horizon for tomorrow, hours from the end of the day', '24')
    .option('--no-tomorrow', 'skip the what-if runs (no proposals)')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      '\nThe deltas compare the day with the same plant, seed and calendar with nothing going wrong (the `baseline`\n' +
        'scenario): they show what the disruptions cost. Proposals come from twin forks at the end of the day,\n' +
        'one per candidate change, ranked by energy per good part and late orders / tardiness.\n\n' +
        'Examples:\n  aethercore report daily\n  aethercore report daily --lang en --format md --out daily.md\n  aethercore report daily --scenario random-disruptions --seed 7 --format json',
    )
    .action((opts: DailyOptions) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0)
        throw bad(`--seed must be a non-negative integer, got '${opts.seed}'`, 'e.g. --seed 1');
      const horizon = Number(opts.horizon);
      if (!Number.isFinite(horizon) || horizon < 1 || horizon > 168)
        throw bad(`--horizon must be 1–168 hours, got '${opts.horizon}'`, 'e.g. --horizon 24');
      const lang: ReportLanguage = oneOf('lang', opts.lang, LANGS);
      const format = oneOf('format', opts.format, FORMATS);
      if (!(SCENARIO_NAMES as readonly string[]).includes(opts.scenario))
        throw bad(
          `--scenario must be one of ${SCENARIO_NAMES.join(', ')}, got '${opts.scenario}'`,
          'e.g. --scenario werkhalle4-day',
        );
      const file = opts.plant === DEFAULT_PLANT && !existsSync(opts.plant) ? SHIPPED_PLANT : opts.plant;
      const plant = parsePlantYaml(readPlantText(file));
      const { summary } = dailyReport(plant, opts.scenario, seed, opts.until, horizon, opts.tomorrow);
      const text =
        format === 'json'
          ? `${JSON.stringify({ seed, ...summary }, null, 2)}\n`
          : format === 'md'
            ? renderMarkdown(summary, lang)
            : renderText(summary, lang);
      if (opts.out === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(opts.out, text);
      } catch (e) {
        throw new AetherError({
          code: 'cli.file-unwritable',
          message: `cannot write '${opts.out}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          hint: 'check the directory exists and is writable',
          cause: e,
        });
      }
      console.error(`report written to ${opts.out}`);
    });
}
