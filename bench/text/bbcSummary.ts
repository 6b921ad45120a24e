// The BBC News Summary references are article sentences concatenated without a space
// ("...$10.9bn.For the full-year..."). Sentence boundaries are restored where a full stop, "?" or
// "!" runs straight into a capital letter or an opening quote. A double quote right after the
// stop is ambiguous ("...said." + "The" vs "...said" + ".\"The"): it closes the sentence when the
// sentence has an odd number of double quotes so far, else it opens the next one.
const BOUNDARY = /[.!?](?=["'”’]?[A-Z"“‘])/g;

export function splitRunTogetherSummary(summary: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of summary.matchAll(BOUNDARY)) {
    let end = m.index + 1;
    const next = summary[end];
    if (next === '"' || next === '”') {
      const quotes = (summary.slice(start, end).match(/["“”]/g) ?? []).length;
      if (quotes % 2 === 1) end++;
    } else if ((next === "'" || next === '’') && !/[A-Z]/.test(summary[end + 1] ?? '')) {
      end++;
    }
    // "U.S.A" and "Mr.X" style initials: a boundary needs a sentence of at least a few letters before it.
    if (!/[\p{Ll}\p{N}%)"'”’]{1}[.!?]$/u.test(summary.slice(Math.max(start, m.index - 1), m.index + 1))) continue;
    const piece = summary.slice(start, end).trim();
    if (piece) out.push(piece);
    start = end;
  }
  const rest = summary.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
