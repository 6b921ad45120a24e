import { existsSync, readdirSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorIndex, type VectorIndexParams, type VectorSource } from '../../src/vector/vectorIndex.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const DIM = 16;
const PARAMS: VectorIndexParams = { m: 8, efConstruction: 64, efSearch: 32 };

/** A deterministic unit vector per id (and variant), so tests can search for an exact stored vector. */
function unitVector(id: number, variant = 0): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, i) =>
    Math.sin((id + 1) * 12.9898 + (i + 1) * 78.233 + variant * 3.1),
  );
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function sourceOf(ids: number[], variant = 0): VectorSource & { reads: number } {
  const src = {
    count: ids.length,
    reads: 0,
    *vectors() {
      src.reads++;
      for (const id of ids) yield { id, vector: unitVector(id, variant) };
    },
  };
  return src;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Every live label, found by asking for as many neighbours as the index holds. */
function liveIds(index: VectorIndex): number[] {
  return index
    .search(unitVector(0), index.size)
    .map((h) => h.id)
    .sort((a, b) => a - b);
}

afterAll(removeTempDirs);

describe('VectorIndex', () => {
  it('builds from the source when the file is missing, then saves the file and its sidecar', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'vectors-default.hnsw');
    const src = sourceOf(range(1, 41));
    const index = VectorIndex.open(file, 'model-a', DIM, src, PARAMS);
    expect(index.rebuiltBecause).toBe('index file missing');
    expect(src.reads).toBe(1);
    expect(index.size).toBe(40);
    expect(existsSync(file)).toBe(true);
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      model: 'model-a',
      dimension: DIM,
      count: 40,
      m: PARAMS.m,
      efConstruction: PARAMS.efConstruction,
    });
    expect(sidecar.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Atomic saves leave no temporary files behind.
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['vectors-default.hnsw', 'vectors-default.hnsw.json']);
  });

  it('finds a stored vector as its own nearest neighbour, with cosine similarity ~1', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 101)), PARAMS);
    for (const id of [1, 50, 100]) {
      const [best] = index.search(unitVector(id), 3);
      expect(best!.id).toBe(id);
      expect(best!.similarity).toBeCloseTo(1, 4);
    }
    expect(index.search(unitVector(7), 1000)).toHaveLength(100);
  });

  it('loads a good file as is, without reading the database', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const ids = range(1, 31);
    VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS);
    const src = sourceOf(ids);
    const again = VectorIndex.open(file, 'model-a', DIM, src, PARAMS);
    expect(again.rebuiltBecause).toBeNull();
    expect(src.reads).toBe(0);
    expect(liveIds(again)).toEqual(ids);
  });

  it('rebuilds, rather than crashes, when the file is corrupt', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const ids = range(1, 31);
    VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS);
    // Overwrite bytes in the header (element counts, offsets) and the body.
    const fh = await open(file, 'r+');
    await fh.write(Buffer.alloc(64, 0xff), 0, 64, 0);
    await fh.write(Buffer.alloc(256, 0x41), 0, 256, 512);
    await fh.close();
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS);
    expect(index.rebuiltBecause).toMatch(/corrupt/);
    expect(liveIds(index)).toEqual(ids);
    expect(VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS).rebuiltBecause).toBeNull();
  });

  it('rebuilds when the file is truncated to nothing', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 11)), PARAMS);
    await writeFile(file, '');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 11)), PARAMS);
    expect(index.rebuiltBecause).not.toBeNull();
    expect(index.size).toBe(10);
  });

  it('rebuilds when the sidecar is missing, unreadable, or names another model or dimension', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const ids = range(1, 21);
    VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS);

    await rm(`${file}.json`);
    expect(VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS).rebuiltBecause).toMatch(/metadata missing/);

    await writeFile(`${file}.json`, '{ not json');
    expect(VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS).rebuiltBecause).toMatch(
      /metadata missing or unreadable/,
    );

    const other = VectorIndex.open(file, 'model-b', DIM, sourceOf(ids), PARAMS);
    expect(other.rebuiltBecause).toBe(`index built with model-a (${DIM} dimensions)`);
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as { model: string };
    expect(sidecar.model).toBe('model-b');
  });

  it('rebuilds when the database holds a different number of vectors than the file', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 21)), PARAMS);
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 26)), PARAMS);
    expect(index.rebuiltBecause).toBe('index holds 20 vectors, the database 25');
    expect(index.size).toBe(25);
  });

  it('applies deletions: removed ids are never returned, and the size shrinks and persists', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 51)), PARAMS);
    index.remove([3, 4, 5]);
    index.remove([999]); // never indexed: ignored
    expect(index.size).toBe(47);
    expect(index.search(unitVector(4), 50).map((h) => h.id)).not.toContain(4);
    index.save();
    const reopened = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 48)), PARAMS);
    expect(reopened.rebuiltBecause).toBeNull();
    expect(reopened.size).toBe(47);
    expect(liveIds(reopened)).toEqual(range(1, 51).filter((id) => ![3, 4, 5].includes(id)));
  });

  // Known bug: VectorIndex.addOne calls addPoint(vector, id, replaceDeleted = true). When the id
  // being added is itself one of the marked-deleted labels, hnswlib moves it into another deleted
  // slot and erases that slot's old label from its lookup table, which may be the id just re-added;
  // the next markDelete of that id throws "Label not found", remove() swallows it, and the stale
  // vector stays live (size 23 instead of 20 in round 2 here, duplicate labels in results).
  // SQLite reuses freed chunk ids (chunks.id has no AUTOINCREMENT), so the library hits this on
  // every second replacement of the same article.
  it('reuses the id of a removed vector for a new one (SQLite reuses freed chunk ids)', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf(range(1, 21)), PARAMS);
    // The library replaces an article by removing its chunks' vectors and adding the new ones,
    // which often get the very same ids back.
    for (let round = 1; round <= 3; round++) {
      const ids = range(15, 21);
      index.remove(ids);
      index.add(
        ids,
        ids.map((id) => unitVector(id, round)),
      );
      expect(index.size).toBe(20);
      expect(liveIds(index)).toEqual(range(1, 21));
      const [best] = index.search(unitVector(17, round), 1);
      expect(best!.id).toBe(17);
      expect(best!.similarity).toBeCloseTo(1, 4);
    }
    // Removing the replaced ids must really take them out.
    index.remove(range(15, 21));
    expect(index.size).toBe(14);
    expect(liveIds(index)).toEqual(range(1, 15));
  });

  it('grows past its initial capacity', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf([]), PARAMS);
    const ids = range(1, 1301);
    index.add(
      ids,
      ids.map((id) => unitVector(id)),
    );
    expect(index.size).toBe(1300);
    expect(index.search(unitVector(1250), 1)[0]!.id).toBe(1250);
    index.save();
    expect(VectorIndex.open(file, 'model-a', DIM, sourceOf(ids), PARAMS).size).toBe(1300);
  });

  it('refuses a vector of the wrong dimension', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf([]), PARAMS);
    expect(() => index.add([1], [new Float32Array(DIM + 1)])).toThrow(/dimensions/);
  });

  it('returns nothing from an empty index, and does not write a file for it', async () => {
    const file = path.join(await makeTempDir('quoth-vec-'), 'v.hnsw');
    const index = VectorIndex.open(file, 'model-a', DIM, sourceOf([]), PARAMS);
    expect(index.search(unitVector(1), 5)).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(index.fileBytes()).toBe(0);
  });
});
