// Feed subscriptions in Discord: the /feed list embed, /feed remove autocomplete, and the
// announcement of new articles in a feed's channel. Pure functions only, like messages.ts.
import type { APIEmbed, AutocompleteInteraction } from 'discord.js';
import type { FeedAnnouncement, FeedService, FeedSummary } from '../feeds/feedService.ts';
import { QuothError } from '../shared/errors.ts';
import { collectionOf } from './articles.ts';
import type { BotContext } from './command.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { escapeTitle, linkableUrl, linkedTitle } from './links.ts';
import { EMBED_COLOR } from './messages.ts';
import { fitQuote, truncatePlain } from './textFit.ts';

/** A feed's last error is a reason, not a log: one line, this long at most. */
const ERROR_MAX = 160;
const SUMMARY_MAX = 280;

/** The bot's FeedService, or a one-line refusal when this bot runs without one. */
export function feedsOf(ctx: BotContext): FeedService {
  if (!ctx.feeds) throw new QuothError('Feeds are not available on this bot.', 'unsupported');
  return ctx.feeds;
}

/** Discord's relative timestamp markup: every member sees it in their own time zone and language. */
function when(iso: string | null): string {
  if (!iso) return 'not polled yet';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 'not polled yet' : `polled <t:${Math.floor(t / 1000)}:R>`;
}

function feedLine(f: FeedSummary, n: number): string {
  const title = linkedTitle(f.title || f.url, f.url);
  const parts = [
    `**${n}.** ${title}`,
    `${f.articles} article${f.articles === 1 ? '' : 's'}`,
    when(f.lastPolledAt),
    ...(f.channelId ? [`announces in <#${f.channelId}>`] : []),
  ];
  const error = f.lastError ? `\n⚠ ${escapeTitle(f.lastError, ERROR_MAX)}` : '';
  return parts.join(' · ') + error;
}

/**
 * /feed list: one line per feed (linked title, article count, last poll, announcement channel) and
 * its last error underneath. Feeds past what one description holds are counted, not shown.
 */
export function formatFeedList(feeds: FeedSummary[]): APIEmbed {
  const title = `Feeds this server follows (${feeds.length})`;
  if (feeds.length === 0) {
    return {
      title,
      description: 'No feeds yet. Members with Manage Server can follow one with /feed add.',
      color: EMBED_COLOR,
    };
  }
  const SEP = '\n';
  const MORE_ROOM = 40;
  const lines: string[] = [];
  let used = 0;
  for (const [i, f] of feeds.entries()) {
    const line = feedLine(f, i + 1);
    const last = i === feeds.length - 1;
    if (used + line.length + SEP.length > DISCORD_LIMITS.embedDescription - (last ? 0 : MORE_ROOM)) break;
    lines.push(line);
    used += line.length + SEP.length;
  }
  const hidden = feeds.length - lines.length;
  if (hidden > 0) lines.push(`…and ${hidden} more.`);
  return {
    title,
    description: lines.join(SEP),
    color: EMBED_COLOR,
    footer: { text: 'New articles arrive with each poll; /feed remove stops following a feed.' },
  };
}

/** Autocomplete of /feed remove: this server's feeds whose title or URL contains what is typed. */
export async function autocompleteFeed(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '')
    .trim()
    .toLowerCase();
  const { feeds } = feedsOf(ctx).list({ collection: collectionOf(interaction) });
  const matching = feeds.filter((f) => !typed || `${f.title} ${f.url}`.toLowerCase().includes(typed));
  await interaction.respond(
    matching.slice(0, DISCORD_LIMITS.choices).map((f) => ({
      name: truncatePlain(f.title ? `${f.title} — ${f.url}` : f.url, DISCORD_LIMITS.choiceName) || String(f.feedId),
      value: String(f.feedId),
    })),
  );
}

/**
 * The feed a `feed:` option names: autocomplete sends the id; someone who types instead may give
 * the feed's exact URL or (part of) its title when that matches one feed.
 */
export function resolveFeed(feeds: FeedSummary[], value: string): FeedSummary {
  const wanted = value.trim();
  if (!wanted) throw new QuothError('Pick a feed from the suggestions.');
  const byId = /^\d+$/.test(wanted) ? feeds.find((f) => String(f.feedId) === wanted) : undefined;
  if (byId) return byId;
  const lower = wanted.toLowerCase();
  const exact = feeds.filter((f) => f.url === wanted || f.title.toLowerCase() === lower);
  const matches = exact.length ? exact : feeds.filter((f) => f.title.toLowerCase().includes(lower));
  if (matches.length === 1) return matches[0]!;
  const hint = matches.length > 1 ? `${matches.length} feeds match` : 'No feed of this server matches';
  throw new QuothError(`${hint} "${truncatePlain(wanted, 80)}"; pick one from the suggestions.`, 'not_found');
}

/**
 * One poll's new articles of one feed as one message: an embed per article (title linking to the
 * story, its one-sentence summary) up to Discord's ten, the rest counted in the last one's footer.
 * Every embed stays far inside the limits: a 200 title, a 280 summary and a short footer, so ten of
 * them stay under the 6,000 total.
 */
export function formatAnnouncement(a: FeedAnnouncement): { content: string; embeds: APIEmbed[] } {
  const shown = a.articles.slice(0, DISCORD_LIMITS.embeds);
  const hidden = a.articles.length - shown.length;
  const embeds = shown.map((article, i): APIEmbed => {
    const url = linkableUrl(article.link);
    // Quoted verbatim like every other quote of the bot (so never markdown-escaped), cut at a boundary.
    const summary = article.summary.trim() ? fitQuote(article.summary.trim(), SUMMARY_MAX) : '';
    const last = i === shown.length - 1;
    return {
      title: truncatePlain(article.title || 'Untitled', 200),
      ...(url ? { url } : {}),
      ...(summary ? { description: summary } : {}),
      color: EMBED_COLOR,
      ...(last && hidden > 0 ? { footer: { text: `…and ${hidden} more new in this feed.` } } : {}),
    };
  });
  const count = `${a.articles.length} new article${a.articles.length === 1 ? '' : 's'}`;
  return { content: `${count} from ${escapeTitle(a.feedTitle || 'a feed', 150)}`, embeds };
}
