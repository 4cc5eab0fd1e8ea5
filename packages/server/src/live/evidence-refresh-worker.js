// Entry of Dexter's evidence-refresh worker thread (`node:worker_threads`). The repository runs
// TypeScript through tsx without a build step, and a worker starts with a fresh module loader:
// register tsx's ESM hooks here, then load the TypeScript entry (as strategos-worker.js does).
import { register } from 'tsx/esm/api';

register();
await import('./evidence-refresh-worker-main.ts');
