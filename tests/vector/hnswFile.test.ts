// The layout check that keeps a forged index file (checksum rewritten to match) from hnswlib's reader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHnswLayout } from '../../src/vector/hnswFile.ts';
import { DEFAULT_INDEX_PARAMS, VectorIndex } from '../../src/vector/vectorIndex.ts';

const DIM = 8;

function savedIndex(count: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-hnswfile-')), 'v.hnsw');
  const vectors = Array.from({ length: count }, (_, i) => {
    const v = Float32Array.from({ length: DIM }, (_, j) => Math.sin(i * 7 + j));
    const n = Math.hypot(...v);
    return { id: i + 1, vector: v.map((x) => x / n) };
  });
  VectorIndex.open(file, 'm', DIM, { count, vectors: () => vectors });
  return file;
}

const expected = (count: number) => ({
  dimension: DIM,
  count,
  m: DEFAULT_INDEX_PARAMS.m,
  efConstruction: DEFAULT_INDEX_PARAMS.efConstruction,
});

describe('checkHnswLayout', () => {
  it('accepts what hnswlib wrote', () => {
    expect(checkHnswLayout(savedIndex(300), expected(300))).toBeNull();
  });

  it('refuses another dimension, a forged header, a neighbour past the end and a cut file', () => {
    const file = savedIndex(300);
    expect(checkHnswLayout(file, { ...expected(300), dimension: 16 })).toMatch(/header/);
    const bytes = fs.readFileSync(file);
    const forged = Buffer.from(bytes);
    forged.writeBigUInt64LE(1n << 40n, 8); // max_elements
    fs.writeFileSync(file, forged);
    expect(checkHnswLayout(file, expected(300))).toMatch(/header/);
    const badLink = Buffer.from(bytes);
    badLink.writeUInt16LE(1, 96);
    badLink.writeUInt32LE(999_999, 100); // record 0's first neighbour
    fs.writeFileSync(file, badLink);
    expect(checkHnswLayout(file, expected(300))).toMatch(/neighbour/);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    expect(checkHnswLayout(file, expected(300))).not.toBeNull();
  });
});
