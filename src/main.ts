// `npm start`: the Discord bot when DISCORD_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions
// endpoint) is set, otherwise the interactive console over the sample articles (ingested on first start).
import { oneLine } from './shared/errors.ts';
import { loadDotenv, openLibraryForCli, cliConfig } from './cli/openLibrary.ts';
import { runConsole } from './console/console.ts';

async function main(): Promise<void> {
  loadDotenv();
  if (process.env.DISCORD_TOKEN?.trim() || process.env.DISCORD_PUBLIC_KEY?.trim()) {
    const { runBot } = await import('./discord/runBot.ts');
    const { commands } = await import('../commands/index.ts');
    await runBot(process.env, { commands });
    return;
  }
  const config = cliConfig({});
  const lib = await openLibraryForCli({ quiet: true });
  const shutdown = async () => {
    await lib.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await runConsole(lib, config.dataDir);
  } finally {
    await lib.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`quoth: ${oneLine(err)}\n`);
  process.exitCode = 1;
});
