import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/command.ts';
import { autocompleteArticle, collectionOf, resolveArticle } from '../src/discord/articles.ts';
import { formatSummary } from '../src/discord/messages.ts';
import { NO_MENTIONS, type Deferral, deferReplyOptions } from '../src/discord/replies.ts';

export const SUMMARY_SENTENCES = { short: 3, medium: 5, long: 8 } as const;
type SummaryLength = keyof typeof SUMMARY_SENTENCES;

export const data = new SlashCommandBuilder()
  .setName('summarize')
  .setDescription('Summarize an article with its own key sentences, quoted verbatim.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('article').setDescription('The article').setRequired(true).setAutocomplete(true))
  .addStringOption((o) =>
    o
      .setName('length')
      .setDescription('How many sentences (default short)')
      .addChoices(
        { name: 'short (3 sentences)', value: 'short' },
        { name: 'medium (5 sentences)', value: 'medium' },
        { name: 'long (8 sentences)', value: 'long' },
      ),
  );

export const deferral: Deferral = 'public';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply(deferReplyOptions(deferral));
  const collection = collectionOf(interaction);
  const article = resolveArticle(ctx.core, collection, interaction.options.getString('article', true));
  const length = (interaction.options.getString('length') ?? 'short') as SummaryLength;
  const sentences = SUMMARY_SENTENCES[length] ?? SUMMARY_SENTENCES.short;
  const summary = await ctx.work.run(() => ctx.core.summarize(article.articleId, { collection, sentences }));
  await interaction.editReply({ embeds: [formatSummary(summary)], allowedMentions: NO_MENTIONS });
}

export const autocomplete = autocompleteArticle;
