/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions, "seige" → "siege"
 * costs 1), or `limit + 1` as soon as it must exceed `limit`. Hand-written: fastest-levenshtein
 * counts a transposition as two edits and has no bound, and spelling correction compares a word
 * with every indexed term of similar length (tens of thousands in a large library), where all but
 * a few exceed the bound within a couple of rows. The rows are reused between calls.
 */
let rows: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0]!.length < b.length + 1) rows = rows.map(() => new Int32Array(2 * (b.length + 1)));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // A whole row past the limit cannot come back under it, transpositions included.
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, limit + 1);
}
