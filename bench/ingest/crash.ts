// RELIABILITY "kill -9 while ingesting": a child writes acknowledged batches, the parent kills it
// with SIGKILL at random moments, reopens the file and checks that no acknowledged sample is lost,
// no batch is half-stored, no sample is duplicated and every sensor's samples keep their order.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRandom } from '@aethercore/core';
import { SqliteTelemetryStore } from '@aethercore/adapter-sqlite';

export interface CrashOptions {
  readonly file: string;
  readonly kills: number;
  readonly total: number;
  readonly batch: number;
  readonly series: number;
  readonly inflight: number;
  readonly seed: number;
  readonly onRound?: (round: number, acked: number) => void;
}

export interface CrashResult {
  readonly kills: number;
  readonly ackedSamples: number;
  readonly storedSamples: number;
  readonly lostAcknowledged: number;
  readonly partialBatches: number;
  readonly duplicates: number;
  readonly orderViolations: number;
  readonly finished: boolean;
}

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');

/** Runs the writer until it has printed `acksBeforeKill` acks (then SIGKILL), or until it finishes. */
function runWriter(
  o: CrashOptions,
  acksBeforeKill: number | undefined,
): Promise<{ acked: number[]; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        WRITER,
        o.file,
        String(o.total),
        String(o.batch),
        String(o.series),
        String(o.inflight),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked: number[] = [];
    let finished = false;
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (line === 'done') finished = true;
        if (acksBeforeKill !== undefined && acked.length >= acksBeforeKill && child.exitCode === null)
          child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ acked, finished }));
  });
}

export async function runCrashCampaign(o: CrashOptions): Promise<CrashResult> {
  const rnd = createRandom(o.seed);
  const acked = new Set<number>();
  let finished = false;
  let kills = 0;
  for (let round = 0; round < o.kills && !finished; round++) {
    const r = await runWriter(o, rnd.int(1, 30));
    r.acked.forEach((k) => acked.add(k));
    finished = r.finished;
    if (!finished) kills++;
    o.onRound?.(round, acked.size);
  }
  if (!finished) {
    const last = await runWriter(o, undefined);
    last.acked.forEach((k) => acked.add(k));
    finished = last.finished;
  }

  const store = new SqliteTelemetryStore({ file: o.file });
  try {
    const present = new Map<number, number>(); // batch → samples found
    let stored = 0;
    let duplicates = 0;
    let orderViolations = 0;
    for (const id of await store.seriesIds()) {
      const pts = await store.query({ seriesId: id, from: 0, to: Number.MAX_SAFE_INTEGER });
      stored += pts.length;
      const seen = new Set<number>();
      for (let i = 0; i < pts.length; i++) {
        const v = pts[i]!.value;
        if (seen.has(v)) duplicates++;
        seen.add(v);
        if (i > 0 && v <= pts[i - 1]!.value) orderViolations++;
        const k = Math.floor(v / o.batch);
        present.set(k, (present.get(k) ?? 0) + 1);
      }
    }
    let lostAcknowledged = 0;
    for (const k of acked) lostAcknowledged += o.batch - (present.get(k) ?? 0);
    const partialBatches = [...present.values()].filter((n) => n !== o.batch).length;
    return {
      kills,
      ackedSamples: acked.size * o.batch,
      storedSamples: stored,
      lostAcknowledged,
      partialBatches,
      duplicates,
      orderViolations,
      finished,
    };
  } finally {
    await store.close();
  }
}
