import type { SpellingCorrection } from './types.ts';

/**
 * How front ends say which words of a question were read as the library's words: `read "Kowalcyzk"
 * as "Kowalczyk"`, so an answer about a name the asker did not type is never a surprise. Null when
 * nothing was corrected.
 */
export function readAsNote(corrections: SpellingCorrection[] | undefined): string | null {
  if (!corrections?.length) return null;
  return `read ${corrections.map((c) => `"${c.from}" as "${c.to}"`).join(', ')}`;
}
