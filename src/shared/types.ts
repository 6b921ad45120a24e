// Public result types of the Quoth core. The CLI's --json output, the console and the Discord
// commands all render these; field names follow the CLI contract in the README.

/** A half-open character range into an article's stored text: text === article.text.slice(start, end). */
export interface Span {
  start: number;
  end: number;
}

export type RetrievalMode = 'hybrid' | 'lexical';

export interface ArticleMeta {
  articleId: string;
  collection: string;
  title: string;
  url: string | null;
  /** The path or URL it was ingested from. */
  source: string;
  byline: string | null;
  publishedAt: string | null;
  addedAt: string;
  chunks: number;
}

export interface Article extends ArticleMeta {
  text: string;
}

export interface Quote extends Span {
  articleId: string;
  title: string;
  url: string | null;
  /** `url` with a text fragment that scrolls to this quote; null when the article has no web page. */
  link: string | null;
  text: string;
  score: number;
}

/** A question word the collection never holds, and the collection's word it was read as. */
export interface SpellingCorrection {
  from: string;
  to: string;
}

export interface AskResult {
  question: string;
  /** Misspelled words read as the collection's words (see core/questionSpelling.ts), when there were any. */
  corrections?: SpellingCorrection[];
  mode: RetrievalMode;
  abstained: boolean;
  /** One line for people: the best quote, or the abstention message. */
  answer: string;
  quotes: Quote[];
  /** Set when the collection holds no articles at all: front ends then say how to add one. */
  noArticles?: true;
  /** When it abstained: names and words of the question that no article contains, as typed (see absentNote). */
  absentWords?: string[];
}

export interface SearchHit {
  articleId: string;
  title: string;
  url: string | null;
  score: number;
  /** `link` is the article URL with a text fragment pointing at the snippet, or null. */
  snippet: Span & { text: string; link: string | null };
}

export interface SearchResult {
  query: string;
  /** As in AskResult. */
  corrections?: SpellingCorrection[];
  mode: RetrievalMode;
  results: SearchHit[];
  /** Set when the collection holds no articles at all. */
  noArticles?: true;
  /** When nothing matched: as in AskResult. */
  absentWords?: string[];
}

export interface SummarySentence extends Span {
  text: string;
}

export interface Summary {
  articleId: string;
  title: string;
  url: string | null;
  sentences: SummarySentence[];
}

export interface IngestFailure {
  source: string;
  error: string;
}

export interface IngestReport {
  added: number;
  updated: number;
  unchanged: number;
  failed: IngestFailure[];
  chunks: number;
  mode: RetrievalMode;
  /** Article ids touched (added or updated), in input order. */
  articleIds: string[];
}

export interface IngestProgress {
  done: number;
  total: number;
  source: string;
  /** How far through the source being read (JSON Lines files, read in parts). */
  bytes?: { done: number; total: number };
}

export interface LibraryStats {
  collection: string;
  articles: number;
  chunks: number;
  vectors: number;
  mode: RetrievalMode;
  model: string | null;
  dimension: number | null;
  /** Why the library runs lexical-only, when it does. */
  lexicalReason: string | null;
  dataDir: string;
  databaseBytes: number;
  indexBytes: number;
}

export interface CollectionOption {
  /** Defaults to 'default'. The Discord bot uses one collection per guild. */
  collection?: string;
}

/** Reports ingest or reindex progress, one source or article at a time. */
export type ProgressOption = { onProgress?: (p: IngestProgress) => void };
export type IngestOptions = CollectionOption & ProgressOption;
export type ReindexOptions = CollectionOption & ProgressOption;
export type AskOptions = CollectionOption & { articleId?: string; quotes?: number };
export type SearchOptions = CollectionOption & { limit?: number };
export type SummarizeOptions = CollectionOption & { sentences?: number };
export type FindArticlesOptions = CollectionOption & { limit?: number };

export type TextFormat = 'text' | 'markdown' | 'html';

/** One article given as text rather than as a file or URL. */
export interface TextInput {
  text: string;
  title?: string;
  url?: string | null;
  /** Its stable key, e.g. 'discord:attachment/NAME'. */
  source: string;
  format?: TextFormat;
}

/**
 * One PDF or Word file given as bytes (a Discord attachment): parsed like a file of that name.
 * `title` is used when the document names none.
 */
export interface DocumentInput {
  bytes: Uint8Array;
  /** The file name; its extension (or `contentType`) says PDF or Word. */
  name: string;
  contentType?: string | null;
  title?: string;
  source: string;
}

export interface ReindexResult {
  articles: number;
  chunks: number;
  vectors: number;
  mode: RetrievalMode;
}

/** What an adapter (CLI, console, Discord commands, benchmarks) may call. Implemented by QuothLibrary. */
export interface QuothCore {
  /** 'hybrid' when an embedding model is loaded, else 'lexical'. */
  readonly mode: RetrievalMode;
  /** Why the library is lexical-only (one sentence), or null in hybrid mode. */
  readonly lexicalReason: string | null;
  /** Files, folders and http(s) URLs. Never throws for a bad source: it lands in report.failed. */
  ingest(sources: string[], opts?: IngestOptions): Promise<IngestReport>;
  /** One article given as text (a Discord attachment, a pasted article). */
  ingestText(input: TextInput | DocumentInput, opts?: CollectionOption): Promise<IngestReport>;
  ask(question: string, opts?: AskOptions): Promise<AskResult>;
  search(query: string, opts?: SearchOptions): Promise<SearchResult>;
  summarize(articleId: string, opts?: SummarizeOptions): Promise<Summary>;
  list(opts?: CollectionOption): ArticleMeta[];
  /** Throws QuothError('not_found') for an unknown id. Accepts a unique id prefix. */
  get(articleId: string, opts?: CollectionOption): Article;
  /** For autocomplete: articles whose title (or id) contains `query`, case-insensitive, best first. */
  findArticles(query: string, opts?: FindArticlesOptions): ArticleMeta[];
  remove(articleId: string, opts?: CollectionOption): Promise<ArticleMeta>;
  /** Re-chunks and re-embeds every article (all collections unless one is given). */
  reindex(opts?: ReindexOptions): Promise<ReindexResult>;
  stats(opts?: CollectionOption): LibraryStats;
  /** Saves indexes and closes the database. */
  close(): Promise<void>;
}
