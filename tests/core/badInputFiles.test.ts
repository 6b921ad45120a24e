// Every bad input gets one clear line (a QuothError or a `failed` entry) and loses nothing that is
// already stored: after each case the library lists the same articles and answers the same way.
// This file: bad files, bad attachment text and an unwritable data directory; URLs, questions and
// article ids are in badInputUrlsAndQuestions.test.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothLibrary } from '../../src/core/library.ts';
import type { ArticleMeta } from '../../src/shared/types.ts';
import { expectOneFailure, openBadInputLibrary, PNG, quothError, type BadInputLibrary } from '../helpers/badInput.ts';
import { makeTempDir, removeTempDirs, testConfig } from '../helpers/library.ts';

afterAll(removeTempDirs);

describe('bad input (lexical library holding the samples)', () => {
  let bad: BadInputLibrary | undefined;
  let lib: QuothLibrary;
  let dir: string;
  let baselineList: ArticleMeta[];
  let expectNothingLost: BadInputLibrary['expectNothingLost'];
  let file: BadInputLibrary['file'];

  beforeAll(async () => {
    bad = await openBadInputLibrary();
    ({ lib, dir, baselineList, expectNothingLost, file } = bad);
  });

  afterAll(() => bad?.close());

  describe('files', () => {
    it('a missing file', async () => {
      const missing = path.join(dir, 'nope.txt');
      expectOneFailure(await lib.ingest([missing]), missing, /no such file or folder\.$/);
      await expectNothingLost();
    });

    it('an empty file', async () => {
      const p = await file('empty.txt', '');
      expectOneFailure(await lib.ingest([p]), p, /is empty\.$/);
      await expectNothingLost();
    });

    it('a whitespace-only file', async () => {
      const p = await file('blank.md', ' \n\n\t  \n');
      expectOneFailure(await lib.ingest([p]), p, /is empty\.$/);
      await expectNothingLost();
    });

    it('a binary file (PNG bytes) with a text extension', async () => {
      const p = await file('photo.txt', PNG);
      expectOneFailure(await lib.ingest([p]), p, /is a binary file, not text\.$/);
      await expectNothingLost();
    });

    it('non-UTF-8 text (Latin-1 bytes)', async () => {
      const p = await file(
        'latin1.txt',
        Buffer.from(
          'Le caf\xe9 de la gare a rouvert ce matin apr\xe8s des travaux.\n\nUne seconde phrase suit.',
          'latin1',
        ),
      );
      expectOneFailure(await lib.ingest([p]), p, /is not UTF-8 text; convert it to UTF-8 first\.$/);
      await expectNothingLost();
    });

    it('an article over the size cap', async () => {
      const p = await file('huge.txt', `Huge\n\n${'A sentence that repeats itself. '.repeat(1000)}`);
      expectOneFailure(await lib.ingest([p]), p, /over the 16 KB limit for one article\.$/);
      await expectNothingLost();
    });

    it('malformed JSON', async () => {
      const p = await file('broken.json', '{"title": "Broken", "text": "Unclosed');
      expectOneFailure(await lib.ingest([p]), p, /is not valid JSON \(.+\)\.$/);
      await expectNothingLost();
    });

    it('a JSON entry without text', async () => {
      const p = await file(
        'notext.json',
        JSON.stringify({ title: 'No text here', url: 'https://quoth.example/no-text' }),
      );
      expectOneFailure(await lib.ingest([p]), /notext\.json/, /no "text" field\.$/);
      await expectNothingLost();
    });

    it('JSONL with a bad line in the middle keeps the good lines and names the bad one', async () => {
      const lines = [
        JSON.stringify({
          title: 'Good line one',
          text: 'The first good line holds an article about lighthouse keepers on the Elsmere coast.',
        }),
        '{"title": "Bad line", "text": ',
        JSON.stringify({
          title: 'Good line three',
          text: 'The third line holds an article about a marmalade festival in Corrin Falls.',
        }),
      ];
      const p = await file('feed.jsonl', lines.join('\n'));
      const report = await lib.ingest([p]);
      expect(report).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
      expect(report.failed).toHaveLength(1);
      expect(report.failed[0]!.source).toBe(`${p}:2`);
      expect(report.failed[0]!.error).toMatch(/^line 2 is not valid JSON/);
      expect(lib.list().map((a) => a.title)).toEqual([
        ...baselineList.map((a) => a.title),
        'Good line one',
        'Good line three',
      ]);
      expect((await lib.ask('Which festival is held in Corrin Falls?')).quotes[0]!.text).toContain(
        'marmalade festival',
      );
      for (const id of report.articleIds) await lib.remove(id);
      await expectNothingLost();
    });

    it('an unsupported extension (.odt)', async () => {
      const p = await file('report.odt', 'PK\u0003\u0004');
      expectOneFailure(await lib.ingest([p]), p, /unsupported file type "\.odt"/);
      await expectNothingLost();
    });

    it('a .pdf that is not a readable PDF', async () => {
      const p = await file('report.pdf', '%PDF-1.7\n%âãÏÓ\n');
      expectOneFailure(await lib.ingest([p]), p, /is not a readable PDF/);
      await expectNothingLost();
    });

    it('a folder with no supported files', async () => {
      const folder = path.join(dir, 'images');
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'a.png'), PNG);
      await writeFile(path.join(folder, 'b.odt'), 'PK');
      expectOneFailure(await lib.ingest([folder]), folder, /holds no \.txt .* files\.$/);
      await expectNothingLost();
    });

    it('several bad sources with one good one: the good one is added, each bad one reported', async () => {
      const good = await file(
        'good.txt',
        'Good News\n\nThe aquarium in Westbury adopted two sea otters named Kelp and Pebble.',
      );
      const report = await lib.ingest([
        path.join(dir, 'nope.txt'),
        await file('e2.txt', ''),
        good,
        'ftp://files.example/a.txt',
      ]);
      expect(report).toMatchObject({ added: 1 });
      expect(report.failed.map((f) => f.source)).toEqual([
        path.join(dir, 'nope.txt'),
        path.join(dir, 'e2.txt'),
        'ftp://files.example/a.txt',
      ]);
      await lib.remove(report.articleIds[0]!);
      await expectNothingLost();
    });
  });

  describe('ingestText (a Discord attachment)', () => {
    it('empty or whitespace text', async () => {
      expectOneFailure(
        await lib.ingestText({ text: '', source: 'discord:attachment/empty.txt' }),
        'discord:attachment/empty.txt',
        /is empty\.$/,
      );
      expectOneFailure(
        await lib.ingestText({ text: ' \n ', source: 'discord:attachment/blank.txt' }),
        'discord:attachment/blank.txt',
        /is empty\.$/,
      );
      await expectNothingLost();
    });

    it('text over the size cap', async () => {
      const report = await lib.ingestText({
        text: 'Words words words. '.repeat(1000),
        source: 'discord:attachment/big.txt',
      });
      expectOneFailure(report, 'discord:attachment/big.txt', /over the .* limit for one article\.$/);
      await expectNothingLost();
    });

    // Pasted text is checked by the same size rule as a file, so the cap reads "16 KB", not a rounded "0 MB".
    it('text over the size cap names the cap the way the file path does', async () => {
      const report = await lib.ingestText({
        text: 'Words words words. '.repeat(1000),
        source: 'discord:attachment/big.txt',
      });
      expect(report.failed[0]!.error).toMatch(/16 KB/);
    });
  });
});

describe('a data directory that is not writable', () => {
  it('fails to open with one storage error line, naming the directory', async () => {
    const parent = await makeTempDir('quoth-bad-dir-');
    const blocker = path.join(parent, 'a-regular-file');
    await writeFile(blocker, 'this is a file, so nothing can be created below it');
    const dataDir = path.join(blocker, 'data');
    const err = await quothError(() => QuothLibrary.open(testConfig(dataDir, 'lexical')), 'storage');
    expect(err.message).toBe(
      `The data directory ${dataDir} is not writable; set DATA_DIR or --data-dir to a folder Quoth can write to.`,
    );
  });
});
