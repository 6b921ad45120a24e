import { QuothError, UnknownArticleError } from '../shared/errors.ts';
import type { ArticleMeta, QuothCore } from '../shared/types.ts';
import type { ArticleRow, LibraryStore } from '../store/libraryStore.ts';

/** Finds stored articles by id, unique id prefix or title words. */
export class ArticleLookup {
  constructor(private readonly store: LibraryStore) {}

  /** The article with this id, or the one article whose id starts with it (four characters or more). */
  row(articleId: string, collection: string): ArticleRow {
    const id = (articleId ?? '').trim().toLowerCase();
    if (!id) throw new QuothError('No article id was given.');
    const exact = this.store.articleById(collection, id);
    if (exact) return exact;
    const byPrefix = id.length >= 4 ? this.store.articlesByIdPrefix(collection, id) : [];
    if (byPrefix.length === 1) return byPrefix[0]!;
    throw new UnknownArticleError(articleId.trim());
  }

  /** Articles whose id starts with, or title contains, the query: id prefix, title prefix, substring, all words. */
  find(query: string, collection: string, limit: number): ArticleMeta[] {
    const q = query.trim().toLowerCase();
    const all = this.store.listArticles(collection);
    if (!q) return all.slice(-limit).reverse().map(metaOf);
    const words = q.split(/\s+/);
    const rankOf = (a: ArticleRow): number => {
      const title = a.title.toLowerCase();
      if (a.id.startsWith(q)) return 0;
      if (title.startsWith(q)) return 1;
      if (title.includes(q)) return 2;
      return words.every((w) => title.includes(w)) ? 3 : -1;
    };
    return all
      .map((a) => ({ a, rank: rankOf(a) }))
      .filter((x) => x.rank >= 0)
      .sort((x, y) => x.rank - y.rank || x.a.title.localeCompare(y.a.title))
      .slice(0, limit)
      .map((x) => metaOf(x.a));
  }
}

export function metaOf(row: ArticleRow): ArticleMeta {
  return {
    articleId: row.id,
    collection: row.collection,
    title: row.title,
    url: row.url,
    source: row.source,
    byline: row.byline,
    publishedAt: row.published_at,
    addedAt: row.added_at,
    chunks: row.chunks,
  };
}

/** What an id-or-title names: one article, or the candidates when it names several or none. */
export type ArticleChoice = { article: ArticleMeta } | { article: null; matches: ArticleMeta[] };

/**
 * The article a person means by an id, an id prefix, an exact title or words of one title, for the
 * console's /summarize and the bot's `article:` options alike. Each of them phrases its own refusal.
 */
export function chooseArticle(core: QuothCore, wanted: string, collection?: string): ArticleChoice {
  try {
    const { text: _text, ...article } = core.get(wanted, { collection });
    return { article };
  } catch (err) {
    if (!(err instanceof QuothError) || err.code !== 'not_found') throw err;
  }
  const matches = core.findArticles(wanted, { collection, limit: 25 });
  const exact = matches.filter((a) => a.title.toLowerCase() === wanted.toLowerCase());
  if (exact.length === 1) return { article: exact[0]! };
  if (matches.length === 1) return { article: matches[0]! };
  return { article: null, matches };
}
