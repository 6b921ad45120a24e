import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { autocompleteArticle, collectionOf, resolveArticle } from '../src/discord/articles.ts';
import type { BotContext } from '../src/discord/command.ts';
import { linkedTitle } from '../src/discord/links.ts';
import { requireManageGuild } from '../src/discord/permissions.ts';
import { NO_MENTIONS } from '../src/discord/replies.ts';

export const data = new SlashCommandBuilder()
  .setName('remove')
  .setDescription("Remove an article from this server's library.")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) =>
    o.setName('article').setDescription('The article to remove').setRequired(true).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  requireManageGuild(interaction, 'remove articles');
  // Deferred: removal waits its turn behind any ingestion in progress, which can take a while.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const collection = collectionOf(interaction);
  const article = resolveArticle(ctx.core, collection, interaction.options.getString('article', true));
  const removed = await ctx.core.remove(article.articleId, { collection });
  // A story removed by hand must not come back with its feed's next poll.
  ctx.feeds?.articleRemoved(removed.articleId, { collection });
  await interaction.editReply({
    content: `Removed ${linkedTitle(removed.title, removed.url)} (id \`${removed.articleId}\`).`,
    allowedMentions: NO_MENTIONS,
  });
}

export const autocomplete = autocompleteArticle;
