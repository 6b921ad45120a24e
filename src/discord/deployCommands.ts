import dotenv from 'dotenv';
import { REST, Routes, type RESTOptions } from 'discord.js';
import { QuothError, oneLine } from '../shared/errors.ts';
import type { QuothCommand } from './command.ts';
import { loadDiscordConfig, type DiscordConfig } from './config.ts';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId: string | null;
  names: string[];
}

/**
 * Registers the slash commands with Discord (a bulk overwrite, so removed commands disappear too):
 * in DISCORD_GUILD_ID's server when set — instant, for development — or globally.
 */
export async function deployCommands(
  config: DiscordConfig,
  commands: readonly QuothCommand[],
  rest: Partial<RESTOptions> = {},
): Promise<DeployResult> {
  if (!config.clientId) throw new QuothError('Configuration error: DISCORD_CLIENT_ID is missing.', 'config');
  const client = new REST({ ...(config.apiUrl ? { api: config.apiUrl } : {}), ...rest }).setToken(config.token ?? '');
  const body = commands.map((c) => c.data.toJSON());
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  try {
    const registered = (await client.put(route, { body })) as { name: string }[];
    return {
      scope: config.guildId ? 'guild' : 'global',
      guildId: config.guildId,
      names: registered.map((c) => c.name),
    };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401)
      throw new Error(
        'Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the token again from the Developer Portal.',
      );
    if (status === 403 || status === 404) {
      const guildHint = config.guildId
        ? ', DISCORD_GUILD_ID and that the bot was invited there with the applications.commands scope'
        : '';
      throw new Error(
        `Discord refused to register the commands (HTTP ${status}): check DISCORD_CLIENT_ID${guildHint}.`,
      );
    }
    throw new Error(`Could not register the commands: ${oneLine(err)}`);
  } finally {
    client.clearHashSweeper();
    client.clearHandlerSweeper();
  }
}

/** `npm run deploy-commands`: reads .env, registers, prints one line; returns the exit code. */
export async function deployCommandsMain(
  commands: readonly QuothCommand[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  dotenv.config({ quiet: true });
  try {
    const result = await deployCommands(loadDiscordConfig(env, { requireClientId: true }), commands);
    const where =
      result.scope === 'guild'
        ? `in server ${result.guildId} (available now)`
        : 'globally (may take up to an hour to appear)';
    process.stdout.write(
      `Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(', ')}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`${oneLine(err)}\n`);
    return 1;
  }
}
