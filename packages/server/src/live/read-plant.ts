import { readFileSync } from 'node:fs';
import { AetherError, parsePlantYaml, type Plant } from '@aethercore/core';

/** Reads and validates the plant file; an unreadable file is `config.plant-unreadable`, a bad one the parser's coded error. */
export function readPlant(file: string): Plant {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AetherError({
      code: 'config.plant-unreadable',
      message: `cannot read the plant file ${file}: ${(e as Error).message}`,
      hint: 'Set AETHERCORE_PLANT (or --plant) to a plant YAML file, e.g. plants/werkhalle4.yaml.',
      path: 'plant',
      kind: 'invalid',
    });
  }
  return parsePlantYaml(text);
}
