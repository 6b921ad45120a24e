// One furniture filter for every format: HTML (after Readability), plain text and Markdown all
// pass through stripFurniture before they are stored, so a "Leave a Comment" line goes whatever
// file it came in. Only whole lines are removed, and only where furniture lives: the head and tail
// of the article, and short lines standing alone; a line of prose is never touched.
import pino, { type Logger } from 'pino';
import { FURNITURE_PHRASES, TAIL_SECTION_MARKERS } from './furniturePhrases.ts';

export { FURNITURE_PHRASES, TAIL_SECTION_MARKERS };

export interface FurnitureResult {
  text: string;
  /** The lines removed, in order, for the debug log and for tests. */
  removed: string[];
}

/**
 * The phrase lists as one anchored alternation each: every line of every ingested article is
 * tested, and one regex call per line costs a tenth of fifty (measured on Reuters stories).
 */
function combine(list: readonly RegExp[]): RegExp {
  const parts = list.map((re) => {
    if (!re.source.startsWith('^') || !re.source.endsWith('$') || re.flags !== 'i') {
      throw new Error(`furniture pattern ${re} must be /^…$/i`);
    }
    return `(?:${re.source.slice(1, -1)})`;
  });
  return new RegExp(`^(?:${parts.join('|')})$`, 'i');
}
const ANY_PHRASE = combine(FURNITURE_PHRASES);
const ANY_TAIL_MARKER = combine(TAIL_SECTION_MARKERS);

/** True for a line that is one of FURNITURE_PHRASES. */
export function isFurniture(line: string): boolean {
  return line.length <= 400 && ANY_PHRASE.test(line);
}

const MONTHS =
  'jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|' +
  'nov(ember)?|dec(ember)?';
const DAYS = 'mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(r(s(day)?)?)?|fri(day)?|sat(urday)?|sun(day)?';
const DATE_WORDS = new RegExp(
  `\\b(${MONTHS}|${DAYS}|published|posted|updated|last|first|modified|on|at|am|pm|a\\.m|p\\.m|` +
    'gmt|utc|[ecmp][sd]?t|bst|cet|' +
    `ago|hours?|hrs?|minutes?|mins?|days?|yesterday|today|read)\\b|\\d+(st|nd|rd|th)?`,
  'gi',
);

const DATE_SHAPE = new RegExp(
  `\\b(${MONTHS}|${DAYS}|ago|yesterday|today)\\b|\\d{1,2}:\\d{2}|\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}`,
  'i',
);

/** "Published 9:30 AM EST, Tue March 5, 2024 | Updated 11:02 AM": a line of dates and nothing else. */
export function isDateLine(line: string): boolean {
  if (line.length > 160 || !/\d|\b(ago|yesterday|today)\b/i.test(line)) return false;
  // Bare numbers ("2023 312", a table row) are not a date: a month, weekday, clock time or d/m/y is.
  if (!DATE_SHAPE.test(line)) return false;
  return line.replace(DATE_WORDS, '').replace(/[^\p{L}]/gu, '').length === 0;
}

// "By Dana Whitfield", "By Ana Ruiz and Li Wei, Staff Writers": a credit line, not a sentence.
const NAME = "\\p{Lu}[\\p{L}.'’-]*( \\p{Lu}[\\p{L}.'’-]*){0,3}";
const BYLINE = new RegExp(`^[Bb][Yy]:? ${NAME}((,| and| &) ${NAME}){0,3}(,? [\\p{L} ]{0,30})?$`, 'u');

const NAME_WORDS = /^(\p{Lu}[\p{L}'’.-]*\s?){1,4}$/u;
const DESK_WORDS =
  /^\p{Lu}[\p{L}'’.-]*(\s[\p{L}'’.-]+){0,2}\s(reporter|writer|correspondent|editor|team|desk|staff|contributor|columnist|office|newsroom)$/u;

/**
 * "Greta Lindqvist · 28 Apr 2025 06:45", "Court reporter | 3 March 2025": a name or desk and a date,
 * the credit line of many templates.
 */
function isNameAndDate(line: string): boolean {
  if (line.length > 120 || !DATE_SHAPE.test(line)) return false;
  const rest = line
    .replace(DATE_WORDS, ' ')
    .replace(/^\s*by:?\s/i, ' ')
    .replace(/[^\p{L}'’.-]+/gu, ' ')
    .trim();
  // A capitalized name ("Dana Whitfield") or a desk ("Communications team", "Court reporter"). A
  // desk must end in a newsroom word: any capitalized words with a date would also take a line of
  // the story ("NOTE: Quarter ends January 31." in an earnings report has no prose before it).
  return rest.length > 0 && (NAME_WORDS.test(rest) || DESK_WORDS.test(rest));
}

/** Lines that are furniture only where credits live: before the first paragraph of prose. */
function isHeadFurniture(line: string): boolean {
  if (isDateLine(line) || isNameAndDate(line)) return true;
  return (line.length <= 100 && BYLINE.test(line)) || /^(photo|image|illustration): .{0,80}$/i.test(line);
}

function isTailMarker(line: string): boolean {
  return line.length <= 160 && ANY_TAIL_MARKER.test(line);
}

/** A line that reads as prose: long enough and ending like a sentence. */
function isProse(line: string): boolean {
  return line.length >= 150 || (line.length >= 60 && /[.!?…]["”’')\]]?$/.test(line));
}

interface Line {
  text: string;
  /** The separator before this line: "\n\n" (new paragraph) or "\n"; '' for the first line. */
  sep: string;
}

/**
 * Removes furniture lines from `text` (paragraphs separated by blank lines, lines by "\n"):
 * phrase-list lines anywhere they stand alone, credit and date lines at the head, and a teaser rail,
 * comment section or author box at the tail once its section heading is found.
 */
export function stripFurniture(text: string): FurnitureResult {
  const lines = toLines(text);
  const drop = new Array<boolean>(lines.length).fill(false);
  const firstProse = lines.findIndex((l) => isProse(l.text));
  const headEnd = firstProse < 0 ? lines.length : firstProse;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.text;
    if (isFurniture(line) || (i < headEnd && isHeadFurniture(line))) drop[i] = true;
  }
  // The tail rail: the earliest section marker after the first prose line whose remainder is a
  // minority of the text, so a "Comments" heading mid-article cannot take the story with it.
  const total = lines.reduce((n, l) => n + l.text.length, 0);
  let after = 0;
  let cut = lines.length;
  for (let i = lines.length - 1; i > headEnd; i--) {
    if (isTailMarker(lines[i]!.text) && after <= total * 0.5) cut = i;
    after += lines[i]!.text.length;
  }
  for (let i = cut; i < lines.length; i++) drop[i] = true;
  // Trailing date and credit lines ("Updated 5 March 2024") are furniture at the foot too.
  for (let i = cut - 1; i > headEnd && (drop[i] || isDateLine(lines[i]!.text)); i--) drop[i] = true;

  const removed: string[] = [];
  let out = '';
  let pendingSep = '';
  for (let i = 0; i < lines.length; i++) {
    const { text: line, sep } = lines[i]!;
    if (sep.length > pendingSep.length) pendingSep = sep;
    if (drop[i]) {
      removed.push(line);
      continue;
    }
    out += (out ? pendingSep : '') + line;
    pendingSep = '';
  }
  if (removed.length) debugLog()?.debug({ removed }, 'furniture removed');
  return { text: out, removed };
}

function toLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /[ \t]*(\n[ \t]*\n[\s]*|\n)[ \t]*/g;
  let from = 0;
  let sep = '';
  for (let m = re.exec(text); ; m = re.exec(text)) {
    const to = m ? m.index : text.length;
    const line = text.slice(from, to);
    if (line) lines.push({ text: line, sep });
    if (!m) break;
    sep = m[1]!.includes('\n\n') || /\n\s*\n/.test(m[1]!) ? '\n\n' : '\n';
    if (!line && lines.length === 0) sep = '';
    from = m.index + m[0].length;
  }
  return lines;
}

// The ingest path has no logger handed to it; a debug-level pino logger on stderr is created once,
// and only when LOG_LEVEL asks for debug output.
let logger: Logger | null | undefined;
function debugLog(): Logger | null {
  if (logger === undefined) {
    const level = process.env.LOG_LEVEL ?? 'info';
    const wanted = level === 'debug' || level === 'trace';
    logger = wanted ? pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true })) : null;
  }
  return logger;
}
