import { describe, expect, it } from 'vitest';
import type { ArticleMeta, AskResult, SearchHit, Summary } from '../../src/shared/types.ts';
import { DISCORD_LIMITS, limitViolations } from '../../src/discord/limits.ts';
import { escapeTitle, JUMP_URL_MAX, linkableUrl, linkedTitle, quoteLinkedTitle } from '../../src/discord/links.ts';
import { quoteLink } from '../../src/text/textFragment.ts';
import {
  articleChoices,
  ARTICLES_PAGE_SIZE,
  formatArticlesPage,
  formatAskReply,
  formatSearchPage,
  formatSummary,
  pageCount,
  SEARCH_PAGE_SIZE,
} from '../../src/discord/messages.ts';
import {
  cutAtBoundary,
  ELLIPSIS,
  fitQuote,
  quoteBlock,
  shareBudget,
  truncatePlain,
} from '../../src/discord/textFit.ts';
import { quotesIn } from './helpers/harness.ts';

/** A deterministic pseudo-random generator, so property-style tests are reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const WORDS = [
  'the',
  'council',
  'voted',
  'flood',
  'wall',
  'Dr.',
  '$48.5',
  'million',
  '@everyone',
  '*bold*',
  '_x_',
  '😀',
  'naïve',
  '“quoted”',
  'supercalifragilisticexpialidocious',
];

function randomText(rand: () => number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    out += WORDS[Math.floor(rand() * WORDS.length)];
    const r = rand();
    out += r < 0.08 ? '. ' : r < 0.1 ? '\n' : r < 0.11 ? '\n\n' : ' ';
  }
  return out.trim();
}

/** The worst title for escaping: every character doubles. */
const NASTY_TITLE = '*_`~|\\[]()>#-'.repeat(30);
const LONG_URL = `https://quoth.example/${'(a)'.repeat(40)}`;

describe('small pieces', () => {
  it('truncatePlain keeps one line within max and never splits an emoji', () => {
    expect(truncatePlain('short', 10)).toBe('short');
    expect(truncatePlain('a\n b\tc', 10)).toBe('a b c');
    const cut = truncatePlain('x'.repeat(98) + '😀😀😀', 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith(ELLIPSIS)).toBe(true);
    expect(/[\ud800-\udbff]$/.test(cut.slice(0, -1))).toBe(false);
  });

  it('escapes titles so that they cannot break the link they sit in', () => {
    const link = linkedTitle('Breaking] (news) [click](https://evil.example) **now**', 'https://quoth.example/a_(b)');
    // One masked link: text without unescaped brackets, URL without parentheses or spaces.
    expect(link).toMatch(/^\[(?:\\.|[^\\[\]])*\]\([^()\s]+\)$/);
    expect(link).toContain('https://quoth.example/a_%28b%29');
    expect(linkedTitle(NASTY_TITLE, 'https://quoth.example/')).toMatch(/^\[(?:\\.|[^\\[\]])*\]\([^()\s]+\)$/);
    expect(escapeTitle('**bold** _it_')).toBe('\\*\\*bold\\*\\* \\_it\\_');
    expect(escapeTitle('')).toBe('Untitled');
  });

  it('links only http(s) URLs of reasonable length', () => {
    expect(linkableUrl(null)).toBeNull();
    expect(linkableUrl('javascript:alert(1)')).toBeNull();
    expect(linkableUrl('not a url')).toBeNull();
    expect(linkableUrl(`https://quoth.example/${'x'.repeat(300)}`)).toBeNull();
    expect(linkedTitle('T', null)).toBe('**T**');
  });

  it('links a quote to its jump-to-quote link, else to the article, else not at all', () => {
    const url = 'https://quoth.example/a_(b)';
    const link = quoteLink(url, 'The wall (the new one) will cost $48.5 million, said Dr. Ruiz.')!;
    const linked = quoteLinkedTitle('T', link, url);
    expect(linked).toMatch(/^\[T\]\([^()\s]+\)$/);
    expect(linked).toContain('#:~:text=');
    expect(linked).toContain('https://quoth.example/a_%28b%29');
    // A link too long for the message falls back to the plain article URL, never a broken one.
    const long = quoteLink(url, `${'x'.repeat(JUMP_URL_MAX)} end`)!;
    expect(long.length).toBeGreaterThan(JUMP_URL_MAX);
    expect(quoteLinkedTitle('T', long, url)).toBe('[T](https://quoth.example/a_%28b%29)');
    expect(quoteLinkedTitle('T', null, url)).toBe('[T](https://quoth.example/a_%28b%29)');
    expect(quoteLinkedTitle('T', 'javascript:alert(1)', null)).toBe('**T**');
    expect(quoteLinkedTitle('T', null, null)).toBe('**T**');
  });

  it('puts the quote marker in front of every line', () => {
    expect(quoteBlock('a\n\nb')).toBe('> a\n> \n> b');
    expect(quoteBlock('a\nb', '> - ', '>   ')).toBe('> - a\n>   b');
  });

  it('shares a budget: small wants are met, the rest split evenly', () => {
    expect(shareBudget([10, 1000, 1000], 510)).toEqual([10, 250, 250]);
    expect(shareBudget([5, 5], 100)).toEqual([5, 5]);
    const given = shareBudget([400, 3000, 2000, 50], 4000);
    expect(given.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4000);
    expect(given[3]).toBe(50);
  });
});

describe('cutting quotes', () => {
  const text = 'The wall will cost $48.5 million. It will stand 14 feet above the tide. Work starts in May.';

  it('cuts at the end of a sentence when that keeps enough', () => {
    expect(cutAtBoundary(text, 60)).toBe('The wall will cost $48.5 million.');
    expect(cutAtBoundary(text, 75)).toBe('The wall will cost $48.5 million. It will stand 14 feet above the tide.');
  });

  it('falls back to a word boundary, then to a hard cut of one enormous word', () => {
    expect(cutAtBoundary('alpha beta gamma delta', 13)).toBe('alpha beta');
    expect(cutAtBoundary('x'.repeat(50), 10)).toBe('x'.repeat(10));
    expect(cutAtBoundary('😀'.repeat(10), 5)).toBe('😀😀');
  });

  it('always yields a verbatim prefix within the limit (random texts, all sizes)', () => {
    const rand = rng(7);
    for (let n = 0; n < 300; n++) {
      const t = randomText(rand, 5 + Math.floor(rand() * 400));
      const max = 10 + Math.floor(rand() * 1500);
      const block = fitQuote(t, max);
      expect(block.length).toBeLessThanOrEqual(max);
      const [quote] = quotesIn(block);
      expect(t.startsWith(quote!.text)).toBe(true);
      expect(quote!.cut).toBe(quote!.text !== t);
      if (quote!.cut) expect(block.endsWith(ELLIPSIS)).toBe(true);
    }
  });
});

function quote(text: string, i: number) {
  return {
    articleId: `a${i}`,
    title: i % 2 ? NASTY_TITLE : `Article ${i}`,
    url: i % 3 ? LONG_URL.slice(0, 190) : null,
    link: null,
    text,
    start: 0,
    end: text.length,
    score: 1,
  };
}

/** The quote fixture with the link the core would give it (null when it has no URL). */
function linkedQuote(text: string, i: number) {
  const q = quote(text, i);
  return { ...q, link: quoteLink(q.url, text) };
}

/** A jump-to-quote link exactly as long as the renderers let through: the worst case for the budget. */
function longestJumpLink(): string {
  const link = 'https://quoth.example/a#:~:text=';
  return link + 'x'.repeat(JUMP_URL_MAX - link.length);
}

describe('messages fit Discord', () => {
  it('/ask: huge multi-line quotes are cut to fit, stay verbatim, answer first', () => {
    const rand = rng(11);
    const quotes = [0, 1, 2, 3, 4].map((i) => quote(randomText(rand, 2500), i));
    const result: AskResult = {
      question: 'q'.repeat(900),
      mode: 'lexical',
      abstained: false,
      answer: quotes[0]!.text,
      quotes,
    };
    const reply = formatAskReply(result);
    expect(limitViolations(reply)).toEqual([]);
    const found = quotesIn(reply.embeds[0]!.description!);
    expect(found.length).toBeGreaterThanOrEqual(3);
    found.forEach((q, i) => {
      expect(quotes[i]!.text.startsWith(q.text)).toBe(true);
      expect(q.text.length).toBeGreaterThan(50);
    });
    expect(found[0]!.cut).toBe(true);
  });

  it('/ask: short quotes are whole; adjacent quotes of one article share a link; abstention says so', () => {
    const q1 = { ...quote('First sentence.', 0), title: 'Same', url: 'https://x.example/a' };
    const q2 = { ...q1, text: 'Second sentence.' };
    const reply = formatAskReply({
      question: 'q?',
      mode: 'hybrid',
      abstained: false,
      answer: q1.text,
      quotes: [q1, q2],
    });
    expect(reply.embeds[0]!.description).toBe(
      '> First sentence.\n\n> Second ' + 'sentence.\n— [Same](https://x.example/a)',
    );
    const none = formatAskReply({
      question: 'q?',
      mode: 'lexical',
      abstained: true,
      answer: 'Not found in the articles.',
      quotes: [],
    });
    expect(none.embeds[0]!.description).toBe('Not found in the articles.');
    const absent = formatAskReply({
      question: 'Who is the president of France?',
      mode: 'lexical',
      abstained: true,
      answer: 'Not found in the articles.',
      quotes: [],
      absentWords: ['France'],
    });
    expect(absent.embeds[0]!.description).toBe('Not found in the articles.\nNo article mentions “France”.');
    // A server with no articles yet is told how to add one, by /ask and /search alike.
    const empty = formatAskReply({
      question: 'q?',
      mode: 'lexical',
      abstained: true,
      answer: 'There are no articles in the library yet.',
      quotes: [],
      noArticles: true,
    });
    const howToAdd = 'No articles yet. Members with Manage Server can add one with /add.';
    expect(empty.embeds[0]!.description).toBe(howToAdd);
    expect(formatSearchPage('q', [], 0, true).description).toBe(howToAdd);
    expect(formatSearchPage('q', [], 0).description).toBe('No articles match.');
    expect(formatSearchPage('zeppelin', [], 0, false, null, 'No article mentions “zeppelin”.').description).toBe(
      'No articles match.\nNo article mentions “zeppelin”.',
    );
  });

  it('/ask: each quote links to its own passage; the worst-case links still fit', () => {
    const q1 = { ...linkedQuote('First sentence.', 1), title: 'Same', url: 'https://x.example/a' };
    q1.link = quoteLink(q1.url, q1.text);
    const q2 = { ...q1, text: 'Second sentence.', link: quoteLink(q1.url, 'Second sentence.') };
    const reply = formatAskReply({
      question: 'q?',
      mode: 'hybrid',
      abstained: false,
      answer: q1.text,
      quotes: [q1, q2],
    });
    expect(reply.embeds[0]!.description).toBe(
      '> First sentence.\n— [Same](https://x.example/a#:~:text=First%20sentence.)\n\n' +
        '> Second sentence.\n— [Same](https://x.example/a#:~:text=Second%20sentence.)',
    );

    const rand = rng(13);
    const quotes = [0, 1, 2, 3, 4].map((i) => {
      const text = randomText(rand, 2500);
      return { ...linkedQuote(text, i), url: LONG_URL.slice(0, 190), link: longestJumpLink() };
    });
    const big = formatAskReply({ question: 'q', mode: 'lexical', abstained: false, answer: quotes[0]!.text, quotes });
    expect(limitViolations(big)).toEqual([]);
    const found = quotesIn(big.embeds[0]!.description!);
    expect(found.length).toBeGreaterThanOrEqual(3);
    found.forEach((q, i) => expect(quotes[i]!.text.startsWith(q.text)).toBe(true));
    expect(big.embeds[0]!.description).toContain('#:~:text=');
  });

  it('/search: snippets link to their passage; every page of worst-case linked hits fits', () => {
    const rand = rng(17);
    const hits: SearchHit[] = Array.from({ length: 25 }, (_, i) => {
      const text = randomText(rand, 1500);
      return {
        articleId: `id${i}`,
        title: NASTY_TITLE,
        url: LONG_URL.slice(0, 195),
        score: 1,
        snippet: { text, start: 0, end: text.length, link: longestJumpLink() },
      };
    });
    for (let p = 0; p < pageCount(hits.length, SEARCH_PAGE_SIZE); p++) {
      const embed = formatSearchPage('w'.repeat(1000), hits, p);
      expect(limitViolations({ embeds: [embed] })).toEqual([]);
      const found = quotesIn(embed.description!);
      expect(found).toHaveLength(SEARCH_PAGE_SIZE);
      for (const q of found) {
        expect(hits.some((h) => h.snippet.text.startsWith(q.text))).toBe(true);
        expect(q.text.length).toBeGreaterThan(100);
      }
      expect(embed.description!.split('#:~:text=')).toHaveLength(SEARCH_PAGE_SIZE + 1);
    }
    const plain = { ...hits[0]!, url: 'https://x.example/a', snippet: { ...hits[0]!.snippet, link: null } };
    expect(formatSearchPage('q', [plain], 0).description).toContain('](https://x.example/a)\n> ');
  });

  it('/search: every page of 25 worst-case hits fits', () => {
    const rand = rng(3);
    const hits: SearchHit[] = Array.from({ length: 25 }, (_, i) => {
      const text = randomText(rand, 1500);
      return {
        articleId: `id${i}`,
        title: NASTY_TITLE,
        url: LONG_URL.slice(0, 195),
        score: 1,
        snippet: { text, start: 0, end: text.length, link: null },
      };
    });
    for (let p = 0; p < pageCount(hits.length, SEARCH_PAGE_SIZE); p++) {
      const embed = formatSearchPage('w'.repeat(1000), hits, p);
      expect(limitViolations({ embeds: [embed] })).toEqual([]);
      expect(embed.footer!.text).toBe(`Page ${p + 1} of 5 · 25 articles`);
      for (const q of quotesIn(embed.description!))
        expect(hits.some((h) => h.snippet.text.startsWith(q.text))).toBe(true);
    }
  });

  it('/summarize: twenty long sentences fit as quoted bullets', () => {
    const rand = rng(5);
    const sentences = Array.from({ length: 20 }, () => {
      const text = randomText(rand, 600);
      return { text, start: 0, end: text.length };
    });
    const summary: Summary = { articleId: 'abc', title: NASTY_TITLE, url: 'https://quoth.example/a', sentences };
    const embed = formatSummary(summary);
    expect(limitViolations({ embeds: [embed] })).toEqual([]);
    const bullets = quotesIn(embed.description!, '> - ');
    expect(bullets.length).toBe(20);
    bullets.forEach((b, i) => expect(sentences[i]!.text.startsWith(b.text)).toBe(true));
    expect(embed.url).toBe('https://quoth.example/a');
  });

  it('/articles: every page of worst-case articles fits', () => {
    const articles: ArticleMeta[] = Array.from({ length: 95 }, (_, i) => ({
      articleId: `${i}`.padStart(12, 'f'),
      collection: 'c',
      title: NASTY_TITLE,
      url: LONG_URL.slice(0, 199),
      source: 's',
      byline: null,
      publishedAt: null,
      addedAt: '2026-01-01',
      chunks: 1,
    }));
    const pages = pageCount(articles.length, ARTICLES_PAGE_SIZE);
    expect(pages).toBe(10);
    for (let p = 0; p < pages; p++) expect(limitViolations({ embeds: [formatArticlesPage(articles, p)] })).toEqual([]);
    expect(formatArticlesPage([], 0).description).toMatch(/No articles yet/);
  });

  it('autocomplete: at most 25 choices, names and values 1 to 100 characters', () => {
    const articles = Array.from(
      { length: 40 },
      (_, i) => ({ articleId: `id${i}`, title: i === 0 ? '' : 'T'.repeat(300) }) as ArticleMeta,
    );
    const choices = articleChoices(articles);
    expect(choices).toHaveLength(DISCORD_LIMITS.choices);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(choices[0]!.name).toBe('id0');
  });

  it('limitViolations catches what Discord would refuse', () => {
    expect(limitViolations({ content: 'x'.repeat(2001) })).toHaveLength(1);
    expect(limitViolations({ embeds: [{ description: 'x'.repeat(4097) }] })).toHaveLength(1);
    expect(
      limitViolations({ embeds: Array.from({ length: 2 }, () => ({ description: 'x'.repeat(4000) })) }),
    ).toHaveLength(1);
  });
});

describe('misspelled words read as the library’s', () => {
  const corrections = [{ from: 'kowalcyzk', to: 'Kowalczyk' }];

  it('/ask says so in the footer, answered or not', () => {
    const q = { ...quote('Kowalczyk saved the kick.', 0), title: 'Cup final', url: null };
    const answered = formatAskReply({
      question: 'Who is Kowalcyzk?',
      corrections,
      mode: 'lexical',
      abstained: false,
      answer: q.text,
      quotes: [q],
    });
    expect(answered.embeds[0]!.footer!.text).toBe(
      'Verbatim quotes from this server\'s articles · read "kowalcyzk" as "Kowalczyk" · lexical search',
    );
    const none = formatAskReply({
      question: 'Who is Kowalcyzk?',
      corrections,
      mode: 'hybrid',
      abstained: true,
      answer: 'Not found in the articles.',
      quotes: [],
    });
    expect(none.embeds[0]!.footer!.text).toBe('read "kowalcyzk" as "Kowalczyk" · hybrid search');
  });

  it('/search says so on every page', () => {
    const hit: SearchHit = {
      articleId: 'a1',
      title: 'Cup final',
      url: null,
      score: 1,
      snippet: { start: 0, end: 25, text: 'Kowalczyk saved the kick.', link: null },
    };
    const page = formatSearchPage('Kowalcyzk', [hit], 0, false, 'read "kowalcyzk" as "Kowalczyk"');
    expect(page.footer!.text).toBe('Page 1 of 1 · 1 article · read "kowalcyzk" as "Kowalczyk"');
    expect(formatSearchPage('Kowalcyzk', [], 0, false, 'read "kowalcyzk" as "Kowalczyk"').footer!.text).toBe(
      'read "kowalcyzk" as "Kowalczyk"',
    );
  });
});
