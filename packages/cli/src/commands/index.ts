import type { Command } from 'commander';
import { register as audit } from './audit.ts';
import { register as schedule } from './schedule.ts';
import { register as start } from './start.ts';

/** Each command lives in its own file and registers itself here (one line per command). */
export const commands: ReadonlyArray<(program: Command) => void> = [
  schedule,
  audit,
  start,
];
