// The bot side of `npm run bench:discord`, in its own process as in production (so the fake Discord
// and the load generator do not share its event loop): runBot with the environment the benchmark
// sets, with discord.js's REST limit raised — Discord does not apply its global rate limit to
// interaction responses, but discord.js counts them against its 50/s default.
import { commands } from '../commands/index.ts';
import { runBot } from '../src/discord/runBot.ts';

try {
  await runBot(process.env, { commands, rest: { globalRequestsPerSecond: 100_000 } });
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
