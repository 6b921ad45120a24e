/**
 * Writes a tiny, transformers.js-loadable BERT-style feature-extraction model so tests can run
 * the real embedding code path (tokenizer, onnxruntime session, pooling) without the Hugging Face
 * hub, which is unreachable from CI and from this machine.
 *
 * The "model" is an honest bag-of-word-pieces random projection: last_hidden_state is simply a
 * lookup of a seeded random vector per word piece (ONNX Gather). After mean pooling and
 * normalization, cosine similarity tracks weighted word overlap, which is enough for retrieval
 * tests to rank related text above unrelated text.
 *
 * Usage: npx tsx scripts/makeTinyModel.ts OUT_DIR
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface TinyModelOptions {
  /** Width of the vectors; default 64. */
  dimension?: number;
  /** Text whose most frequent words become whole-word vocabulary entries; a built-in list otherwise. */
  vocabularyText?: string;
}

const DEFAULT_DIMENSION = 64;
const MAX_TEXT_WORDS = 5000;
const SEED = 0x5eed_1234;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const LETTERS_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’—–…«»·•§¶'.split('');
const COMMON_SUFFIXES = [
  's',
  'es',
  'ed',
  'ing',
  'ly',
  'er',
  'ers',
  'est',
  'tion',
  'tions',
  'ment',
  'ness',
  'al',
  'ity',
  'ive',
  'able',
  'ful',
  'less',
];

// Ordered roughly by frequency: the rank drives the IDF-like weight below.
const BUILT_IN_WORDS = `
the of and to a in is it you that he was for on are with as i his they be at one have this from or had by
not word but what some we can out other were all there when up use your how said an each she which do their
time if will way about many then them write would like so these her long make thing see him two has look more
day could go come did number sound no most people my over know water than call first who may down side been now
find any new work part take get place made live where after back little only round man year came show every good
me give our under name very through just form sentence great think say help low line differ turn cause much mean
before move right boy old too same tell does set three want air well also play small end put home read hand port
large spell add even land here must big high such follow act why ask men change went light kind off need house
picture try us again animal point mother world near build self earth father head stand own page should country found
answer school grow study still learn plant cover food sun four between state keep eye never last let thought city
tree cross farm hard start might story saw far sea draw left late run while press close night real life few north
open seem together next white children begin got walk example ease paper group always music those both mark often
letter until mile river car feet care second book carry took science eat room friend began idea fish mountain stop
once base hear horse cut sure watch color face wood main enough plain girl usual young ready above ever red list
though feel talk bird soon body dog family direct pose leave song measure door product black short numeral class
wind question happen complete ship area half rock order fire south problem piece told knew pass since top whole
king space heard best hour better true during hundred five remember step early hold west ground interest reach fast
verb sing listen six table travel less morning ten simple several vowel toward war lay against pattern slow center
love person money serve appear road map rain rule govern pull cold notice voice unit power town fine certain fly
fall lead cry dark machine note wait plan figure star box noun field rest correct able pound done beauty drive
stood contain front teach week final gave green quick develop ocean warm free minute strong special mind behind
clear tail produce fact street inch multiply nothing course stay wheel full force blue object decide surface deep
moon island foot system busy test record boat common gold possible plane stead dry wonder laugh thousand ago ran
check game shape equate miss brought heat snow tire bring yes distant fill east paint language among cat dog
computer network data model search article library quote question answer energy solar battery climate ocean
history government market price company bank health doctor medicine disease vaccine research study university
student teacher garden coffee tea bread recipe cook kitchen train bicycle city street bridge river forest
`
  .trim()
  .split(/\s+/);

/** Seeded PRNG (mulberry32): a few lines, fully deterministic across platforms, so no dependency is worth it. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words as BERT's normalizer and pre-tokenizer would see them: lower-cased, accents stripped, split at non-letters. */
function frequentWords(text: string, limit: number): string[] {
  const counts = new Map<string, number>();
  const normalized = text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
  for (const match of normalized.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (word.length < 2 || word.length > 40) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word);
}

interface VocabularyEntry {
  token: string;
  /** Length of the token's vector: rarer words weigh more, like IDF, so shared rare words dominate similarity. */
  weight: number;
}

function buildVocabulary(vocabularyText: string | undefined): VocabularyEntry[] {
  const entries: VocabularyEntry[] = [];
  const seen = new Set<string>();
  const add = (token: string, weight: number) => {
    if (seen.has(token)) return;
    seen.add(token);
    entries.push({ token, weight });
  };
  // [PAD] contributes nothing; [CLS]/[SEP] are small so every text shares only a faint common
  // direction, yet an empty text still has a non-zero vector to normalize.
  add('[PAD]', 0);
  add('[UNK]', 0.5);
  add('[CLS]', 0.05);
  add('[SEP]', 0.05);
  add('[MASK]', 0.05);
  for (const ch of PUNCTUATION) add(ch, 0.2);
  for (const ch of LETTERS_AND_DIGITS) add(ch, 1);
  for (const ch of LETTERS_AND_DIGITS) add(`##${ch}`, 0.5);
  for (const suffix of COMMON_SUFFIXES) add(`##${suffix}`, 0.5);
  const words = vocabularyText ? frequentWords(vocabularyText, MAX_TEXT_WORDS) : BUILT_IN_WORDS;
  words.forEach((word, rank) => add(word, Math.log(2 + rank)));
  return entries;
}

/** Rows of standard-normal-ish values (Box–Muller) scaled by each entry's weight. */
function embeddingTable(vocabulary: VocabularyEntry[], dimension: number): Float32Array {
  const random = mulberry32(SEED);
  const table = new Float32Array(vocabulary.length * dimension);
  vocabulary.forEach(({ weight }, row) => {
    for (let col = 0; col < dimension; col++) {
      const u = 1 - random();
      const v = random();
      const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      table[row * dimension + col] = (gaussian * weight) / Math.sqrt(dimension);
    }
  });
  return table;
}

function onnxModelBytes(table: Float32Array, vocabularySize: number, dimension: number): Uint8Array {
  const { INT64, FLOAT } = onnx.TensorProto.DataType;
  const batchBySequence = [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }];
  const int64Input = (name: string) => ({
    name,
    type: { tensorType: { elemType: INT64, shape: { dim: batchBySequence } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'quoth-make-tiny-model',
    graph: {
      name: 'tiny_bag_of_word_pieces',
      initializer: [
        {
          name: 'embedding_table',
          dims: [vocabularySize, dimension],
          dataType: FLOAT,
          rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength),
        },
      ],
      node: [
        {
          opType: 'Gather',
          input: ['embedding_table', 'input_ids'],
          output: ['last_hidden_state'],
          name: 'lookup',
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
      // attention_mask and token_type_ids are declared but not consumed: mean pooling applies the
      // mask outside the graph, and transformers.js only feeds inputs a session declares. BERT
      // exports declare all three, so the loader is exercised the same way.
      input: [int64Input('input_ids'), int64Input('attention_mask'), int64Input('token_type_ids')],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: FLOAT,
              shape: { dim: [...batchBySequence, { dimValue: dimension }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocabulary: VocabularyEntry[]): object {
  const ids = new Map(vocabulary.map(({ token }, id) => [token, id]));
  const idOf = (token: string) => ids.get(token)!;
  const specialTokenTemplate = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token) => ({
      id: idOf(token),
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        specialTokenTemplate('[CLS]', 0),
        { Sequence: { id: 'A', type_id: 0 } },
        specialTokenTemplate('[SEP]', 0),
      ],
      pair: [
        specialTokenTemplate('[CLS]', 0),
        { Sequence: { id: 'A', type_id: 0 } },
        specialTokenTemplate('[SEP]', 0),
        { Sequence: { id: 'B', type_id: 1 } },
        specialTokenTemplate('[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

export async function writeTinyModel(dir: string, opts: TinyModelOptions = {}): Promise<void> {
  const dimension = opts.dimension ?? DEFAULT_DIMENSION;
  const vocabulary = buildVocabulary(opts.vocabularyText);
  const modelBytes = onnxModelBytes(embeddingTable(vocabulary, dimension), vocabulary.length, dimension);

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  // The same fp32 graph under both names: Quoth loads dtype 'q8' by default, which transformers.js
  // maps to model_quantized.onnx; a real quantized graph would add nothing to the tests.
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), modelBytes);
  await writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), modelBytes);

  const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(path.join(dir, 'tokenizer.json'), json(tokenizerJson(vocabulary)));
  await writeFile(
    path.join(dir, 'tokenizer_config.json'),
    json({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 256,
      clean_up_tokenization_spaces: true,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  await writeFile(
    path.join(dir, 'config.json'),
    json({
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: dimension,
      num_hidden_layers: 0,
      num_attention_heads: 1,
      intermediate_size: dimension,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      vocab_size: vocabulary.length,
      pad_token_id: 0,
    }),
  );
}

const invokedAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedAsScript) {
  const outDir = process.argv[2];
  if (!outDir) {
    process.stderr.write('Usage: npx tsx scripts/makeTinyModel.ts OUT_DIR\n');
    process.exit(2);
  }
  await writeTinyModel(path.resolve(outDir));
  process.stdout.write(`Wrote a tiny embedding model to ${path.resolve(outDir)}\n`);
}
