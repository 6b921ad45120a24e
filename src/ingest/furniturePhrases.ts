/**
 * The maintained list of page-furniture phrases: lines that web pages wrap around an article and
 * that end up in HTML, plain-text and Markdown copies of it. Sources: the prompts of the common
 * publishing platforms (WordPress core and Jetpack sharing/related-posts/comment blocks, Ghost and
 * Substack subscribe boxes, Disqus), cookie-consent banners (the IAB TCF wording most CMPs ship), and
 * the teaser rails of news sites (AP, Reuters, regional papers) seen in the issue-9 pages.
 * Each pattern matches a WHOLE line, is anchored, and is kept narrow so that a real sentence that
 * merely starts the same way ("Share prices fell…", "Read more carefully…") survives.
 */
const SOCIAL = 'facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|threads|bluesky|mastodon|email';

export const FURNITURE_PHRASES: readonly RegExp[] = [
  /^leave a (comment|reply)\b.{0,40}$/i,
  /^(\d+ )?(comments?|responses?|replies)( \(\d+\))?:?$/i,
  /^(show|view|load|see) (all )?(\d+ )?comments?\b.{0,20}$/i,
  /^comments are closed\.?$/i,
  /^join the (conversation|discussion|debate)\b.{0,60}$/i,
  /^share (this|the) (article|story|post|page)\b.{0,40}$/i,
  /^share this:?$/i,
  new RegExp(`^share (on|to|via) (${SOCIAL})\\b.{0,40}$`, 'i'),
  /^(share|print|email|tweet|facebook|twitter|linkedin|whatsapp|reddit|pinterest)( this)?( article| story| page)?$/i,
  /^(copy link|link copied)$/i,
  /^click to (share|print|email)\b.{0,80}$/i,
  /^click here to (subscribe|sign up|register|read more|continue)\b.{0,100}$/i,
  /^subscribe( now| today)?[.!]*$/i,
  /^subscribe (to|for) (our|the|my) .{0,60}$/i,
  /^subscribe to our newsletter\b.{0,120}$/i,
  /^(get|receive) (our|the) .{0,40}\bnewsletter\b.{0,80}$/i,
  /^sign up( now| here| today)?[.!…]*$/i,
  /^sign up (for|to) (our|the|my) .{0,60}\b(newsletters?|updates|emails?|alerts?|digest|briefing)\b.{0,60}$/i,
  /^(we|this (web)?site|our (web)?site) uses? cookies\b.{0,300}$/i,
  /^by (continuing|using) (to use )?(this|our) (web)?site,? you (agree|consent)\b.{0,200}$/i,
  // Sign-in and sign-up forms' small print and prompts.
  /^by (continuing|signing (in|up)|logging in|clicking .{1,30}|creating an account),? you (agree|consent|accept)\b.{0,300}$/i,
  /^(welcome back[.!]? )?(sign|log) ?in to (continue|your account)\b.{0,60}$/i,
  /^(new to .{1,40}\? )?(create|register) (an|your|a free) account[.!]?$/i,
  /^(accept|reject|manage) (all )?cookies\b.{0,20}$/i,
  /^(cookie (settings|preferences|policy)|privacy (settings|policy))$/i,
  /^advertisements?$/i,
  /^(sponsored( content)?|paid (post|content)|story continues below( advertisement)?)$/i,
  /^skip to (main )?content$/i,
  /^(continue|keep) reading\b.{0,40}$/i,
  /^read more\b[\s:.…»›→>-]*$/i,
  /^(read more|read next|also read|see also|related|more|recommended|watch|listen): .{1,150}$/i,
  /^related (articles?|stories|posts|content|reading|coverage|links)\b.{0,20}$/i,
  /^(more|latest) (news|stories|articles|posts) (from|on|about|in) .{1,60}$/i,
  /^more (from|in) .{1,60}$/i,
  /^(more stories|more news|you (may|might) also like|recommended( for you)?|editors'? picks)\b[.:!]*$/i,
  /^(most (read|popular|viewed)|trending( now)?|read next|up next|what to read next)\b[.:!]*$/i,
  /^want more (stories|articles|news|content) like this\?.{0,120}$/i,
  /^about the author:?$/i,
  /^follow us (on|at)\b.{0,80}$/i,
  /^follow (me|him|her|them) on (x|twitter|instagram|facebook|bluesky|threads|mastodon|linkedin)\b.{0,60}$/i,
  /^listen to (this|the) (article|story)\b.{0,30}$/i,
  /^\d+ min(ute)?s? read$/i,
  /^(back to top|top of page)$/i,
  /^(tags|tagged|categories|topics|labels): .{1,200}$/i,
  // Blogger's post footer: "Posted by Walt Penrose at 4:12 PM 3 comments".
  /^posted by .{1,60}\b(at|on) .{1,60}(?<![.!?])$/i,
  /^(filed under|posted in):? .{1,150}(?<![.!?])$/i,
  /^(copyright )?(©|\(c\)) ?\d{4}\b.{0,150}$/i,
  /^all rights reserved\.?$/i,
  /^our standards: .{0,80}$/i,
  // The print-edition note of US newspapers' web pages ("A version of this article appears in print
  // on March 4, 2025, Section A, Page 8 … Order Reprints | Today's Paper | Subscribe").
  /^a version of this (article|story|review|interview|column) appears in print\b.{0,400}$/i,

  /^(posted|published|updated|last updated)( on| at)?:? .{0,40}\b\d{4}\b.{0,20}$/i,
];

/**
 * Section headings after which a page has only furniture (teaser rails, comments, author boxes):
 * at the tail of an article, such a line and everything after it go.
 */
export const TAIL_SECTION_MARKERS: readonly RegExp[] = [
  /^(related (articles?|stories|posts|content|reading|coverage)|more stories|more news|read next|up next)[.:!]*$/i,
  /^(more|latest) (news|stories|articles|posts) (from|on|about|in) .{1,60}$/i,
  /^more (from|in) .{1,60}$/i,
  /^(you (may|might) also like|recommended( for you)?|editors'? picks)[.:!]*$/i,
  /^(most (read|popular|viewed)|trending( now)?)[.:!]*$/i,
  /^want more (stories|articles|news|content) like this\?.{0,120}$/i,
  /^(join the (conversation|discussion)|leave a (comment|reply)|(\d+ )?comments?)\b.{0,60}$/i,
  /^(about the author|share this)\b.{0,60}$/i,
  // Platform widgets after the post: Medium's author box and rails, Blogger's sidebar.
  /^(written by|recommended (from|by)|more from) .{1,60}(?<![.!?])$/i,
  /^(blog archive|about me|popular posts|followers|subscribe to)$/i,
];
