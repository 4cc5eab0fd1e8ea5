import type { Random } from '@aethercore/core';

/** Weibull(shape β, scale η) by inversion: η · (−ln U)^(1/β). */
export function weibull(rng: Random, shape: number, scale: number): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return scale * Math.pow(-Math.log(u), 1 / shape);
}

/**
 * Residual life of a Weibull unit that has already run `age` without failing (conditional
 * inversion): T = η · ((age/η)^β − ln U)^(1/β) − age. A line is not new when a simulation starts.
 */
export function weibullResidual(rng: Random, shape: number, scale: number, age: number): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return scale * Math.pow(Math.pow(age / scale, shape) - Math.log(u), 1 / shape) - age;
}

/** Parameters (μ, σ) of a lognormal with the given mean and coefficient of variation. */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** A lognormal draw with the given mean and coefficient of variation (cycle and repair times). */
export function lognormal(rng: Random, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const { mu, sigma } = lognormalParams(mean, cv);
  return Math.exp(mu + sigma * rng.normal());
}

/** Poisson(λ) by Knuth's multiplication method (small λ: disruptions per day). */
export function poisson(rng: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** A 32-bit seed derived from a parent seed and a name: streams that do not shift when others are added. */
export function deriveSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= seed >>> 16;
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}
