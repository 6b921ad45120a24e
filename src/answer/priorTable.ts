import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * The background prior's word → Zipf table (data/termPrior/en.tsv.gz, 299,000 lines), searched
 * where it lies. Building a Map of it took 0.7–1.0 s on this machine, paid by the first question of
 * every process (CLI, bot, each pool worker); the file is sorted by the words' UTF-8 bytes, so one
 * pass recording where each line starts and a binary search per question word cost a few ms instead.
 */
export class PriorTable {
  private constructor(
    private readonly bytes: Buffer,
    /** Offset of each data line's first byte. */
    private readonly starts: Uint32Array,
    /** Offset of each data line's tab. */
    private readonly tabs: Uint32Array,
  ) {}

  static load(file: string): PriorTable {
    const bytes = zlib.gunzipSync(fs.readFileSync(file));
    const starts: number[] = [];
    const tabs: number[] = [];
    // Native indexOf scans for the separators: a byte-by-byte loop in JS took several times longer.
    for (let lineStart = 0; lineStart < bytes.length; ) {
      const newline = bytes.indexOf(0x0a, lineStart);
      const lineEnd = newline < 0 ? bytes.length : newline;
      const tab = bytes.indexOf(0x09, lineStart);
      // '#' lines are comments; a line without a word before a tab is skipped, as it always was.
      if (tab > lineStart && tab < lineEnd && bytes[lineStart] !== 0x23) {
        starts.push(lineStart);
        tabs.push(tab);
      }
      lineStart = lineEnd + 1;
    }
    return new PriorTable(bytes, Uint32Array.from(starts), Uint32Array.from(tabs));
  }

  get size(): number {
    return this.starts.length;
  }

  /** The Zipf value listed for exactly this word, or undefined. */
  get(word: string): number | undefined {
    const key = Buffer.from(word, 'utf8');
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = Buffer.compare(this.bytes.subarray(this.starts[mid]!, this.tabs[mid]!), key);
      if (order === 0) return Number(this.bytes.toString('latin1', this.tabs[mid]! + 1, this.lineEnd(mid)));
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private lineEnd(row: number): number {
    const end = this.bytes.indexOf(0x0a, this.tabs[row]!);
    return end < 0 ? this.bytes.length : end;
  }

  /**
   * Whether the words are in strictly increasing byte order, which get() relies on: an unsorted file
   * would silently miss words. Checked by the tests on the shipped file, not at every start.
   */
  isSorted(): boolean {
    for (let row = 1; row < this.starts.length; row++) {
      const previous = this.bytes.subarray(this.starts[row - 1]!, this.tabs[row - 1]!);
      const current = this.bytes.subarray(this.starts[row]!, this.tabs[row]!);
      if (Buffer.compare(previous, current) >= 0) return false;
    }
    return true;
  }
}
