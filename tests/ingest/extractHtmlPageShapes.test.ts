import { describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { extractHtml } from '../../src/ingest/extractHtml.ts';

// The general rules added for issue 9 (independent corpus), each on a small page of its own.
const PROSE = [
  'The council voted on Monday to keep the harbour car park open through the winter months.',
  'Traders had warned that closing it would cost the town centre most of its off-season visitors.',
  'A final decision on charges will be taken in April, after a consultation with local businesses.',
];
const page = (head: string, body: string, extra = ''): string =>
  `<!doctype html><html><head><title>Harbour car park</title>${extra}</head><body>` +
  `<nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article>${head}` +
  `<div class="article-body">${body}</div></article></main><footer>© 2025 Gazette</footer></body></html>`;
const paras = PROSE.map((p) => `<p>${p}</p>`).join('');

function refused(html: string): boolean {
  try {
    extractHtml(html, 'https://site.example/page');
    return false;
  } catch (err) {
    expect(err).toBeInstanceOf(QuothError);
    return true;
  }
}

describe('extractHtml page shapes', () => {
  it('puts the standfirst under the headline back as the first paragraph', () => {
    const dek = 'Traders won a reprieve after a packed meeting at the town hall.';
    const { text } = extractHtml(
      page(`<header><h1>Harbour car park stays open</h1><p class="article-excerpt">${dek}</p></header>`, paras),
    );
    expect(text.split('\n\n')).toEqual([dek, ...PROSE]);
  });

  it('keeps the headings of live-blog entries but not their time stamps', () => {
    const entry = (time: string, title: string, p: string): string =>
      `<article class="live-post"><header class="live-post__header"><time>${time}</time>` +
      `<h2 class="live-post__title">${title}</h2></header><div class="live-post__body"><p>${p}</p></div></article>`;
    const { text } = extractHtml(
      page(
        '<h1>Live: harbour vote</h1>',
        entry('16:40', 'Vote passes', PROSE[0]!) + entry('15:45', 'Traders arrive', PROSE[1]!) + `<p>${PROSE[2]}</p>`,
      ),
    );
    expect(text.split('\n\n')).toEqual(['Vote passes', PROSE[0], 'Traders arrive', PROSE[1], PROSE[2]]);
  });

  it('drops a rail of links under a rail heading inside the body, whatever its classes', () => {
    const rail =
      '<div class="css-jls3uy"><h3 class="css-ikj149">Related Coverage</h3><ul>' +
      '<li><a href="/a">Ferry timetable cut over winter months</a></li>' +
      '<li><a href="/b">Market traders push back on new licence rules</a></li></ul></div>';
    const { text } = extractHtml(page('<h1>Harbour</h1>', `<p>${PROSE[0]}</p>${rail}<p>${PROSE[1]}</p>`));
    expect(text.split('\n\n')).toEqual([PROSE[0], PROSE[1]]);
  });

  it('keeps a pull quote set in an <aside>, which Readability would drop', () => {
    const quote = 'Closing it would cost us our winter.';
    const { text } = extractHtml(
      page(
        '<h1>Harbour</h1>',
        `<p>${PROSE[0]}</p><aside class="pullquote"><blockquote><p>${quote}</p></blockquote></aside><p>${PROSE[1]}</p>`,
      ),
    );
    expect(text.split('\n\n')).toEqual([PROSE[0], quote, PROSE[1]]);
  });

  it('cuts photo credits from captions and keeps the caption', () => {
    const fig = (caption: string): string =>
      `<figure><img src="/x.jpg" alt=""><figcaption>${caption}</figcaption></figure>`;
    const { text } = extractHtml(
      page(
        '<h1>Harbour</h1>',
        `<p>${PROSE[0]}</p>${fig('Traders outside the town hall. Photo: Harriet Vance/Gazette')}` +
          `<p>${PROSE[1]}</p>${fig('<span>The quay at dusk.</span><span><span>Credit...</span><span>Kit Holloway</span></span>')}` +
          `<p>${PROSE[2]}</p>${fig('Photo: Harriet Vance/Gazette')}`,
      ),
    );
    expect(text.split('\n\n')).toEqual([
      PROSE[0],
      'Traders outside the town hall.',
      PROSE[1],
      'The quay at dusk.',
      PROSE[2],
    ]);
  });

  it('drops rating widgets, -meta rows and sign-up cards, even as bare text in a <div>', () => {
    const { text } = extractHtml(
      page(
        '<h1>Soup</h1>',
        `<p>${PROSE[0]}</p><div class="wprm-recipe-rating"><span>★★★★★</span> 4.8 from 23 votes</div>` +
          '<div class="wprm-recipe-meta">Prep 15 mins · Cook 1 hr</div>' +
          '<div class="kg-signup-card"><h2>Sign up for Eat the Town</h2><p>Essays once a week.</p></div>' +
          `<p>${PROSE[1]}</p>`,
      ),
    );
    expect(text.split('\n\n')).toEqual([PROSE[0], PROSE[1]]);
  });

  it('refuses a sign-in page, a search results page and a section front stripped to its rail headings', () => {
    const login =
      '<html><head><title>Sign in</title></head><body><main><h1>Sign in</h1><form>' +
      '<p>Welcome back. Sign in to continue to your account.</p><label>Email <input type="email"></label>' +
      '<label>Password <input type="password"></label><p>or</p><p>New to Seedline? Create an account</p>' +
      '</form></main></body></html>';
    expect(refused(login)).toBe(true);
    const results = Array.from(
      { length: 8 },
      (_, i) => `<li><a href="/r${i}">Result ${i}</a><p>${PROSE[i % 3]}</p></li>`,
    ).join('');
    const search =
      '<html><head><title>Search results for “harbour”</title></head><body><form role="search">' +
      '<input type="search" name="q"></form><main><h1>Search results for “harbour”</h1>' +
      `<ol>${results}</ol></main></body></html>`;
    expect(refused(search)).toBe(true);
    const teasers = Array.from(
      { length: 12 },
      (_, i) => `<div class="teaser"><a href="/t${i}">Teaser headline ${i}</a><p>${PROSE[i % 3]}</p></div>`,
    ).join('');
    expect(refused(`<html><body><main><h2>Latest</h2>${teasers}</main></body></html>`)).toBe(true);
  });

  it('still extracts a short page with a sentence, and an article headline that mentions search', () => {
    const short = extractHtml(
      '<html><body><main><h1>Video</h1><p>A two-sentence description. It is short.</p></main></body></html>',
    );
    expect(short.text).toBe('A two-sentence description. It is short.');
    const html = page('<h1>Search for missing walker resumes</h1>', paras, '').replace(
      '<nav>',
      '<nav><form role="search"><input type="search" name="q"></form>',
    );
    expect(extractHtml(html).text).toBe(PROSE.join('\n\n'));
  });
});
