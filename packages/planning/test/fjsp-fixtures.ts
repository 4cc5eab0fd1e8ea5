/** Test helper: read fixtures/fjsp instances (Brandimarte format, 1-based machines) without the io/ parser. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlexibleJobShopInstance } from '../src/index.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'fjsp');

export function loadFjsp(name: string): FlexibleJobShopInstance {
  const nums = readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  let k = 0;
  const next = (): number => nums[k++]!;
  const jobs = next();
  const machines = next();
  k++;
  const ops = Array.from({ length: jobs }, () =>
    Array.from({ length: next() }, () =>
      Array.from({ length: next() }, () => ({ machine: next() - 1, duration: next() })),
    ),
  );
  return { name, jobs, machines, ops };
}
