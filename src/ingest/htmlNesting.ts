// The nesting cap applied to HTML markup before it is parsed: a hostile page of thousands of nested
// elements must cost linear time, not overflow a recursive DOM walk.

/**
 * Deepest nesting of wrapper elements kept; deeper ones are unwrapped (their text stays, their tags
 * go). Real article pages stay well under it; Readability's time grows faster than linearly with
 * depth (~0.4 s at 64 levels on the development machine), so the cap is what bounds a hostile page.
 * Elements that carry paragraph structure are kept up to twice as deep, so a deep page keeps them.
 */
export const MAX_NESTING = 64;
const STRUCTURAL = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'table',
  'tr',
  'td',
  'th',
]);

// Comments and raw-text elements are skipped whole (a "<div>" inside a script is not a tag).
const TAG_OR_SKIPPED =
  /<!--[\s\S]*?-->|<(script|style|textarea|title)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;
const VOID_TAGS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Drops the tags of elements nested deeper than MAX_NESTING, keeping their content. Every later
 * step (Readability, the paragraph walk, linkedom's own recursion) would otherwise overflow the stack
 * or take quadratic time on a page of thousands of nested <div>s. Linear, and a no-op on real pages.
 */
export function capNesting(html: string): string {
  if (html.length < MAX_NESTING * 5) return html;
  const stack: { tag: string; kept: boolean }[] = [];
  let depth = 0;
  let out = '';
  let last = 0;
  let changed = false;
  for (const m of html.matchAll(TAG_OR_SKIPPED)) {
    const [, , closing, rawTag, selfClosing] = m;
    if (!rawTag) continue;
    const tag = rawTag.toLowerCase();
    if (VOID_TAGS.has(tag) || selfClosing) continue;
    let keep = true;
    if (!closing) {
      keep = depth < MAX_NESTING || (STRUCTURAL.has(tag) && depth < MAX_NESTING * 2);
      stack.push({ tag, kept: keep });
      if (keep) depth++;
    } else {
      // The top of the stack is the usual match; searching down only for mis-nested markup.
      let at = stack.length - 1;
      const floor = Math.max(0, stack.length - 64);
      while (at >= floor && stack[at]!.tag !== tag) at--;
      if (at < floor) continue;
      // Implicitly closed elements between here and the match close with it, as browsers do.
      const closed = stack.splice(at);
      for (const e of closed) if (e.kept) depth--;
      keep = closed[0]!.kept;
    }
    if (!keep) {
      out += html.slice(last, m.index);
      last = m.index! + m[0].length;
      changed = true;
    }
  }
  return changed ? out + html.slice(last) : html;
}
