import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { firstPollNote } from '../src/feeds/firstPoll.ts';
import { QuothError } from '../src/shared/errors.ts';
import { collectionOf } from '../src/discord/articles.ts';
import type { BotContext } from '../src/discord/command.ts';
import { autocompleteFeed, feedsOf, formatFeedList, resolveFeed } from '../src/discord/feeds.ts';
import { linkedTitle } from '../src/discord/links.ts';
import { requireManageGuild } from '../src/discord/permissions.ts';
import { NO_MENTIONS } from '../src/discord/replies.ts';
import { webAddress } from './add.ts';

export const data = new SlashCommandBuilder()
  .setName('feed')
  .setDescription('Follow RSS or Atom feeds: their new stories are added to this server’s library.')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Follow a feed; its new stories are added with every poll.')
      .addStringOption((o) => o.setName('url').setDescription('Web address of the RSS or Atom feed').setRequired(true))
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to announce new stories (none: add them quietly)')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((s) => s.setName('list').setDescription('The feeds this server follows, and how their polls went.'))
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Stop following a feed; the articles it brought stay.')
      .addStringOption((o) =>
        o.setName('feed').setDescription('The feed to stop following').setRequired(true).setAutocomplete(true),
      ),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  // The whole command is Manage Server by default; admins can open it up, so every subcommand checks.
  requireManageGuild(interaction, 'manage feeds');
  const feeds = feedsOf(ctx);
  const collection = collectionOf(interaction);
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'add') {
    const url = webAddress(interaction.options.getString('url', true).trim());
    const channel = interaction.options.getChannel('channel');
    // Deferred: adding fetches and parses the feed once, which can take longer than 3 seconds.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Adding wakes the bot's feed scheduler, which polls the feed right after this reply.
    const added = await feeds.add(url, { collection, channel: channel?.id ?? null });
    const where = channel ? ` New stories will be announced in <#${channel.id}>.` : '';
    await interaction.editReply({
      content: `Following ${linkedTitle(added.title || added.url, added.url)}; ${firstPollNote(added)}${where}`,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (sub === 'list') {
    await interaction.reply({
      embeds: [formatFeedList(feeds.list({ collection }).feeds)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (sub === 'remove') {
    const feed = resolveFeed(feeds.list({ collection }).feeds, interaction.options.getString('feed', true));
    const removed = feeds.remove(feed.feedId, { collection });
    await interaction.reply({
      content: `Stopped following ${linkedTitle(removed.title || removed.url, removed.url)}; its articles stay in the library.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  throw new QuothError('That feed subcommand is not known to this version of Quoth.');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await autocompleteFeed(interaction, ctx);
}
