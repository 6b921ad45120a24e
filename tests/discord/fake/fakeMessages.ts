// Message objects as Discord returns them: what the bot posts and the messages users act on.
import type { FakeInteraction } from './fakeInteraction.ts';
import type { FakeDiscordState } from './fakeState.ts';
import { LOADING, snowflake } from './fakeTypes.ts';

export function makeMessage(
  fake: FakeDiscordState,
  interaction: FakeInteraction,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const message = {
    ...buildMessage(
      fake,
      String(interaction.payload.channel_id),
      (interaction.payload.guild_id as string | undefined) ?? null,
      interaction.type === 2 ? 20 : 0,
      body,
    ),
    webhook_id: fake.applicationId,
  };
  fake.messagesById.set(message.id, message);
  return message;
}

export function buildMessage(
  fake: FakeDiscordState,
  channelId: string,
  guildId: string | null,
  type: number,
  body: Record<string, unknown>,
): Record<string, unknown> & { id: string } {
  return {
    id: snowflake(),
    type,
    channel_id: channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: fake.botUser,
    content: String(body.content ?? ''),
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    flags: Number(body.flags ?? 0),
    application_id: fake.applicationId,
  };
}

export function updateMessage(message: Record<string, unknown>, body: Record<string, unknown>): void {
  for (const key of ['content', 'embeds', 'components'] as const) if (body[key] !== undefined) message[key] = body[key];
  message.flags = Number(message.flags ?? 0) & ~LOADING;
  message.edited_timestamp = new Date().toISOString();
}
