// One feed item into the library: recognise the story (guid, link, canonical URL, content hash) so
// each story is one article however many feeds carry it and however often it is re-published; fetch
// its page through the SSRF-guarded fetchUrl and extract it as /add does; fall back to the item's own
// content when the page cannot be had; never bring back a story that was removed.
import crypto from 'node:crypto';
import { QuothError, oneLine } from '../shared/errors.ts';
import type { IngestReport } from '../shared/types.ts';
import { fetchUrl, type FetchTestHooks } from '../ingest/fetchUrl.ts';
import { fromHtml, fromPlainText, type RawArticle } from '../ingest/parseDocument.ts';
import type { FeedStore, StoryKeys } from './feedStore.ts';
import type { FeedEntry } from './parseFeed.ts';

/** What the feed code needs of QuothLibrary. */
export interface FeedLibrary {
  readonly config: { allowPrivateUrls: boolean; fetchTimeoutMs: number; maxArticleBytes: number };
  ingestText(
    input: { text: string; title?: string; url?: string | null; source: string; format?: 'text' | 'markdown' | 'html' },
    opts?: { collection?: string },
  ): Promise<IngestReport>;
}

export interface ItemContext {
  lib: FeedLibrary;
  store: FeedStore;
  collection: string;
  feedId: number;
  feedUrl: string;
  hooks: FetchTestHooks;
  /** The poll's outbox batch when the feed announces in a channel: each story added joins it. */
  announceBatch: string | null;
}

export type ItemOutcome =
  | { kind: 'added' | 'updated' | 'unchanged'; articleId: string; fetched: boolean }
  /** A story removed from the library: not re-added. */
  | { kind: 'removed'; fetched: false };

/** Content shorter than this is too generic ("Read more…") to identify a story by. */
const MIN_CONTENT_FOR_HASH = 80;

export async function processEntry(ctx: ItemContext, entry: FeedEntry): Promise<ItemOutcome> {
  const { store, collection, feedId } = ctx;
  const keys = storyKeys(entry);
  const itemHash = sha256(`${entry.title}\0${entry.link ?? ''}\0${entry.contentHtml ?? ''}`);
  const matches = store.matchingItems(collection, feedId, keys, itemHash);
  const own = matches.find((m) => m.feed_id === feedId);
  const match = own ?? matches[0];
  if (match) {
    if (!store.articleExists(collection, match.article_id)) {
      store.tombstoneArticle(collection, match.article_id);
      return { kind: 'removed', fetched: false };
    }
    if (own && own.item_hash === itemHash) return { kind: 'unchanged', articleId: own.article_id, fetched: false };
    if (!own) {
      // Another feed already brought this story in: remember that this feed carries it too.
      store.saveItem(feedId, collection, keys, itemHash, match.article_id);
      return { kind: 'unchanged', articleId: match.article_id, fetched: false };
    }
    // This feed edited the item (title, content or link): refresh the article from its page.
    const refreshed = await ingestStory(ctx, entry, keys, own.article_id);
    if (refreshed.kind === 'removed') return refreshed;
    store.saveItem(
      feedId,
      collection,
      keys,
      itemHash,
      refreshed.articleId,
      own.id,
      announcement(ctx, refreshed, entry),
    );
    return refreshed;
  }
  if (isTombstoned(ctx, keys)) return { kind: 'removed', fetched: false };
  const outcome = await ingestStory(ctx, entry, keys, null);
  if (outcome.kind === 'removed') return outcome;
  store.saveItem(feedId, collection, keys, itemHash, outcome.articleId, undefined, announcement(ctx, outcome, entry));
  return outcome;
}

function announcement(ctx: ItemContext, outcome: ItemOutcome, entry: FeedEntry) {
  return outcome.kind === 'added' && ctx.announceBatch !== null
    ? { batch: ctx.announceBatch, link: entry.link }
    : undefined;
}

/**
 * True when a tombstone covers the story, unless its article was re-added by hand since. `allKeys`
 * join the tombstone, so a link that had to be fetched to be recognised is not fetched again.
 */
function isTombstoned(ctx: ItemContext, keys: StoryKeys, allKeys: StoryKeys = keys): boolean {
  const tomb = ctx.store.tombstone(ctx.collection, keys);
  if (!tomb) return false;
  if (ctx.store.articleExists(ctx.collection, tomb.article_id)) {
    ctx.store.liftTombstones(ctx.collection, tomb.article_id);
    return false;
  }
  ctx.store.extendTombstone(ctx.collection, tomb.article_id, allKeys);
  return true;
}

async function ingestStory(
  ctx: ItemContext,
  entry: FeedEntry,
  keys: StoryKeys,
  currentArticleId: string | null,
): Promise<(ItemOutcome & { fetched: true }) | { kind: 'removed'; fetched: false }> {
  const page = await storyInput(ctx, entry, currentArticleId !== null);
  if (page === null) return { kind: 'unchanged', articleId: currentArticleId!, fetched: true };
  keys.canonicalUrl = page.raw.url ?? (page.fromPage ? page.raw.source : null);
  if (currentArticleId === null) {
    // Only now is the canonical URL known: the story may be another feed's item or a removed one.
    const other = ctx.store.matchingItems(ctx.collection, ctx.feedId, {
      guid: null,
      link: null,
      canonicalUrl: keys.canonicalUrl,
      contentHash: null,
    })[0];
    if (other && ctx.store.articleExists(ctx.collection, other.article_id)) {
      return { kind: 'unchanged', articleId: other.article_id, fetched: true };
    }
    if (isTombstoned(ctx, { ...keys, guid: null, link: null, contentHash: null }, keys)) {
      return { kind: 'removed', fetched: false };
    }
  }
  const report = await ctx.lib.ingestText(page.input, { collection: ctx.collection });
  if (report.failed.length > 0) throw new QuothError(report.failed[0]!.error);
  const articleId =
    report.articleIds[0] ??
    ctx.store.articleIdBySource(ctx.collection, page.input.source) ??
    ctx.store.articleIdByContentHash(ctx.collection, libraryContentHash(page.raw));
  if (!articleId) throw new QuothError(`The story ${entry.link ?? entry.title} was not stored.`, 'storage');
  // A story new to this feed that the library already holds, though no feed item refers to it: a
  // poll stored it and stopped (crash, restart) before recording its item and announcement, or
  // someone added the page by hand. Either way the feed brings it in now, and a channel that
  // follows the feed hears of it; otherwise the interrupted poll's announcement is lost for good.
  const unrecorded = currentArticleId === null && !ctx.store.articleHasItems(ctx.collection, articleId);
  const kind = report.added || unrecorded ? 'added' : report.updated ? 'updated' : 'unchanged';
  return { kind, articleId, fetched: true };
}

interface StoryInput {
  input: { text: string; title?: string; url?: string | null; source: string; format: 'text' | 'html' };
  /** The article as the library will extract it (same functions), for its canonical URL and hash. */
  raw: RawArticle;
  fromPage: boolean;
}

/**
 * The story's page, or the item's own content when the page cannot be fetched or extracted. Null
 * when a story already stored cannot be refreshed from its page: its full text is kept rather than
 * replaced by the feed's (often shorter) content.
 */
async function storyInput(ctx: ItemContext, entry: FeedEntry, alreadyStored: boolean): Promise<StoryInput | null> {
  let pageError: string;
  if (entry.link) {
    try {
      const cfg = ctx.lib.config;
      const doc = await fetchUrl(
        entry.link,
        { timeoutMs: cfg.fetchTimeoutMs, maxBytes: cfg.maxArticleBytes, allowPrivate: cfg.allowPrivateUrls },
        ctx.hooks,
      );
      if (doc.kind === 'html') {
        const raw = fromHtml(doc.body, doc.finalUrl, doc.finalUrl);
        return {
          input: { text: doc.body, format: 'html', source: raw.source, url: doc.finalUrl },
          raw,
          fromPage: true,
        };
      }
      const raw = fromPlainText(doc.body, doc.finalUrl, entry.title || doc.finalUrl, { url: doc.finalUrl });
      return {
        input: { text: doc.body, format: 'text', title: entry.title, source: doc.finalUrl, url: doc.finalUrl },
        raw,
        fromPage: true,
      };
    } catch (err) {
      pageError = oneLine(err);
    }
  } else {
    pageError = 'the item has no link';
  }
  if (alreadyStored) return null;
  if (!entry.contentHtml)
    throw new QuothError(
      `"${entry.title || entry.link}": ${pageError}, and the feed gives no text for it.`,
      'fetch_failed',
    );
  const html = itemPage(entry);
  const source = entry.link ?? `${ctx.feedUrl}#${entry.guid ?? sha256(entry.contentHtml).slice(0, 16)}`;
  const raw = { ...fromHtml(html, source, entry.link), source };
  return { input: { text: html, format: 'html', source, url: entry.link }, raw, fromPage: false };
}

/** A small HTML page around the item's content, so its title and date are extracted with it. */
function itemPage(entry: FeedEntry): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const date = entry.publishedAt ? new Date(entry.publishedAt) : null;
  const meta =
    date && !Number.isNaN(date.getTime())
      ? `<meta property="article:published_time" content="${date.toISOString()}">`
      : '';
  const head = `<head><title>${esc(entry.title)}</title>${meta}</head>`;
  return `<!doctype html><html>${head}<body><article>${entry.contentHtml}</article></body></html>`;
}

export function storyKeys(entry: FeedEntry): StoryKeys {
  const content = entry.contentHtml ? plainText(entry.contentHtml) : '';
  return {
    guid: entry.guid,
    link: entry.link,
    canonicalUrl: null,
    contentHash: content.length >= MIN_CONTENT_FOR_HASH ? sha256(content) : null,
  };
}

/** Tag-free, entity-light, case- and space-folded text: equal for one story however it is marked up. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|#160);/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The hash QuothLibrary gives an article (title, NUL, text): finds the article an "unchanged" ingest matched. */
function libraryContentHash(raw: RawArticle): string {
  return crypto.createHash('sha256').update(raw.title).update('\0').update(raw.text).digest('hex');
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
