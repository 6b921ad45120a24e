// Issue 7's ingest goal: a hybrid ingest should cost at most 1.3× what a bare onnxruntime session
// spends embedding the same texts. Quoth embeds each sentence twice at ingest, after its article's
// title for the stored vector and alone for the chunk vectors (means of those), so "the same texts"
// are both readings of the sentences the ingest stored vectors for; the bare path embeds exactly
// those, batched as Quoth batches them (sorted by length, 32 at a
// time), with the transformers.js tokenizer and mean pooling in plain JS. A lexical ingest of the
// same files is timed too, to show how much of the difference is not embedding at all.
import fs from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import Database from 'better-sqlite3';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import { type Embedder, loadEmbedder } from '../../src/embed/embedder.ts';
import { withModelEnv } from '../../src/embed/modelSource.ts';
import { sentenceEmbeddingText } from '../../src/embed/sentenceText.ts';
import { transformers } from '../../src/embed/transformersRuntime.ts';
import type { ReutersStory } from '../data/datasets.ts';
import { median } from '../lib/stats.ts';
import { meanPoolNormalize, ort } from './bareSession.ts';
import { writeStoryFiles } from './reuters.ts';

export interface IngestEmbedCostResult {
  stories: number;
  /** Texts embedded by the hybrid ingest (and by the bare path): two per stored sentence. */
  sentences: number;
  runs: number;
  /** Medians of the runs, seconds. */
  hybridIngestSeconds: number;
  lexicalIngestSeconds: number;
  bareEmbedSeconds: number;
  /** hybrid ingest / bare embedding of its sentences: the goal is ≤ 1.3. */
  ratio: number;
}

const BATCH = 32;

type BareEmbed = (texts: string[]) => Promise<number>;

async function bareEmbedder(modelDir: string, maxTokens: number): Promise<BareEmbed> {
  const tokenizer = (await withModelEnv(
    { modelsDir: path.join(modelDir, 'cache'), allowRemote: false, timeoutMs: 10_000 },
    () => transformers.AutoTokenizer.from_pretrained(modelDir, { local_files_only: true }),
  )) as PreTrainedTokenizer;
  const session = await ort.InferenceSession.create(path.join(modelDir, 'onnx', 'model_quantized.onnx'));
  const output = session.outputNames[0]!;
  return async (texts) => {
    const sorted = [...texts].sort((a, b) => a.length - b.length);
    let rows = 0;
    for (let i = 0; i < sorted.length; i += BATCH) {
      const e = tokenizer(sorted.slice(i, i + BATCH), { padding: true, truncation: true, max_length: maxTokens }) as {
        input_ids: Tensor;
        attention_mask: Tensor;
        token_type_ids: Tensor;
      };
      const feed = {
        input_ids: new ort.Tensor('int64', e.input_ids.data as BigInt64Array, e.input_ids.dims),
        attention_mask: new ort.Tensor('int64', e.attention_mask.data as BigInt64Array, e.attention_mask.dims),
        token_type_ids: new ort.Tensor('int64', e.token_type_ids.data as BigInt64Array, e.token_type_ids.dims),
      };
      const out = await session.run(feed);
      rows += meanPoolNormalize(
        out[output]!.data as Float32Array,
        out[output]!.dims,
        e.attention_mask.data as BigInt64Array,
      ).length;
    }
    return rows;
  };
}

/** The texts a hybrid library's ingest embedded: each stored sentence after its title and alone. */
function embeddedSentences(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'quoth.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT a.title AS title, a.text AS text, s.start AS start, s."end" AS "end" FROM sentence_vectors v
         JOIN sentences s ON s.id = v.sentence_id JOIN articles a ON a.rowid = s.article_rowid`,
      )
      .all() as { title: string; text: string; start: number; end: number }[];
    return rows.flatMap((r) => {
      const sentence = r.text.slice(r.start, r.end);
      return [sentenceEmbeddingText(r.title, sentence), sentence];
    });
  } finally {
    db.close();
  }
}

/** Closing a library disposes its embedder, so each hybrid ingest gets a freshly loaded one (not timed). */
async function timedIngest(dataDir: string, filesDir: string, modelDir: string | null): Promise<number> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const embedder = modelDir ? await benchEmbedder(modelDir) : null;
  const library = await QuothLibrary.open(loadCoreConfig(process.env, { dataDir }), { embedder });
  try {
    const t = performance.now();
    await library.ingest([filesDir]);
    return (performance.now() - t) / 1000;
  } finally {
    await library.close();
  }
}

async function benchEmbedder(modelDir: string): Promise<Embedder> {
  const loaded = await loadEmbedder({ model: modelDir, modelsDir: path.join(modelDir, 'cache'), allowDownload: false });
  if (!loaded.embedder) throw new Error(`the bench model did not load: ${loaded.reason}`);
  return loaded.embedder;
}

export async function runIngestEmbedCost(opts: {
  modelDir: string;
  stories: ReutersStory[];
  runs: number;
  work: string;
  log: (line: string) => void;
}): Promise<IngestEmbedCostResult> {
  const probe = await benchEmbedder(opts.modelDir);
  const maxTokens = probe.maxTokens;
  await probe.dispose();
  const bare = await bareEmbedder(opts.modelDir, maxTokens);
  const filesDir = path.join(opts.work, 'ingest-cost-files');
  writeStoryFiles(opts.stories, filesDir);
  const hybridDir = path.join(opts.work, 'ingest-cost-hybrid');
  const lexicalDir = path.join(opts.work, 'ingest-cost-lexical');

  const hybrid: number[] = [];
  const lexical: number[] = [];
  const bareTimes: number[] = [];
  let sentences = 0;
  // Alternated run by run: each run is a whole ingest, so it cannot be split finer.
  for (let r = 0; r < opts.runs; r++) {
    hybrid.push(await timedIngest(hybridDir, filesDir, opts.modelDir));
    const texts = embeddedSentences(hybridDir);
    sentences = texts.length;
    const t = performance.now();
    const made = await bare(texts);
    bareTimes.push((performance.now() - t) / 1000);
    if (made !== texts.length) throw new Error(`bare path made ${made} vectors for ${texts.length} sentences`);
    lexical.push(await timedIngest(lexicalDir, filesDir, null));
    opts.log(
      `  run ${r + 1}: hybrid ingest ${hybrid.at(-1)!.toFixed(1)} s, bare embedding of its ${sentences} sentence texts ` +
        `${bareTimes.at(-1)!.toFixed(1)} s, lexical ingest ${lexical.at(-1)!.toFixed(1)} s`,
    );
  }
  const h = median(hybrid);
  const b = median(bareTimes);
  return {
    stories: opts.stories.length,
    sentences,
    runs: opts.runs,
    hybridIngestSeconds: h,
    lexicalIngestSeconds: median(lexical),
    bareEmbedSeconds: b,
    ratio: h / b,
  };
}
