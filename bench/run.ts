// `npm run bench -- <name> [options]`: runs bench/<name>/main.ts. Each benchmark parses its own
// options (all support --help), prints a table with the machine's core count and writes JSON
// to bench/results/<name>.json.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { formatError, isAetherError } from '@aethercore/core';
import { machineInfo } from './lib/machine.ts';

const here = import.meta.dirname;
const available = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === '--help' || name === '-h') {
  console.log(
    `usage: npm run bench -- <name> [options]   (each benchmark has --help)\n\nbenchmarks: ${available.join(', ')}`,
  );
  process.exit(name === undefined ? 1 : 0);
}
if (!available.includes(name)) {
  console.error(`error bench.unknown: no benchmark '${name}'. Available: ${available.join(', ')}`);
  process.exit(2);
}
const m = machineInfo();
console.error(`# ${name} on ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB, node ${m.node}`);
const mod = (await import(path.join(here, name, 'main.ts'))) as { main: (argv: string[]) => Promise<void> };
try {
  await mod.main(rest);
} catch (e) {
  if (!isAetherError(e)) throw e;
  console.error(formatError(e));
  process.exit(2);
}
