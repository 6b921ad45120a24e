/**
 * Cleans text before it is stored. Offsets are taken on the stored text, so every change to the
 * characters happens here, once, before any span exists.
 */
export function normalizeText(raw: string): string {
  let t = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Zero-width and soft-hyphen characters break word matching and are invisible to readers.
  t = t.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '');
  t = t.replace(/[\u00A0\u2007\u202F]/g, ' ').replace(/\t/g, ' ');
  // Other control characters (except newline) have no place in article text.
  t = t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
  t = t
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n');
  t = t.replace(/\n{3,}/g, '\n\n');
  return t.trim();
}
