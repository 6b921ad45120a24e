// The file a pool worker thread starts from. Worker threads do not inherit the main thread's tsx
// hooks (module.register is per thread), and `--import tsx` in execArgv resolves 'tsx' from the
// working directory, so this plain-JS entry registers tsx from the project's own node_modules —
// the same way bin/start.js and bin/quoth.js do — then loads the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./poolWorker.ts');
