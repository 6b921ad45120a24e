import { Lexer, type Token, type Tokens } from 'marked';

/**
 * Plain text of a Markdown document, one paragraph (heading, list item, quote) per blank-line
 * separated block, with emphasis, links and images reduced to their words. marked's lexer does
 * the parsing; only the walk over its tokens is ours.
 */
export function markdownToText(markdown: string): string {
  const blocks: string[] = [];
  walkBlocks(new Lexer().lex(markdown), blocks);
  return blocks.join('\n\n');
}

/** The first level-1 heading of a Markdown document, if it has one. */
export function markdownTitle(markdown: string): string | null {
  const heading = new Lexer()
    .lex(markdown)
    .find((t): t is Tokens.Heading => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
  return heading ? inlineText(heading.tokens).trim() : null;
}

function walkBlocks(tokens: Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading':
      case 'paragraph':
        // A single newline inside a Markdown paragraph is a soft wrap, i.e. a space.
        push(out, inlineText((t as Tokens.Heading | Tokens.Paragraph).tokens).replace(/[ \t]*\n[ \t]*/g, ' '));
        break;
      case 'text':
        push(out, 'tokens' in t && t.tokens ? inlineText(t.tokens) : (t as Tokens.Text).text);
        break;
      case 'list':
        for (const item of (t as Tokens.List).items) {
          const parts: string[] = [];
          walkBlocks(item.tokens, parts);
          push(out, parts.join(' '));
        }
        break;
      case 'blockquote':
        walkBlocks((t as Tokens.Blockquote).tokens, out);
        break;
      case 'code':
        push(out, (t as Tokens.Code).text);
        break;
      case 'table': {
        const table = t as Tokens.Table;
        push(out, table.header.map((c) => inlineText(c.tokens)).join(' | '));
        for (const row of table.rows) push(out, row.map((c) => inlineText(c.tokens)).join(' | '));
        break;
      }
      case 'html':
        // Raw HTML blocks in Markdown are nearly always embeds or comments, not article prose.
        break;
      default:
        break;
    }
  }
}

function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  let s = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'image':
      case 'html':
        break;
      case 'br':
        s += '\n';
        break;
      case 'codespan':
        s += (t as Tokens.Codespan).text;
        break;
      case 'escape':
        s += (t as Tokens.Escape).text;
        break;
      default:
        if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) s += inlineText(t.tokens);
        else if ('text' in t) s += decodeEntities(String(t.text));
        else s += t.raw;
    }
  }
  return s;
}

// marked leaves the few entities it escapes itself (&amp; &lt; &gt; &quot; &#39;) in token text.
function decodeEntities(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!,
  );
}

function push(out: string[], text: string): void {
  const t = text.trim();
  if (t) out.push(t);
}
