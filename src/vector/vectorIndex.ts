import fs from 'node:fs';
import crypto from 'node:crypto';
import { threadId } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';
import { checkHnswLayout } from './hnswFile.ts';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface VectorIndexParams {
  /** Graph degree; see bench results in the README for the choice. */
  m: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * From `npm run bench` (hnswlib alone, 384-d vectors shaped like sentence embeddings): at 100k
 * vectors efConstruction 100 gives the same recall as 200 and builds 1.7x faster; Quoth asks for 50
 * neighbours, and ef 256 is what keeps recall@50 at 0.97 (ef 64: 0.75) for ~1.5 ms a query, small
 * beside embedding the question. M 32 would buy the same recall at ef 128 for a 1.5x slower build.
 */
export const DEFAULT_INDEX_PARAMS: VectorIndexParams = { m: 16, efConstruction: 100, efSearch: 256 };

interface Sidecar {
  model: string;
  dimension: number;
  count: number;
  sha256: string;
  m: number;
  efConstruction: number;
}

export interface VectorSource {
  /** How many vectors the database holds for this index: a different count means the file is stale. */
  count: number;
  vectors: () => Iterable<{ id: number; vector: Float32Array }>;
}

/**
 * One hnswlib index over a collection's chunk vectors, labelled by chunk id. The database keeps
 * every vector, so this file is a cache: it is rebuilt whenever it is missing, fails its checksum,
 * is stale, or was built by another model. hnswlib reads a corrupt file with no checks (it can
 * crash the process), so the checksum is verified before the native reader sees the file.
 */
export class VectorIndex {
  private dirty = false;
  private live: number;

  private constructor(
    private index: Hnsw,
    readonly file: string,
    readonly model: string,
    readonly dimension: number,
    private readonly params: VectorIndexParams,
    live: number,
    /** Why the index was rebuilt on open, if it was. */
    readonly rebuiltBecause: string | null,
  ) {
    this.live = live;
  }

  static open(
    file: string,
    model: string,
    dimension: number,
    source: VectorSource,
    params = DEFAULT_INDEX_PARAMS,
    /** False for a read-only library: a rebuilt index serves from memory and is never written. */
    persist = true,
  ): VectorIndex {
    let problem = VectorIndex.checkFile(file, model, dimension, source.count);
    if (problem === null) {
      const index = new HierarchicalNSW('ip', dimension);
      try {
        index.readIndexSync(file, true);
        index.setEf(params.efSearch);
        return new VectorIndex(index, file, model, dimension, params, source.count, null);
      } catch (err) {
        // A layout the checks above missed: the file is a cache, so rebuild rather than fail.
        problem = `index file unreadable (${(err as Error).message})`;
      }
    }
    const built = new VectorIndex(
      VectorIndex.emptyIndex(dimension, source.count, params),
      file,
      model,
      dimension,
      params,
      0,
      problem,
    );
    for (const { id, vector } of source.vectors()) built.addOne(id, vector);
    built.dirty = true;
    try {
      if (source.count > 0 && persist) built.save();
    } catch {
      // Read-only or full data directory: the rebuilt index serves this run from memory.
    }
    return built;
  }

  /** Null when the file can be loaded as is, else the reason it cannot. */
  private static checkFile(file: string, model: string, dimension: number, expectedCount: number): string | null {
    if (!fs.existsSync(file)) return 'index file missing';
    let sidecar: Sidecar;
    try {
      sidecar = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as Sidecar;
    } catch {
      return 'index metadata missing or unreadable';
    }
    if (sidecar.model !== model || sidecar.dimension !== dimension)
      return `index built with ${sidecar.model} (${sidecar.dimension} dimensions)`;
    if (sidecar.count !== expectedCount) return `index holds ${sidecar.count} vectors, the database ${expectedCount}`;
    if (sha256File(file) !== sidecar.sha256) return 'index file corrupt (checksum mismatch)';
    // The sidecar may have been rewritten to match garbage: the layout must fit what it records.
    return checkHnswLayout(file, {
      dimension,
      count: expectedCount,
      m: sidecar.m,
      efConstruction: sidecar.efConstruction,
    });
  }

  private static emptyIndex(dimension: number, expected: number, params: VectorIndexParams): Hnsw {
    const index = new HierarchicalNSW('ip', dimension);
    index.initIndex({
      maxElements: Math.max(1024, Math.ceil(expected * 1.25)),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: 42,
      allowReplaceDeleted: true,
    });
    index.setEf(params.efSearch);
    return index;
  }

  get size(): number {
    return this.live;
  }

  add(ids: number[], vectors: Float32Array[]): void {
    ids.forEach((id, i) => this.addOne(id, vectors[i]!));
    this.dirty = ids.length > 0 || this.dirty;
  }

  private addOne(id: number, vector: Float32Array): void {
    if (vector.length !== this.dimension)
      throw new Error(`vector of ${vector.length} dimensions for an index of ${this.dimension}`);
    if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(1024, this.index.getMaxElements() * 2));
    }
    const values = Array.from(vector);
    // A label still in the graph (live, or marked deleted) must be updated in place: adding it
    // again into another deleted slot would leave two slots with one label, and hnswlib would
    // later drop the live one when it recycles the stale slot.
    let state: 'absent' | 'deleted' | 'live';
    try {
      this.index.unmarkDelete(id);
      state = 'deleted';
    } catch (err) {
      state = /not found/i.test((err as Error).message) ? 'absent' : 'live';
    }
    if (state === 'absent') {
      // replaceDeleted reuses the slots of removed chunks, so the file does not grow with churn.
      this.index.addPoint(values, id, true);
    } else {
      this.index.addPoint(values, id, false);
    }
    if (state !== 'live') this.live++;
  }

  remove(ids: number[]): void {
    for (const id of ids) {
      try {
        this.index.markDelete(id);
        this.live--;
        this.dirty = true;
      } catch {
        // The chunk had no vector in the index (ingested in lexical mode): nothing to delete.
      }
    }
  }

  /** Nearest chunks by cosine similarity (vectors are normalized, so inner product is cosine). */
  search(query: Float32Array, k: number): { id: number; similarity: number }[] {
    const n = Math.min(k, this.live);
    if (n <= 0) return [];
    this.index.setEf(Math.max(this.params.efSearch, n));
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), n);
    return neighbors.map((id, i) => ({ id, similarity: 1 - distances[i]! }));
  }

  /** Writes the index atomically (temp file, then rename), then its sidecar with the checksum. */
  save(): void {
    if (!this.dirty) return;
    // Pool workers share the pid and may rebuild the same stale index at once: the thread id too.
    const tmp = `${this.file}.tmp-${process.pid}-${threadId}`;
    try {
      this.index.writeIndexSync(tmp);
      const sidecar: Sidecar = {
        model: this.model,
        dimension: this.dimension,
        count: this.live,
        sha256: sha256File(tmp),
        m: this.params.m,
        efConstruction: this.params.efConstruction,
      };
      fs.writeFileSync(`${tmp}.json`, JSON.stringify(sidecar, null, 2));
      fs.renameSync(tmp, this.file);
      fs.renameSync(`${tmp}.json`, `${this.file}.json`);
    } finally {
      // A full disk leaves no stray temporary files behind.
      for (const f of [tmp, `${tmp}.json`]) fs.rmSync(f, { force: true });
    }
    this.dirty = false;
  }

  fileBytes(): number {
    try {
      return fs.statSync(this.file).size;
    } catch {
      return 0;
    }
  }
}

function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
