// B5: a built index stored on disk with everything needed to re-run only the query phase
// (the held-out queries, their labels, the labels of the stored signatures and the exact
// ground truth), so that a 6.2 M build (≈ 1 h on this machine) is paid once.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AetherError, describeValue, type VectorHit } from '@aethercore/core';

export const SAVED_FORMAT = 'aethercore-b5-index/1';

/** The parameters that define the data, the graph and the truth; a load must match them. */
export interface SavedParams {
  readonly size: number;
  readonly queries: number;
  readonly k: number;
  readonly seed: number;
  readonly m: number;
  readonly efConstruction: number;
  readonly calibration: number;
  readonly dim: number;
}

export interface SavedMeta extends SavedParams {
  readonly format: typeof SAVED_FORMAT;
  /** Index files in the directory, e.g. { 'usearch-f32': 'usearch-f32.usearch', hnsw: 'hnsw.bin' }. */
  readonly indexes: Record<string, string>;
  readonly truth: 'js' | 'usearch';
  readonly buildS: Record<string, number>;
  readonly savedAt: string;
}

/** What the query phase needs besides the index. */
export interface SavedData {
  /** Standardised held-out queries, queries×dim row-major. */
  readonly queries: Float32Array;
  /** Generated failure mode of each query (index into FAILURE_MODES). */
  readonly queryModes: Uint8Array;
  /** Failure mode of each stored signature (for the vote). */
  readonly storedModes: Uint8Array;
  /** Exact top-k of every query (ids and squared L2). */
  readonly truth: readonly (readonly VectorHit[])[];
}

const FILES = {
  meta: 'meta.json',
  queries: 'queries.f32',
  queryModes: 'query-modes.u8',
  storedModes: 'stored-modes.u8',
  truthIds: 'truth-ids.u32',
  truthDistances: 'truth-distances.f32',
} as const;

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function corrupt(dir: string, what: string): AetherError {
  return new AetherError({
    code: 'bench.index-dir-invalid',
    message: `${dir}: ${what}`,
    hint: 'build and store an index with --save-index <dir> first',
    path: dir,
  });
}

/** Writes meta and data (the index files are written by the caller beside them). */
export function writeSavedData(dir: string, meta: SavedMeta, data: SavedData): void {
  mkdirSync(dir, { recursive: true });
  const nq = meta.queries;
  const k = meta.k;
  const ids = new Uint32Array(nq * k).fill(0xffffffff);
  const dist = new Float32Array(nq * k).fill(Number.NaN);
  data.truth.forEach((hits, q) =>
    hits.forEach((h, i) => {
      ids[q * k + i] = h.id;
      dist[q * k + i] = h.distance;
    }),
  );
  writeFileSync(path.join(dir, FILES.queries), bytes(data.queries));
  writeFileSync(path.join(dir, FILES.queryModes), bytes(data.queryModes));
  writeFileSync(path.join(dir, FILES.storedModes), bytes(data.storedModes));
  writeFileSync(path.join(dir, FILES.truthIds), bytes(ids));
  writeFileSync(path.join(dir, FILES.truthDistances), bytes(dist));
  // meta.json last: its presence marks a complete directory.
  writeFileSync(path.join(dir, FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Adds an index file name and its build time to an existing meta.json. */
export function recordSavedIndex(dir: string, name: string, file: string, buildS: number): void {
  const metaFile = path.join(dir, FILES.meta);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as SavedMeta;
  const next: SavedMeta = {
    ...meta,
    indexes: { ...meta.indexes, [name]: file },
    buildS: { ...meta.buildS, [name]: buildS },
  };
  writeFileSync(metaFile, `${JSON.stringify(next, null, 2)}\n`);
}

function readTyped<T>(
  dir: string,
  file: string,
  make: (b: ArrayBuffer) => T,
  length: (t: T) => number,
  want: number,
): T {
  const p = path.join(dir, file);
  if (!existsSync(p)) throw corrupt(dir, `${file} is missing`);
  const buf = readFileSync(p);
  const copy = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  let t: T;
  try {
    t = make(copy);
  } catch {
    throw corrupt(dir, `${file} has ${buf.byteLength} bytes, not a whole number of elements`);
  }
  if (length(t) !== want) throw corrupt(dir, `${file} holds ${length(t)} values, expected ${want}`);
  return t;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Reads and checks meta.json; every parameter in `expected` must equal the stored one. */
export function readSavedMeta(dir: string, expected: Partial<SavedParams>): SavedMeta {
  const metaFile = path.join(dir, FILES.meta);
  if (!existsSync(metaFile)) {
    throw new AetherError({
      code: 'bench.index-dir-missing',
      message: `${dir} holds no saved B5 index (${FILES.meta} not found)`,
      hint: 'build and store one first: npm run bench -- fault-memory --size N --save-index <dir>',
      path: dir,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch {
    throw corrupt(dir, `${FILES.meta} is not JSON`);
  }
  const m = raw as Partial<SavedMeta> | null;
  if (m === null || typeof m !== 'object' || m.format !== SAVED_FORMAT) {
    throw corrupt(dir, `${FILES.meta} is not a ${SAVED_FORMAT} file (format ${describeValue(m?.format)})`);
  }
  const keys: (keyof SavedParams)[] = [
    'size',
    'queries',
    'k',
    'seed',
    'm',
    'efConstruction',
    'calibration',
    'dim',
  ];
  for (const key of keys)
    if (!isInt(m[key])) throw corrupt(dir, `${FILES.meta}: ${key} is ${describeValue(m[key])}`);
  if (m.indexes === undefined || typeof m.indexes !== 'object' || m.indexes === null) {
    throw corrupt(dir, `${FILES.meta}: no index files listed`);
  }
  const differ = keys.filter((key) => expected[key] !== undefined && expected[key] !== m[key]);
  if (differ.length > 0) {
    throw new AetherError({
      code: 'bench.index-params-differ',
      message: `the index in ${dir} was built with ${differ.map((key) => `${key}=${String(m[key])}`).join(', ')}, not ${differ.map((key) => `${key}=${String(expected[key])}`).join(', ')}`,
      hint: 'drop those options (they are taken from the saved index) or build a new one with --save-index',
      path: dir,
    });
  }
  return m as SavedMeta;
}

/** Reads the query-phase data written by `writeSavedData`, checking every length. */
export function readSavedData(dir: string, meta: SavedMeta): SavedData {
  const { queries: nq, k, size, dim } = meta;
  const queries = readTyped(
    dir,
    FILES.queries,
    (b) => new Float32Array(b),
    (t) => t.length,
    nq * dim,
  );
  const queryModes = readTyped(
    dir,
    FILES.queryModes,
    (b) => new Uint8Array(b),
    (t) => t.length,
    nq,
  );
  const storedModes = readTyped(
    dir,
    FILES.storedModes,
    (b) => new Uint8Array(b),
    (t) => t.length,
    size,
  );
  const ids = readTyped(
    dir,
    FILES.truthIds,
    (b) => new Uint32Array(b),
    (t) => t.length,
    nq * k,
  );
  const dist = readTyped(
    dir,
    FILES.truthDistances,
    (b) => new Float32Array(b),
    (t) => t.length,
    nq * k,
  );
  const truth: VectorHit[][] = [];
  for (let q = 0; q < nq; q++) {
    const hits: VectorHit[] = [];
    for (let i = 0; i < k; i++) {
      const id = ids[q * k + i] as number;
      if (id !== 0xffffffff) hits.push({ id, distance: dist[q * k + i] as number });
    }
    truth.push(hits);
  }
  return { queries, queryModes, storedModes, truth };
}

/** The file of one index in a saved directory, or a coded error naming the ones there are. */
export function savedIndexFile(dir: string, meta: SavedMeta, name: string): string {
  const file = meta.indexes[name];
  if (file === undefined) {
    throw new AetherError({
      code: 'bench.index-not-saved',
      message: `${dir} holds no '${name}' index (it holds: ${Object.keys(meta.indexes).join(', ') || 'none'})`,
      hint: 'choose --index/--dtype to match, or build it with --save-index',
      path: dir,
    });
  }
  const p = path.join(dir, file);
  if (!existsSync(p)) throw corrupt(dir, `${file} is missing`);
  return p;
}
