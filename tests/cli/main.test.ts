import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, REPO_ROOT, runQuoth } from '../helpers/runCli.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';

const SAMPLES = path.join(REPO_ROOT, 'samples/articles');
const QUESTIONS = fs
  .readFileSync(path.join(REPO_ROOT, 'samples/questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { question: string; answerContains: string | null });

let tmp: string;
let lexicalDir: string;
let hybridDir: string;
const lexicalEnv = { EMBEDDING_MODEL: 'none' };
let hybridEnv: Record<string, string>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-cli-'));
  lexicalDir = path.join(tmp, 'lexical');
  hybridDir = path.join(tmp, 'hybrid');
  hybridEnv = { EMBEDDING_MODEL: tinyModelDir() };
  const [a, b] = await Promise.all([
    runQuoth(['--data-dir', lexicalDir, 'ingest', SAMPLES, '--json'], lexicalEnv),
    runQuoth(['--data-dir', hybridDir, 'ingest', SAMPLES, '--json'], hybridEnv),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('quoth ingest --json', () => {
  it('reports the contract fields and is idempotent', async () => {
    const again = await runQuoth(['--data-dir', lexicalDir, 'ingest', SAMPLES, '--json'], lexicalEnv);
    expect(again.code).toBe(0);
    expect(onlyJson(again)).toEqual({ added: 0, updated: 0, unchanged: 6, failed: [], chunks: 0, mode: 'lexical' });
  });

  it('says which mode it ran in', async () => {
    const r = await runQuoth(['--data-dir', hybridDir, 'ingest', SAMPLES, '--json'], hybridEnv);
    expect(onlyJson(r).mode).toBe('hybrid');
    expect(r.stderr).toMatch(/hybrid mode/);
  });

  it('exits non-zero with one line per failure and keeps the good sources', async () => {
    const dir = path.join(tmp, 'bad');
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '');
    const r = await runQuoth(
      [
        '--data-dir',
        dir,
        'ingest',
        path.join(SAMPLES, 'harbor-city-flood-wall.md'),
        empty,
        path.join(tmp, 'missing.md'),
        '--json',
      ],
      lexicalEnv,
    );
    expect(r.code).toBe(1);
    const report = onlyJson(r);
    expect(report.added).toBe(1);
    expect(report.failed).toHaveLength(2);
    for (const f of report.failed) expect(f.error).not.toMatch(/\n/);
    expect(r.stderr).toMatch(/empty/);
    expect(r.stderr).toMatch(/no such file/);
  });
});

describe('quoth ask --json', () => {
  for (const [name, env, dir] of [
    ['lexical', lexicalEnv, () => lexicalDir],
    ['hybrid', () => hybridEnv, () => hybridDir],
  ] as const) {
    it(`quotes verbatim (${name}): text === show(articleId).text.slice(start, end)`, async () => {
      const e = typeof env === 'function' ? env() : env;
      const questionsFile = path.join(tmp, `questions-${name}.txt`);
      fs.writeFileSync(questionsFile, QUESTIONS.map((q) => q.question).join('\n') + '\n');
      const r = await runQuoth(['--data-dir', dir(), 'ask', '--questions', questionsFile, '--json'], e);
      expect(r.code, r.stderr).toBe(0);
      const { answers } = onlyJson(r);
      expect(answers).toHaveLength(QUESTIONS.length);
      const texts = new Map<string, string>();
      for (const [i, a] of answers.entries()) {
        expect(a.question).toBe(QUESTIONS[i]!.question);
        expect(a.mode).toBe(name);
        for (const q of a.quotes) {
          if (!texts.has(q.articleId)) {
            const shown = onlyJson(await runQuoth(['--data-dir', dir(), 'show', q.articleId, '--json'], e));
            texts.set(q.articleId, shown.text);
          }
          expect(texts.get(q.articleId)!.slice(q.start, q.end)).toBe(q.text);
          expect(Object.keys(q).sort()).toEqual(['articleId', 'end', 'link', 'score', 'start', 'text', 'title', 'url']);
          // The jump-to-quote link is the article URL with a text fragment, or null without a URL.
          if (q.url === null) expect(q.link).toBeNull();
          else expect(q.link.startsWith(`${q.url.split('#')[0]}#:~:text=`)).toBe(true);
        }
        if (QUESTIONS[i]!.answerContains === null) {
          expect(a.abstained).toBe(true);
          expect(a.quotes).toEqual([]);
        }
      }
    });
  }

  it('takes a question starting with "-" as the question, not an option', async () => {
    const r = await runQuoth(['--data-dir', lexicalDir, 'ask', '-flood +wall', '--json'], lexicalEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r).question).toBe('-flood +wall');
  });

  it('answers one question with the contract shape', async () => {
    const r = await runQuoth(
      ['--data-dir', lexicalDir, 'ask', 'How much will the flood wall cost?', '--quotes', '2', '--json'],
      lexicalEnv,
    );
    const a = onlyJson(r);
    expect(Object.keys(a).sort()).toEqual(['abstained', 'answer', 'mode', 'question', 'quotes']);
    expect(a.abstained).toBe(false);
    expect(a.quotes.length).toBeGreaterThan(0);
    expect(a.quotes.length).toBeLessThanOrEqual(2);
    expect(a.quotes.some((q: { text: string }) => q.text.includes('$48.5 million'))).toBe(true);
  });

  it('shows people the jump-to-quote link of each quote and snippet', async () => {
    const ask = await runQuoth(['--data-dir', lexicalDir, 'ask', 'How much will the flood wall cost?'], lexicalEnv);
    expect(ask.code, ask.stderr).toBe(0);
    const quoted = onlyJson(
      await runQuoth(['--data-dir', lexicalDir, 'ask', 'How much will the flood wall cost?', '--json'], lexicalEnv),
    ).quotes[0];
    expect(quoted.link).toMatch(/#:~:text=/);
    expect(ask.stdout).toContain(`<${quoted.link}>`);
    const search = await runQuoth(['--data-dir', lexicalDir, 'search', 'flood wall'], lexicalEnv);
    const hit = onlyJson(await runQuoth(['--data-dir', lexicalDir, 'search', 'flood wall', '--json'], lexicalEnv))
      .results[0];
    expect(hit.snippet.link).toMatch(/#:~:text=/);
    expect(search.stdout).toContain(hit.snippet.link);
  });

  it.each([
    ['an empty question', ['ask', '', '--json'], /empty/],
    ['a whitespace question', ['ask', '   \t ', '--json'], /empty/],
    ['a 10,000-character question', ['ask', 'x'.repeat(10_000), '--json'], /10,000 characters/],
    ['an unknown article', ['ask', 'cost?', '--article', 'doesnotexist', '--json'], /No article/],
    ['a bad --quotes', ['ask', 'cost?', '--quotes', 'many', '--json'], /whole number/],
  ])('refuses %s with one line and exit 1', async (_name, args, message) => {
    const r = await runQuoth(['--data-dir', lexicalDir, ...args], lexicalEnv);
    expect(r.code).not.toBe(0);
    const errLines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('quoth:') || l.startsWith('error:'));
    expect(errLines.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('quoth search, summarize, list, show, stats, remove', () => {
  it('search returns verbatim snippets', async () => {
    const r = await runQuoth(
      ['--data-dir', lexicalDir, 'search', 'museum renovation', '--limit', '3', '--json'],
      lexicalEnv,
    );
    const s = onlyJson(r);
    expect(s.query).toBe('museum renovation');
    expect(s.results.length).toBeGreaterThan(0);
    expect(s.results.length).toBeLessThanOrEqual(3);
    const top = s.results[0];
    const shown = onlyJson(await runQuoth(['--data-dir', lexicalDir, 'show', top.articleId, '--json'], lexicalEnv));
    expect(shown.text.slice(top.snippet.start, top.snippet.end)).toBe(top.snippet.text);
    expect(top.snippet.link === null || top.snippet.link.includes('#:~:text=')).toBe(true);
    expect(top.title).toMatch(/Museum/);
  });

  it('summarize --all gives verbatim sentences in article order', async () => {
    const r = await runQuoth(
      ['--data-dir', lexicalDir, 'summarize', '--all', '--sentences', '2', '--json'],
      lexicalEnv,
    );
    const { summaries } = onlyJson(r);
    expect(summaries).toHaveLength(6);
    const list = onlyJson(await runQuoth(['--data-dir', lexicalDir, 'list', '--json'], lexicalEnv));
    for (const s of summaries) {
      expect(s.sentences.length).toBe(2);
      const shown = onlyJson(await runQuoth(['--data-dir', lexicalDir, 'show', s.articleId, '--json'], lexicalEnv));
      for (const x of s.sentences) expect(shown.text.slice(x.start, x.end)).toBe(x.text);
      expect(s.sentences[0].start).toBeLessThan(s.sentences[1].start);
      expect(list.articles.map((a: { articleId: string }) => a.articleId)).toContain(s.articleId);
    }
  });

  it('list has the contract fields', async () => {
    const { articles } = onlyJson(await runQuoth(['--data-dir', lexicalDir, 'list', '--json'], lexicalEnv));
    expect(articles).toHaveLength(6);
    for (const a of articles) expect(Object.keys(a).sort()).toEqual(['addedAt', 'articleId', 'chunks', 'title', 'url']);
  });

  it('summarize and show refuse an unknown id', async () => {
    for (const args of [
      ['summarize', 'nope'],
      ['show', 'nope'],
      ['remove', 'nope'],
    ]) {
      const r = await runQuoth(['--data-dir', lexicalDir, ...args, '--json'], lexicalEnv);
      expect(r.code).toBe(1);
      expect(onlyJson(r).error).toBe('No article with id "nope" in this library. `quoth list` shows the ids.');
    }
  });

  it('stats reports mode and counts', async () => {
    const s = onlyJson(await runQuoth(['--data-dir', hybridDir, 'stats', '--json'], hybridEnv));
    expect(s.mode).toBe('hybrid');
    expect(s.articles).toBe(6);
    expect(s.vectors).toBe(s.chunks);
    expect(s.indexBytes).toBeGreaterThan(0);
  });

  it('remove deletes an article for good', async () => {
    const dir = path.join(tmp, 'remove');
    await runQuoth(['--data-dir', dir, 'ingest', SAMPLES, '--json'], hybridEnv);
    const { articles } = onlyJson(await runQuoth(['--data-dir', dir, 'list', '--json'], hybridEnv));
    const museum = articles.find((a: { title: string }) => /Museum/.test(a.title));
    const r = await runQuoth(['--data-dir', dir, 'remove', museum.articleId, '--json'], hybridEnv);
    expect(r.code, r.stderr).toBe(0);
    const after = onlyJson(await runQuoth(['--data-dir', dir, 'search', 'museum renovation', '--json'], hybridEnv));
    expect(after.results.map((x: { articleId: string }) => x.articleId)).not.toContain(museum.articleId);
    const s = onlyJson(await runQuoth(['--data-dir', dir, 'stats', '--json'], hybridEnv));
    expect(s.articles).toBe(5);
  });

  it('refuses a data directory it cannot write', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    const r = await runQuoth(['--data-dir', path.join(file, 'data'), 'list', '--json'], lexicalEnv);
    expect(r.code).toBe(1);
    expect(onlyJson(r).error).toMatch(/not writable/);
  });

  it('keeps collections apart', async () => {
    const r = await runQuoth(
      ['--data-dir', lexicalDir, '--collection', 'other', 'search', 'museum', '--json'],
      lexicalEnv,
    );
    expect(onlyJson(r).results).toEqual([]);
  });

  it('says how to add articles to an empty collection, and flags it in JSON', async () => {
    const empty = ['--data-dir', lexicalDir, '--collection', 'empty'];
    const ask = await runQuoth([...empty, 'ask', 'Who founded Tallyfox?'], lexicalEnv);
    expect(ask.stdout).toBe('The library is empty. Add articles with `quoth ingest PATH_OR_URL`.\n');
    const json = onlyJson(await runQuoth([...empty, 'search', 'Tallyfox', '--json'], lexicalEnv));
    expect(json).toMatchObject({ results: [], noArticles: true });
  });
});
