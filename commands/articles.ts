import {
  InteractionContextType,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/command.ts';
import { collectionOf } from '../src/discord/articles.ts';
import { ARTICLES_PAGE_SIZE, clampPage, formatArticlesPage, pageCount } from '../src/discord/messages.ts';
import { pagerRow } from '../src/discord/pager.ts';
import { NO_MENTIONS, ephemeral } from '../src/discord/replies.ts';

export const data = new SlashCommandBuilder()
  .setName('articles')
  .setDescription("List this server's articles.")
  .setContexts(InteractionContextType.Guild);

// Listing reads SQLite only, fast enough to answer without deferring.
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const articles = ctx.core.list({ collection: collectionOf(interaction) });
  await interaction.reply({
    embeds: [formatArticlesPage(articles, 0)],
    components: pagerRow('articles', interaction.user.id, 0, pageCount(articles.length, ARTICLES_PAGE_SIZE)),
    allowedMentions: NO_MENTIONS,
  });
}

/**
 * Custom ids `articles:<owner user id>:<page>:prev|next`. The list is read again on every click,
 * so nothing needs remembering and a page always shows the server's current articles.
 */
export async function button(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void> {
  const [ownerId = '', pageArg = '0'] = args;
  if (ownerId !== interaction.user.id) {
    await interaction.reply(
      ephemeral('Only the person who ran /articles can page through this list; run /articles yourself.'),
    );
    return;
  }
  const articles = ctx.core.list({ collection: collectionOf(interaction) });
  const page = clampPage(Number(pageArg), articles.length, ARTICLES_PAGE_SIZE);
  await interaction.update({
    embeds: [formatArticlesPage(articles, page)],
    components: pagerRow('articles', ownerId, page, pageCount(articles.length, ARTICLES_PAGE_SIZE)),
    allowedMentions: NO_MENTIONS,
  });
}
