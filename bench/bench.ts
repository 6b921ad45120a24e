// npm run bench [-- --quick] [-- --only reuters,coldstart,embed,hnsw] [-- --hnsw-1m-deadline SECONDS]
// Speed, memory and scale. Each measurement runs in its own child process so that its peak RSS is
// its own; this process only orchestrates and writes the report.
import { runBench, runPhase } from './speed/main.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const argv = process.argv.slice(2);
if (argv[0] === '--phase') await runPhase(argv.slice(1), log);
else await runBench(argv, log);
