// npm run eval [-- --quick] [-- --only squad,abstention,summaries]
// Answer quality (SQuAD) against LangChain.js and Orama, abstention, and summary quality (ROUGE).
import { ensureBenchDeps } from './lib/ensureDeps.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
ensureBenchDeps(log);
// Imported only now: these modules load the packages that ensureBenchDeps may just have installed.
const { runEval } = await import('./eval/main.ts');
await runEval(process.argv.slice(2), log);
