import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  type ButtonInteraction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { QuothError } from '../src/shared/errors.ts';
import { collectionOf } from '../src/discord/articles.ts';
import type { BotContext } from '../src/discord/command.ts';
import { formatAskReply } from '../src/discord/messages.ts';
import { NO_MENTIONS } from '../src/discord/replies.ts';
import { cutAtBoundary } from '../src/discord/textFit.ts';

const NAME = 'Ask Quoth';
/** Longer messages are asked about by their beginning: a question is a sentence or two, not an essay. */
const QUESTION_MAX = 500;

export const data = new ContextMenuCommandBuilder()
  .setName(NAME)
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild);

/** Right-click a message → Apps → Ask Quoth: its text is the question; the answer is private until posted. */
export async function message(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  // The bot has no Message Content intent, but Discord resolves the target message's content for this command.
  const question = cutAtBoundary(interaction.targetMessage.content.trim(), QUESTION_MAX);
  if (!question) throw new QuothError('That message has no text to ask about.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const collection = collectionOf(interaction);
  const result = await ctx.work.run(() => ctx.core.ask(question, { collection }));
  const reply = formatAskReply(result);
  // An abstention is not worth posting for everyone.
  const components = result.abstained
    ? []
    : [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(`${NAME}:post`).setLabel('Post in channel').setStyle(ButtonStyle.Primary),
        ),
      ];
  await interaction.editReply({ ...reply, components, allowedMentions: NO_MENTIONS });
}

/**
 * "Post in channel": the private answer (the message the button sits on, which only its asker can
 * see or click) is posted for everyone, and the button removed so it cannot be posted twice.
 */
export async function button(interaction: ButtonInteraction, _ctx: BotContext, args: string[]): Promise<void> {
  if (args[0] !== 'post') throw new QuothError('This button no longer works; ask again.');
  const embeds = interaction.message.embeds.map((e) => e.toJSON());
  if (embeds.length === 0) throw new QuothError('There is no answer here to post; ask again.');
  await interaction.update({ components: [], allowedMentions: NO_MENTIONS });
  await interaction.followUp({ embeds, allowedMentions: NO_MENTIONS });
}
