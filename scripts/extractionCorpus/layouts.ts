// Page layouts for the extraction corpus: eight site shells seen on real news and blog pages, each
// with switchable furniture (cookie banners, share rows, teaser rails, comments, author bios, date
// lines, hover cards, repeated captions, embedded posts). A page is a story in one shell with one
// set of switches; `expected` is what a careful reader would keep: the story's own paragraphs and
// subheadings, the embedded post it quotes, and a photo caption once.
import type { Story } from './stories.ts';

export const SHELLS = ['news', 'form', 'wordpress', 'magazine', 'minimal', 'listing', 'cards', 'static'] as const;
export type Shell = (typeof SHELLS)[number];

export interface Options {
  shell: Shell;
  cookie: boolean;
  tweet: boolean;
  hover: boolean;
  caption: 'none' | 'once' | 'repeat';
  dateInBody: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const P = (s: string): string => (s.startsWith('## ') ? `<h2>${esc(s.slice(3))}</h2>` : `<p>${esc(s)}</p>`);
const display = (iso: string): string =>
  new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toUTCString().replace(/:\d\d GMT$/, ' GMT');

const COOKIE = `<div id="cookie-consent" class="cmp-banner"><p>We use cookies to improve your experience and to show you
  relevant ads. By continuing to use this site, you agree to our use of cookies.</p><button>Accept all cookies</button>
  <a href="/privacy">Manage cookies</a></div>`;
const SHARE = `<div class="share-row"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>`;
const NEWSLETTER = `<div class="newsletter-box"><h3>Sign up for our daily newsletter</h3><p>The day's top stories in your
  inbox every morning.</p><form><input type="email"><button>Subscribe</button></form></div>`;

function teasers(site: string, n: number): string {
  const items = [
    'Ferry timetable changes announced for winter',
    'New lifeboat station opens on the north quay',
    'Council publishes draft budget for next year',
    'Students raise money for the hospital garden',
    'Rail works to close the line for two weekends',
    'Record crowds at the autumn food market',
  ];
  return items
    .slice(0, n)
    .map((t, i) => `<li><a href="/story/${i}">${t}</a><span>${site}</span></li>`)
    .join('');
}

/** Story paragraphs as HTML, with the embed, caption, hover card and body date line switched in. */
function body(story: Story, o: Options): string {
  const figure = `<figure><img src="/img/${story.slug}.jpg" alt=""><figcaption>${esc(story.caption)}</figcaption></figure>`;
  const tweet = `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">${esc(story.tweet.text)}</p>${esc(story.tweet.by)}</blockquote>
    <script async src="https://platform.twitter.example/widgets.js"></script>`;
  let hoverDone = false;
  const out: string[] = [];
  if (o.dateInBody) {
    out.push(`<p class="dateline">Published ${display(story.date)} | Updated ${display(story.date)}</p>`);
  }
  story.paragraphs.forEach((p, i) => {
    let html = P(p);
    if (o.hover && !hoverDone && p.includes(story.hover.name)) {
      hoverDone = true;
      html = html.replace(
        esc(story.hover.name),
        `<span class="person">${esc(story.hover.name)}<span class="hover-card">` +
          `<span>${esc(story.hover.blurb)}</span></span></span>`,
      );
    }
    out.push(o.shell === 'cards' ? `<div class="paragraph">${html}</div>` : html);
    const last = i === story.paragraphs.length - 1;
    if (!last && (o.caption === 'repeat' || (o.caption === 'once' && i === 0))) out.push(figure);
    if (o.tweet && i === 1) out.push(tweet);
  });
  return out.join('\n');
}

/** What a careful reader keeps from the page. */
export function expectedText(story: Story, o: Options): string {
  const out: string[] = [];
  story.paragraphs.forEach((p, i) => {
    out.push(p.replace(/^## /, ''));
    if (o.caption !== 'none' && i === 0) out.push(story.caption);
    if (o.tweet && i === 1) out.push(story.tweet.text, story.tweet.by);
  });
  return out.join('\n\n');
}

function head(story: Story): string {
  return `<head><meta charset="utf-8"><title>${esc(story.title)} | ${esc(story.site)}</title>
<meta property="og:title" content="${esc(story.title)}"><meta property="og:site_name" content="${esc(story.site)}">
<meta name="author" content="${esc(story.author)}"><meta property="article:published_time" content="${story.date}">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({ page: 'article' });</script>
<style>.hover-card { display: none } .person:hover .hover-card { display: block }</style></head>`;
}

const NAV = `<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/search">Search</a></li></ul></nav>`;
const FOOTER = (site: string): string => `<footer class="site-footer"><p>© 2025 ${esc(site)}. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a> <a href="/terms">Terms</a></footer>`;

export function renderPage(story: Story, o: Options): string {
  const byline = `<div class="byline">By <a rel="author" href="/staff">${esc(story.author)}</a></div>`;
  const time = `<time datetime="${story.date}">${display(story.date)}</time>`;
  const cookie = o.cookie ? COOKIE : '';
  const text = body(story, o);
  const h1 = `<h1>${esc(story.title)}</h1>`;
  let main: string;
  switch (o.shell) {
    case 'news':
      main = `<header class="masthead">${NAV}</header><div class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a></div>
<main><article>${h1}${byline}${time}${SHARE}<div class="article-body">${text}</div>
<aside class="related"><h3>Related articles</h3><ul>${teasers(story.site, 3)}</ul></aside></article></main>${FOOTER(story.site)}`;
      break;
    case 'form':
      main = `<form method="post" action="./${story.slug}.aspx" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="x">
<div id="header">${NAV}</div><div id="content"><div class="story">${h1}<span class="author">${esc(story.author)}</span>
<span class="date">${display(story.date)}</span><div class="story-text">${text}</div></div>
<div id="sidebar"><h3>Most read</h3><ol>${teasers(story.site, 5)}</ol></div></div>${FOOTER(story.site)}</form>`;
      break;
    case 'wordpress':
      main = `<div id="page" class="site"><header id="masthead">${NAV}</header><div id="content"><main id="main">
<article class="post type-post status-publish"><header class="entry-header">${h1}<div class="entry-meta">Posted on ${time}
by ${esc(story.author)}</div></header><div class="entry-content">${text}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Click to share on Twitter (Opens in new window)</a></li>
<li><a href="#">Click to share on Facebook (Opens in new window)</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>${teasers(story.site, 3)}</div></div>
<footer class="entry-footer">Posted in News Tagged ${esc(story.site)}</footer></article>
<div id="comments" class="comments-area"><h2 class="comments-title">3 Comments</h2><ol class="comment-list">
<li class="comment"><p>Finally! We have waited years for this.</p></li><li class="comment"><p>Who is paying for it though?</p></li>
<li class="comment"><p>Great reporting, thank you.</p></li></ol><div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea>
<button>Post Comment</button></form></div></div></main></div>${FOOTER(story.site)}</div>`;
      break;
    case 'magazine':
      main = `<div class="wrapper">${NAV}<div class="container">${h1}<p class="byline">By ${esc(story.author)}</p>
${text}
<div class="author-bio"><p>${esc(story.author)} is a staff writer at ${esc(story.site)}. Follow ${esc(story.author.split(' ')[0]!)} on X for more.</p></div>
<div><h3>Want more stories like this? Sign up for our free weekly briefing.</h3></div>
<div><h2>More News from ${esc(story.site)}</h2><ul>${teasers(story.site, 6)}</ul></div>
<div><h3>Join the conversation</h3><p>Comments are moderated and may take a few minutes to appear.</p></div></div>
${FOOTER(story.site)}</div>`;
      break;
    case 'minimal':
      main = `${h1}<p><i>${esc(story.author)} · ${display(story.date)}</i></p>${text}<p>Leave a Comment</p>
<p><a href="/">Back to top</a></p>`;
      break;
    case 'listing':
      main = `${NAV}<div class="layout"><div class="col-main">${h1}${byline}${text}${NEWSLETTER}</div>
<div class="col-side"><h2>Latest headlines</h2>${[0, 1, 2, 3, 4]
        .map(
          (i) => `<div class="teaser"><h3><a href="/t/${i}">Teaser headline
number ${i + 1} from the newsroom</a></h3><p>A short summary of another story that the site wants you to read next, with a
few lines of text.</p><a href="/t/${i}">Read more</a></div>`,
        )
        .join('')}</div></div>${FOOTER(story.site)}`;
      break;
    case 'cards':
      main = `<div id="app"><div class="top-bar">${NAV}</div><div class="c-article"><div class="c-headline">${h1}</div>
<div class="c-meta"><span>${esc(story.author)}</span><span>${display(story.date)}</span></div><div class="c-body">${text}</div>
<div class="c-recirc"><h3>Read next</h3><ul>${teasers(story.site, 4)}</ul></div></div>${FOOTER(story.site)}</div>`;
      break;
    case 'static':
      main = `<main><article>${h1}<p class="meta">${time} · 5 min read</p>${text}
<h3>About the author</h3><p>${esc(story.author)} writes about local news and has contributed to ${esc(story.site)} since 2019.</p>
<h3>Join the conversation</h3><p>Sign in to comment.</p></article></main>${FOOTER(story.site)}`;
      break;
  }
  return `<!doctype html>\n<html lang="en">${head(story)}\n<body>${cookie}\n${main}\n</body></html>\n`;
}
