import {
  type APIInteractionResponseDeferredChannelMessageWithSource,
  InteractionResponseType,
  MessageFlags,
  type InteractionDeferReplyOptions,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';

/**
 * Sent with every message: nothing in a reply may ping anyone, whatever an article or a question
 * contains (`@everyone`, `<@id>`, role mentions). Also set as the client default, belt and braces.
 */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export const GENERIC_ERROR = 'Something went wrong; the error was logged.';

export function ephemeral(content: string): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

/**
 * Shows `message` to the invoking user only, whatever state the interaction is in. A public deferred
 * reply cannot turn ephemeral, so it is deleted and the message follows up ephemerally.
 */
export async function replyPrivately(interaction: RepliableInteraction, message: string): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ content: message, embeds: [], components: [], allowedMentions: NO_MENTIONS });
      return;
    }
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(ephemeral(message));
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(ephemeral(message));
  } else {
    await interaction.reply(ephemeral(message));
  }
}

/** Who sees a deferred reply: the channel, or only the user who ran the command. */
export type Deferral = 'public' | 'ephemeral';

/** What a command passes to deferReply for its `deferral`. */
export function deferReplyOptions(deferral: Deferral): InteractionDeferReplyOptions {
  return { flags: deferral === 'ephemeral' ? MessageFlags.Ephemeral : undefined };
}

/** The callback body discord.js sends for deferReply(deferReplyOptions(deferral)), to send it without discord.js. */
export function deferralResponse(deferral: Deferral): APIInteractionResponseDeferredChannelMessageWithSource {
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    // discord.js sends its flags bitfield, 0 when empty.
    data: { flags: (deferral === 'ephemeral' ? MessageFlags.Ephemeral : 0) as MessageFlags },
  };
}
