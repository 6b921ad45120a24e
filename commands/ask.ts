import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/command.ts';
import { autocompleteArticle, collectionOf, resolveArticle } from '../src/discord/articles.ts';
import { formatAskReply } from '../src/discord/messages.ts';
import { NO_MENTIONS, type Deferral, deferReplyOptions } from '../src/discord/replies.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription("Ask a question; Quoth answers with verbatim quotes from this server's articles.")
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true))
  .addStringOption((o) => o.setName('article').setDescription('Only look in this article').setAutocomplete(true));

export const deferral: Deferral = 'public';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply(deferReplyOptions(deferral));
  const collection = collectionOf(interaction);
  const question = interaction.options.getString('question', true);
  const articleOption = interaction.options.getString('article');
  const articleId = articleOption ? resolveArticle(ctx.core, collection, articleOption).articleId : undefined;
  const result = await ctx.work.run(() => ctx.core.ask(question, { collection, articleId }));
  await interaction.editReply({ ...formatAskReply(result), allowedMentions: NO_MENTIONS });
}

export const autocomplete = autocompleteArticle;
