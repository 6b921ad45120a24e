// The file the ingest's splitting thread starts from: worker threads do not inherit the main
// thread's tsx hooks, so this plain-JS entry registers tsx (as src/pool/workerEntry.mjs does).
import { register } from 'tsx/esm/api';
register();
await import('./splitWorker.ts');
