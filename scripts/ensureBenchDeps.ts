// `npm test` runs this first (pretest): tests/bench checks the benchmark's ROUGE scorer and peer
// set-ups, whose packages live in bench/package.json. A no-op once they are installed.
import { ensureBenchDeps } from '../bench/lib/ensureDeps.ts';

ensureBenchDeps((line) => process.stderr.write(`${line}\n`));
