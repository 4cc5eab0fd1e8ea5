/**
 * `aethercore plant validate <file>`: reads a plant file and prints OK with a summary, or every coded
 * error (code, path, line, hint) and exits 2. `aethercore plant describe <file>`: the address space the
 * twin exposes (what the OPC UA server publishes).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  AetherError,
  formatError,
  parsePlantYaml,
  validatePlant,
  type EquipmentNodeSpec,
  type Plant,
} from '@aethercore/core';
import { describeAddressSpace } from '@aethercore/twin';

/** Reads a plant file; a missing or unreadable file is a coded error, not a crash. */
export function readPlantText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AetherError({
      code: 'plant.file-unreadable',
      message: `cannot read plant file '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      hint: 'check the path; the shipped plant is plants/werkhalle4.yaml',
      path: file,
      cause: e,
    });
  }
}

export function plantSummary(p: Plant): string {
  const variants = p.products.reduce((a, x) => a + x.variants.length, 0);
  return `${p.name} (${p.id}): ${p.stations.length} stations in ${p.workCells.length} work cells, ${p.buffers.length} buffers, ${variants} variants, ${p.orders.length} orders, ${p.shiftCalendar.shifts.length} shifts, ${p.workers.length} workers, ${p.suppliers.length} suppliers`;
}

/** The address space as an indented tree: equipment levels, then variables with unit and normal range. */
function tree(node: EquipmentNodeSpec, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  out.push(`${pad}${node.level} ${node.id}: ${node.displayName}`);
  for (const v of node.variables) {
    const range = v.euRange === undefined ? '' : ` [${v.euRange.low} … ${v.euRange.high}]`;
    out.push(`${pad}  · ${v.name} (${v.dataType}, ${v.unit})${range}  series ${v.seriesId}`);
  }
  for (const c of node.children) tree(c, depth + 1, out);
}

export function register(program: Command): void {
  const plant = program
    .command('plant')
    .description('work with plant files (ISA-95 plant model, see docs/twin.md)');
  plant
    .command('validate')
    .description('check a plant file: schema, units, references, routing cycles, shift calendar')
    .argument('<file>', 'plant YAML file, e.g. plants/werkhalle4.yaml')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExit code 0 when valid, 2 with the coded errors otherwise.\nExample:\n  aethercore plant validate plants/werkhalle4.yaml',
    )
    .action((file: string, opts: { json?: boolean }) => {
      const r = validatePlant(readPlantText(file));
      if (r.ok) {
        if (opts.json)
          console.log(
            JSON.stringify({
              ok: true,
              plant: r.value.id,
              stations: r.value.stations.length,
              summary: plantSummary(r.value),
            }),
          );
        else console.log(`OK ${plantSummary(r.value)}`);
        return;
      }
      if (opts.json)
        console.log(JSON.stringify({ ok: false, errors: r.error.map((e) => e.toJSON()) }, null, 2));
      else for (const e of r.error.slice(1)) console.error(formatError(e));
      const first = r.error[0];
      if (r.error.length === 1 && first !== undefined) throw first;
      throw new AetherError({
        code: first?.code ?? 'plant.invalid',
        message: `${r.error.length} errors in ${file}; the first${first?.path ? ` at ${first.path}` : ''}: ${first?.message ?? ''}`,
        ...(first?.hint === undefined ? {} : { hint: first.hint }),
      });
    });
  plant
    .command('describe')
    .description(
      'print the address space the twin exposes for a plant (ISA-95 hierarchy, variables, units, normal ranges)',
    )
    .argument('<file>', 'plant YAML file, e.g. plants/werkhalle4.yaml')
    .option('--json', 'print the AddressSpaceSpec as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const spec = describeAddressSpace(parsePlantYaml(readPlantText(file)));
      if (opts.json) {
        console.log(JSON.stringify(spec, null, 2));
        return;
      }
      const out: string[] = [`namespace ${spec.namespaceUri}`];
      tree(spec.root, 0, out);
      console.log(out.join('\n'));
    });
}
