// The evidence-refresh worker thread: brings its replica of the running twin to the request's state
// (checked by snapshot hash), runs the agents' two-fork what-if (`refreshEvidence`) and posts the
// result back. Loaded by `evidence-refresh-worker.js` (which registers tsx first).
import { parentPort, workerData } from 'node:worker_threads';
import { AetherError, type Plant } from '@aethercore/core';
import { refreshEvidence } from '@aethercore/agents';
import { TwinReplica } from './twin-replica.ts';
import type { RefreshJob, RefreshReply } from './evidence-refresh-worker-client.ts';

const port = parentPort;
if (port === null) throw new Error('evidence-refresh-worker-main runs only as a worker thread');
const { plant } = workerData as { plant: Plant };
const replica = new TwinReplica(plant);
const post = (m: RefreshReply): void => port.postMessage(m);

port.on('message', (job: RefreshJob) => {
  if (job.fault === 'crash') process.exit(3);
  // A hang without burning a core: block this thread forever.
  if (job.fault === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  const started = performance.now();
  try {
    if (job.fault === 'throw')
      throw new AetherError({ code: 'evidence.test-fault', message: 'fault injected', category: 'system' });
    const { twin, how } = replica.sync(job.twin);
    const result = refreshEvidence({
      twin,
      plant,
      proposal: job.proposal,
      command: job.command,
      now: job.now,
      stateVersion: job.stateVersion,
      defaultHorizonMs: job.defaultHorizonMs,
    });
    post({ id: job.id, ok: true, result, replica: how, workMs: performance.now() - started });
  } catch (e) {
    const error =
      e instanceof AetherError
        ? { code: e.code, message: e.message }
        : { code: 'evidence.refresh-failed', message: e instanceof Error ? e.message : String(e) };
    post({ id: job.id, ok: false, error });
  }
});
post({ ready: true });
