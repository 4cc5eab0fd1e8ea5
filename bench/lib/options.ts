import { AetherError } from '@aethercore/core';

function invalid(name: string, value: string, expected: string): AetherError {
  return new AetherError({
    code: 'bench.option-invalid',
    message: `--${name} must be ${expected}, got '${value}'`,
    hint: 'see the benchmark’s --help',
    path: `--${name}`,
  });
}

/** An integer option ≥ `min`; a coded error otherwise (bench/run.ts prints it and exits 2). */
export function intOption(name: string, value: string, min: number): number {
  const n = Number(value.replace(/_/g, '')); // 6_200_000 reads as written
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min)
    throw invalid(name, value, `an integer ≥ ${min}`);
  return n;
}

/** A finite number option ≥ `min`; a coded error otherwise. */
export function numberOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min) throw invalid(name, value, `a number ≥ ${min}`);
  return n;
}
