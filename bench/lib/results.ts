import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineInfo } from './machine.ts';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', 'results');
/** Default location of the shared public benchmark data, beside the project checkout. */
export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'bench-data');

/** Write a benchmark's machine-readable result, with the machine and the command line. */
export function writeResult(name: string, result: unknown, outFile?: string): string {
  const file = outFile ?? path.join(RESULTS_DIR, `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const body = { benchmark: name, machine: machineInfo(), argv: process.argv.slice(2), result };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
