// The planning worker thread: receives plan requests, runs the pure planning code (`PlanJobRunner`)
// and posts the result back. Loaded by `strategos-worker.js` (which registers tsx first).
import { parentPort, workerData } from 'node:worker_threads';
import { AetherError, type Plant } from '@aethercore/core';
import { PlanJobRunner, type PlanJobRequest } from './strategos-plan-job.ts';

const port = parentPort;
if (port === null) throw new Error('strategos-worker-main runs only as a worker thread');
const { plant } = workerData as { plant: Plant };
const runner = new PlanJobRunner(plant, () => performance.now());

port.on('message', (req: PlanJobRequest) => {
  if (req.fault === 'crash') process.exit(3);
  // A hang without burning a core: block this thread forever.
  if (req.fault === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  try {
    if (req.fault === 'throw')
      throw new AetherError({ code: 'strategos.test-fault', message: 'fault injected', category: 'system' });
    port.postMessage({ ok: true, result: runner.run(req) });
  } catch (e) {
    const err =
      e instanceof AetherError
        ? { code: e.code, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) }
        : { code: 'strategos.worker-failed', message: e instanceof Error ? e.message : String(e) };
    port.postMessage({ ok: false, id: req.id, error: err });
  }
});
port.postMessage({ ready: true });
