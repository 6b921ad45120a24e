// `npm run test:faults -- --rounds 100 [--seed N]`: the fault suite (tests/faults) with more kill
// rounds than `npm test` runs; vitest itself takes no such option, so it travels as QUOTH_FAULT_ROUNDS.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '100' }, seed: { type: 'string' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds must be a whole number of at least 1, not "${values.rounds}".`);
  process.exit(1);
}
const env: NodeJS.ProcessEnv = { ...process.env, QUOTH_FAULT_ROUNDS: String(rounds) };
if (values.seed !== undefined) env.QUOTH_FAULT_SEED = values.seed;
const run = spawnSync('npx', ['vitest', 'run', 'tests/faults'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
