import {
  type APIInteraction,
  type APIInteractionResponseDeferredChannelMessageWithSource,
  ApplicationCommandType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  InteractionType,
  type MessageContextMenuCommandInteraction,
  type RepliableInteraction,
  RESTJSONErrorCodes,
} from 'discord.js';
import { QuothError } from '../shared/errors.ts';
import type { BotContext, QuothCommand } from './command.ts';
import type { Cooldown } from './cooldown.ts';
import { GENERIC_ERROR, deferralResponse, ephemeral, replyPrivately } from './replies.ts';

export const GUILD_ONLY_MESSAGE = 'Quoth works inside servers only; use its commands in a server channel.';

export interface InteractionRouter {
  handle(interaction: Interaction): Promise<void>;
  /**
   * The deferral this interaction's command will certainly answer with, from the raw payload,
   * after the router's own checks (guild, cooldown); null when it may answer otherwise. The
   * cooldown is taken here, and handle() of the same interaction then uses that decision.
   */
  deferralFor(raw: APIInteraction): APIInteractionResponseDeferredChannelMessageWithSource | null;
  /** Resolves when every interaction being handled has finished (for a clean shutdown). */
  idle(): Promise<void>;
}

/**
 * Sends each interaction to its command module: slash and message context-menu commands (after the
 * guild and cooldown checks), autocomplete and buttons. Whatever a handler throws ends as one private sentence to the
 * user; unexpected errors are logged with their stack. Nothing here ever throws, so the bot keeps running.
 */
export function createRouter(
  commands: readonly QuothCommand[],
  ctx: BotContext,
  cooldown: Cooldown,
): InteractionRouter {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const inFlight = new Set<Promise<void>>();
  /** Cooldown waits already decided by deferralFor, by interaction id, for runCommand to use. */
  const decidedWaits = new Map<string, number>();

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) return runCommand(interaction);
    if (interaction.isAutocomplete()) return runAutocomplete(interaction);
    if (interaction.isButton()) return runButton(interaction);
  }

  async function runCommand(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ): Promise<void> {
    const command = byName.get(interaction.commandName);
    const handler = interaction.isChatInputCommand()
      ? command?.execute && (() => command.execute!(interaction, ctx))
      : command?.message && (() => command.message!(interaction, ctx));
    if (!command || !handler)
      return fail(interaction, new QuothError('That command is not known to this version of Quoth.'), 'unknown');
    if (!interaction.inGuild())
      return safely(interaction, () => interaction.reply(ephemeral(GUILD_ONLY_MESSAGE)).then(() => undefined));
    const decided = decidedWaits.get(interaction.id);
    decidedWaits.delete(interaction.id);
    const wait = decided ?? cooldown.take(interaction.user.id);
    if (wait > 0) {
      const message = `You're going a little fast; try again in ${wait} second${wait === 1 ? '' : 's'}.`;
      return safely(interaction, () => interaction.reply(ephemeral(message)).then(() => undefined));
    }
    try {
      await handler();
    } catch (err) {
      await fail(interaction, err, command.data.name);
    }
  }

  async function runAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    try {
      if (!command?.autocomplete || !interaction.inGuild()) await interaction.respond([]);
      else await command.autocomplete(interaction, ctx);
    } catch (err) {
      logFailure(err, interaction.commandName, 'autocomplete');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  async function runButton(interaction: ButtonInteraction): Promise<void> {
    const [name, ...args] = interaction.customId.split(':');
    const command = name ? byName.get(name) : undefined;
    if (!command?.button)
      return fail(interaction, new QuothError('This button no longer works; run the command again.'), 'button');
    try {
      await command.button(interaction, ctx, args);
    } catch (err) {
      await fail(interaction, err, `${command.data.name} button`);
    }
  }

  function logFailure(err: unknown, command: string, what = 'command'): void {
    if (err instanceof QuothError) ctx.log.debug({ command, code: err.code }, err.message);
    else if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownInteraction) {
      ctx.log.warn({ command }, 'the interaction expired before it was acknowledged (over 3 seconds)');
    } else ctx.log.error({ err, command }, `${what} failed`);
  }

  async function fail(interaction: RepliableInteraction, err: unknown, command: string): Promise<void> {
    logFailure(err, command);
    const message = err instanceof QuothError ? err.message : GENERIC_ERROR;
    await safely(interaction, () => replyPrivately(interaction, message));
  }

  /** Replying can fail too (the interaction expired, Discord is down): log it, never throw. */
  async function safely(interaction: RepliableInteraction, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (err) {
      ctx.log.warn({ err, interaction: interaction.id }, 'could not reply to an interaction');
    }
  }

  return {
    handle(interaction) {
      const run = route(interaction).catch((err) => ctx.log.error({ err }, 'interaction handler crashed'));
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      return run;
    },
    deferralFor(raw) {
      if (raw.type !== InteractionType.ApplicationCommand || raw.data.type !== ApplicationCommandType.ChatInput)
        return null;
      const command = byName.get(raw.data.name);
      // Not in a server (discord.js's inGuild(): a guild id and a member): runCommand answers that itself.
      if (!command?.execute || !command.deferral || !raw.guild_id || !raw.member) return null;
      const user = raw.member.user.id;
      const wait = cooldown.take(user);
      decidedWaits.set(raw.id, wait);
      return wait > 0 ? null : deferralResponse(command.deferral);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
