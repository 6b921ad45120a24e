import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { collectionOf } from '../src/discord/articles.ts';
import type { BotContext } from '../src/discord/command.ts';
import { EMBED_COLOR } from '../src/discord/messages.ts';
import { NO_MENTIONS } from '../src/discord/replies.ts';

export const data = new SlashCommandBuilder()
  .setName('about')
  .setDescription('What Quoth is, how many articles this server has, and how it searches.')
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const stats = ctx.core.stats({ collection: collectionOf(interaction) });
  const mode =
    stats.mode === 'hybrid'
      ? `hybrid: keyword (BM25) and meaning (${stats.model ?? 'embedding model'}) search combined`
      : `lexical: keyword (BM25) search only. ${stats.lexicalReason ?? ''}`.trim();
  const description = [
    'Quoth answers questions about the articles added to this server, using **only verbatim ' +
      'quotes** from them, each linked to its article. It never writes an answer of ' +
      'its own: when the articles do not say, it answers "Not found in the articles."',
    '',
    `**Articles in this server:** ${stats.articles.toLocaleString('en-US')}`,
    `**Mode:** ${mode}`,
    '',
    '`/ask` · `/search` · `/summarize` · `/articles` · `/add` and `/remove` (Manage Server) · `/about`',
  ].join('\n');
  await interaction.reply({
    embeds: [{ title: 'About Quoth', description: description.slice(0, 4096), color: EMBED_COLOR }],
    allowedMentions: NO_MENTIONS,
  });
}
