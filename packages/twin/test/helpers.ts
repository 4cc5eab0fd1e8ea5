import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlantYaml, type Plant } from '@aethercore/core';

let cached: Plant | undefined;
/** plants/werkhalle4.yaml, parsed once per test file. */
export function werkhalle4(): Plant {
  cached ??= parsePlantYaml(
    readFileSync(path.resolve(import.meta.dirname, '../../../plants/werkhalle4.yaml'), 'utf8'),
  );
  return cached;
}

export const H = 3_600_000;
export const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);
