import type { Command } from 'commander';
import { register as audit } from './audit.ts';
import { register as schedule } from './schedule.ts';
import { register as start } from './start.ts';
import { register as anomaly } from './anomaly.ts';
import { register as sim } from './sim.ts';
import { register as plant } from './plant.ts';
import { register as rul } from './rul.ts';
import { register as stop } from './stop.ts';
import { register as report } from './report.ts';

/** Each command lives in its own file and registers itself here (one line per command). */
export const commands: ReadonlyArray<(program: Command) => void> = [
  schedule,
  audit,
  start,
  anomaly,
  sim,
  plant,
  rul,
  stop,
  report,
];
