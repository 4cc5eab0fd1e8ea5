// Entry of Strategos' planning worker thread (`node:worker_threads`). The repository runs TypeScript
// through tsx without a build step, and a worker starts with a fresh module loader: register tsx's
// ESM hooks here (module.register under the hood), then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./strategos-worker-main.ts');
