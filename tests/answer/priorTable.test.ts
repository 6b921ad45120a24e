import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PriorTable } from '../../src/answer/priorTable.ts';
import { PRIOR_TABLE_FILE, priorZipf } from '../../src/answer/termWeights.ts';

/** The table as a Map, read the simple way: what the binary search must agree with. */
function asMap(file: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0 || line.startsWith('#')) continue;
    map.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return map;
}

describe('PriorTable', () => {
  const shipped = PriorTable.load(PRIOR_TABLE_FILE);
  const expected = asMap(PRIOR_TABLE_FILE);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-prior-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('ships a table sorted by word bytes, so the binary search can find every word', () => {
    expect(shipped.isSorted()).toBe(true);
    expect(shipped.size).toBe(expected.size);
    expect(shipped.size).toBeGreaterThan(200_000);
  });

  it('finds exactly the value of every listed word', () => {
    let mismatches = 0;
    for (const [word, zipf] of expected) if (shipped.get(word) !== zipf) mismatches++;
    expect(mismatches).toBe(0);
    expect(shipped.get('the')).toBe(expected.get('the'));
  });

  it('misses words the table does not list, including prefixes and extensions of listed ones', () => {
    for (const word of ['qqqzzxv', 'th', 'thee-not-a-word', '', 'ölpreisxyz']) {
      expect(shipped.get(word)).toBe(expected.get(word));
    }
  });

  it('handles comments, non-ASCII words, a missing last newline and a table of one line', () => {
    const file = path.join(scratch, 'small.tsv.gz');
    fs.writeFileSync(file, zlib.gzipSync('# a comment\ncafé\t3.5\nnaïve\t2.25\nzebra\t4'));
    const small = PriorTable.load(file);
    expect(small.isSorted()).toBe(true);
    expect([small.get('café'), small.get('naïve'), small.get('zebra'), small.get('cafe')]).toEqual([
      3.5,
      2.25,
      4,
      undefined,
    ]);
    const one = path.join(scratch, 'one.tsv.gz');
    fs.writeFileSync(one, zlib.gzipSync('word\t5\n'));
    expect(PriorTable.load(one).get('word')).toBe(5);
  });

  it('reports an unsorted table', () => {
    const file = path.join(scratch, 'unsorted.tsv.gz');
    fs.writeFileSync(file, zlib.gzipSync('zebra\t4\napple\t5\n'));
    expect(PriorTable.load(file).isSorted()).toBe(false);
  });

  it('is what priorZipf reads (case-folded)', () => {
    expect(priorZipf('The')).toBe(expected.get('the'));
    expect(priorZipf('oil')).toBe(expected.get('oil'));
  });
});
