import {
  InteractionContextType,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/command.ts';
import { collectionOf } from '../src/discord/articles.ts';
import { clampPage, formatSearchPage, pageCount, SEARCH_PAGE_SIZE } from '../src/discord/messages.ts';
import { pagerRow } from '../src/discord/pager.ts';
import { absentNote } from '../src/shared/absentNote.ts';
import { readAsNote } from '../src/shared/readAs.ts';
import { NO_MENTIONS, ephemeral, type Deferral, deferReplyOptions } from '../src/discord/replies.ts';

/** Results fetched once and paged through with the buttons (the core allows at most 50). */
const SEARCH_LIMIT = 25;

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription("Search this server's articles; shows the best matching passage of each.")
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('query').setDescription('What to look for').setRequired(true));

export const deferral: Deferral = 'public';

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply(deferReplyOptions(deferral));
  const collection = collectionOf(interaction);
  const query = interaction.options.getString('query', true);
  const result = await ctx.work.run(() => ctx.core.search(query, { collection, limit: SEARCH_LIMIT }));
  // Keyed by this interaction's id: unique, and short enough for a button's 100-character custom id.
  ctx.searches.set(interaction.id, {
    userId: interaction.user.id,
    guildId: collection,
    query: result.query,
    hits: result.results,
    readAs: readAsNote(result.corrections),
  });
  await interaction.editReply({
    embeds: [
      formatSearchPage(
        result.query,
        result.results,
        0,
        result.noArticles,
        readAsNote(result.corrections),
        absentNote(result.absentWords),
      ),
    ],
    components: pagerRow('search', interaction.id, 0, pageCount(result.results.length, SEARCH_PAGE_SIZE)),
    allowedMentions: NO_MENTIONS,
  });
}

/** Custom ids `search:<interaction id>:<page>:prev|next`; only whoever ran the search may page it. */
export async function button(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void> {
  const [key = '', pageArg = '0'] = args;
  const state = ctx.searches.get(key);
  if (!state || state.guildId !== interaction.guildId) {
    await interaction.reply(ephemeral('These search results have expired; run /search again.'));
    return;
  }
  if (state.userId !== interaction.user.id) {
    await interaction.reply(
      ephemeral('Only the person who ran this search can page through it; run /search yourself.'),
    );
    return;
  }
  const page = clampPage(Number(pageArg), state.hits.length, SEARCH_PAGE_SIZE);
  await interaction.update({
    embeds: [formatSearchPage(state.query, state.hits, page, false, state.readAs)],
    components: pagerRow('search', key, page, pageCount(state.hits.length, SEARCH_PAGE_SIZE)),
    allowedMentions: NO_MENTIONS,
  });
}
