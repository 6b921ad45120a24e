// Interactions as Discord dispatches them: slash commands, message context-menu commands,
// autocompletes and button clicks, each with the guild, channel and member around it.
import crypto from 'node:crypto';
import { buildMessage } from './fakeMessages.ts';
import type { FakeInteraction } from './fakeInteraction.ts';
import type { FakeDiscordState } from './fakeState.ts';
import {
  type AutocompleteRequest,
  type BotReply,
  type CommandOption,
  type CommandRequest,
  type FakeUser,
  MANAGER_PERMISSIONS,
  MEMBER_PERMISSIONS,
  type MessageCommandRequest,
  snowflake,
} from './fakeTypes.ts';

export function commandPayload(fake: FakeDiscordState, opts: CommandRequest): Record<string, unknown> {
  const channels = resolveChannels(fake, opts.guildId, opts.options ?? []);
  const resolved =
    opts.attachments?.length || channels.length
      ? {
          ...(opts.attachments?.length
            ? { attachments: Object.fromEntries(opts.attachments.map((a) => [a.id, a])) }
            : {}),
          ...(channels.length ? { channels: Object.fromEntries(channels.map((c) => [c.id, c])) } : {}),
        }
      : undefined;
  return interactionPayload(fake, 2, opts.guildId, opts.user, opts.permissions, {
    data: {
      id: fake.commandId(opts.name),
      name: opts.name,
      type: 1,
      options: opts.options ?? [],
      ...(resolved ? { resolved } : {}),
    },
  });
}

/**
 * Discord resolves every channel option (type 7) into `resolved.channels`; a user can only pick a
 * channel of the server, so any other id is a mistake in the test.
 */
function resolveChannels(
  fake: FakeDiscordState,
  guildId: string | null,
  options: CommandOption[],
): Record<string, unknown>[] {
  return options.flatMap((o) => {
    if (o.options) return resolveChannels(fake, guildId, o.options);
    if (o.type !== 7) return [];
    const id = String(o.value);
    if (!guildId || fake.channelIds.get(guildId) !== id) throw new Error(`No channel ${id} in guild ${guildId}`);
    return [{ id, type: 0, name: 'general', permissions: MANAGER_PERMISSIONS, guild_id: guildId }];
  });
}

/** See FakeDiscord.sendMessageCommand: the target message travels whole, in data.resolved.messages. */
export function messageCommandPayload(fake: FakeDiscordState, opts: MessageCommandRequest): Record<string, unknown> {
  const id = snowflake();
  const message = {
    ...buildMessage(fake, fake.channelIds.get(opts.guildId)!, null, 0, { content: opts.target.content }),
    id,
    author: { ...opts.target.author, discriminator: '0', global_name: opts.target.author.username, avatar: null },
    attachments: opts.target.attachments ?? [],
  };
  delete (message as { application_id?: string }).application_id;
  return interactionPayload(fake, 2, opts.guildId, opts.user, opts.permissions, {
    data: {
      id: fake.commandId(opts.name),
      name: opts.name,
      type: 3,
      target_id: id,
      resolved: { messages: { [id]: message } },
    },
  });
}

export function autocompletePayload(fake: FakeDiscordState, opts: AutocompleteRequest): Record<string, unknown> {
  return interactionPayload(fake, 4, opts.guildId, opts.user, opts.permissions, {
    data: { id: fake.commandId(opts.name), name: opts.name, type: 1, options: opts.options },
  });
}

/** See FakeDiscord.clickButton. */
export function buttonClickPayload(
  fake: FakeDiscordState,
  on: FakeInteraction,
  customId: string,
  user: FakeUser,
  permissions: string | undefined,
): Record<string, unknown> {
  const message = on.original;
  if (!message) throw new Error(`Interaction ${on.id} has no message to click on`);
  const buttons = ((message.components ?? []) as BotReply['components']).flatMap((row) => row.components);
  const button = buttons.find((b) => b.custom_id === customId);
  if (!button)
    throw new Error(
      `No button "${customId}" on the message; it has ${buttons.map((b) => b.custom_id).join(', ') || 'none'}`,
    );
  if (button.disabled) throw new Error(`Button "${customId}" is disabled`);
  const guildId = (on.payload.guild_id as string | undefined) ?? null;
  return interactionPayload(fake, 3, guildId, user, permissions, {
    data: { custom_id: customId, component_type: 2 },
    message,
  });
}

/** The payload every interaction shares: ids, token, and the guild channel and member, or the DM and user. */
export function interactionPayload(
  fake: FakeDiscordState,
  type: number,
  guildId: string | null,
  user: FakeUser,
  permissions: string | undefined,
  extra: Record<string, unknown>,
): Record<string, unknown> & { id: string; token: string; type: number } {
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${crypto.randomBytes(48).toString('base64url')}`;
  const fullUser = {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
  };
  const where = guildId
    ? {
        guild_id: guildId,
        guild: { id: guildId, locale: 'en-US', features: [] },
        channel_id: fake.channelIds.get(guildId),
        channel: { id: fake.channelIds.get(guildId), type: 0, guild_id: guildId, name: 'general' },
        member: {
          user: fullUser,
          roles: [],
          permissions: permissions ?? MEMBER_PERMISSIONS,
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          nick: null,
          avatar: null,
          premium_since: null,
          communication_disabled_until: null,
        },
        context: 0,
        authorizing_integration_owners: { '0': guildId },
      }
    : {
        user: fullUser,
        channel_id: user.id,
        channel: { id: snowflake(), type: 1, recipients: [fullUser] },
        context: 1,
        authorizing_integration_owners: { '1': user.id },
      };
  const payload = {
    id,
    application_id: fake.applicationId,
    type,
    token,
    version: 1,
    app_permissions: MANAGER_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    ...where,
    ...extra,
  };
  return payload;
}
