// Kills the real CLI with SIGKILL at seeded random moments of ingest, reindex and remove, then checks
// what a user relies on after the next open: every listed article is whole, every chunk has its
// vector (hybrid), re-running the ingest ends with exactly the corpus, and answers stay verbatim.
// QUOTH_FAULT_ROUNDS (default 10; `npm run test:faults -- --rounds 100`) and QUOTH_FAULT_SEED set the run.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, runQuoth } from '../helpers/runCli.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';
import { type Corpus, seededRandom, writeCorpus } from './corpus.ts';
import { expectVerbatimAnswer, readLibrary, runAndKill, timed } from './faultHarness.ts';

const ROUNDS = Number(process.env.QUOTH_FAULT_ROUNDS ?? 10);
const SEED = Number(process.env.QUOTH_FAULT_SEED ?? 20261130);
const ARTICLES = 120;
const OPERATIONS = ['ingest', 'reindex', 'remove'] as const;

let work: string;
let corpus: Corpus;
/** A data directory holding the whole corpus, copied for reindex and remove rounds. */
let fullLibrary: string;
let expectedTitles: string[];
const durationMs: Record<(typeof OPERATIONS)[number], number> = { ingest: 0, reindex: 0, remove: 0 };
const outcomes: { round: number; operation: string; killed: boolean; articlesBefore: number }[] = [];

const envFor = (dataDir: string) => ({ EMBEDDING_MODEL: tinyModelDir(), DATA_DIR: dataDir });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'quoth-faults-'));
  corpus = await writeCorpus(path.join(work, 'corpus'), ARTICLES);
  fullLibrary = path.join(work, 'full');
  const ingest = await timed(['ingest', corpus.dir, '--json'], envFor(fullLibrary));
  expect(ingest.result.code, ingest.result.stderr).toBe(0);
  durationMs.ingest = ingest.ms;
  const facts = await readLibrary(envFor(fullLibrary));
  expect(facts.articles).toHaveLength(ARTICLES);
  expect(facts.vectors).toBe(facts.chunks);
  expectedTitles = facts.articles.map((a) => a.title).sort();

  const scratch = path.join(work, 'scratch');
  await cp(fullLibrary, scratch, { recursive: true });
  durationMs.reindex = (await timed(['reindex'], envFor(scratch))).ms;
  durationMs.remove = (await timed(['remove', facts.articles[0]!.articleId], envFor(scratch))).ms;
}, 300_000);

afterAll(async () => {
  const killed = outcomes.filter((o) => o.killed).length;
  console.info(`fault suite: ${outcomes.length} rounds (seed ${SEED}), ${killed} killed mid-run`, durationMs);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('SIGKILL during writes, then the next open', () => {
  for (let round = 0; round < ROUNDS; round++) {
    const operation = OPERATIONS[round % OPERATIONS.length]!;
    it(`round ${round}: killed during ${operation}`, async () => {
      const rand = seededRandom(SEED + round);
      const dataDir = path.join(work, `round-${round}`);
      const env = envFor(dataDir);
      let args: string[];
      if (operation === 'ingest') {
        args = ['ingest', corpus.dir, '--json'];
      } else {
        await cp(fullLibrary, dataDir, { recursive: true });
        if (operation === 'reindex') args = ['reindex'];
        else
          args = [
            'remove',
            onlyJson(await runQuoth(['list', '--json'], env)).articles[Math.floor(rand() * ARTICLES)].articleId,
          ];
      }
      // Aim inside the run as measured on this machine; a kill after the end is still a valid round.
      const killAfter = durationMs[operation] * (0.25 + 0.7 * rand());
      const run = await runAndKill(args, env, killAfter);
      const before = await readLibrary(env);
      outcomes.push({ round, operation, killed: run.killed, articlesBefore: before.articles.length });

      // The next open heals: no chunk is left without its vector, and every listed article is whole.
      expect(before.mode).toBe('hybrid');
      expect(before.vectors, `chunks ${before.chunks}, vectors ${before.vectors}`).toBe(before.chunks);
      const summaries = await runQuoth(['summarize', '--all', '--sentences', '1', '--json'], env);
      expect(summaries.code, summaries.stderr).toBe(0);
      const all = onlyJson(summaries).summaries as { articleId: string; sentences: { text: string }[] }[];
      expect(all.map((s) => s.articleId).sort()).toEqual(before.articles.map((a) => a.articleId).sort());
      for (const s of all) expect(s.sentences[0]?.text.length ?? 0).toBeGreaterThan(0);

      // Re-running the same ingest ends with exactly the corpus, each article once, all embedded.
      const again = await runQuoth(['ingest', corpus.dir, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(onlyJson(again).failed).toEqual([]);
      const after = await readLibrary(env);
      expect(after.articles.map((a) => a.title).sort()).toEqual(expectedTitles);
      expect(after.vectors).toBe(after.chunks);

      const k = Math.floor(rand() * ARTICLES);
      const question = `What is the code name of project ${k + 1}?`;
      // Lexical mode over the same database checks the full-text index holds every stored sentence;
      // hybrid (the generated test model is a random projection) checks quotes stay verbatim.
      await expectVerbatimAnswer(question, `fox${k + 1}`, { ...env, EMBEDDING_MODEL: 'none' });
      await expectVerbatimAnswer(question, null, env);
      await rm(dataDir, { recursive: true, force: true });
    }, 120_000);
  }

  it('killed at least one process while it was still writing', () => {
    expect(outcomes.some((o) => o.killed)).toBe(true);
  });
});
