import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/runCli.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-console-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm start without DISCORD_TOKEN (the console)', () => {
  it('ingests the samples on first start, says its mode and answers the commands', async () => {
    const env = { DATA_DIR: path.join(tmp, 'data'), EMBEDDING_MODEL: 'none' };
    const input = [
      'Who founded Tallyfox?',
      '/search rail strike',
      '/articles',
      '/summarize flood wall 2',
      '/summarize nope',
      '/ask When did the Mount Ferrin volcano last erupt?',
      '/ask',
      '/quit',
      'never read',
    ].join('\n');
    const r = await runBin('bin/start.js', [], env, input);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/First start: adding the sample articles/);
    expect(r.stdout).toMatch(/Added 6/);
    expect(r.stdout).toMatch(/lexical-only mode/);
    expect(r.stdout).toMatch(/> Tallyfox was founded in 2022 by Dr\. Samir Quezada/);
    expect(r.stdout).toMatch(/Valley Line Drivers Begin 48-Hour Strike/);
    expect(r.stdout).toMatch(/Harbor City Votes to Rebuild Its Flood Wall/);
    expect(r.stdout).toMatch(/Error: No article with id "nope" in this library\. \/articles lists them\./);
    expect(r.stdout).toMatch(/Not found in the articles\./);
    expect(r.stdout).toMatch(/Error: The question is empty\./);

    // Second start: no re-ingest.
    const again = await runBin('bin/start.js', [], env, '/articles\n');
    expect(again.stdout).not.toMatch(/First start/);
    expect(again.stdout).toMatch(/6 articles/);
  });

  it('says how to add articles when the library is empty (the samples removed)', async () => {
    const dataDir = path.join(tmp, 'emptied');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, '.samples-ingested'), '');
    const r = await runBin(
      'bin/start.js',
      [],
      { DATA_DIR: dataDir, EMBEDDING_MODEL: 'none' },
      'Who won?\n/search rail\n/articles\n/quit\n',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/The library is empty\. Add articles with \/add PATH_OR_URL\./g)).toHaveLength(3);
    expect(r.stdout).not.toMatch(/quoth ingest/);
  });

  it('says it is embedding what lexical mode stored when a model is there at the next start', async () => {
    const dataDir = path.join(tmp, 'healed');
    const lexical = await runBin('bin/start.js', [], { DATA_DIR: dataDir, EMBEDDING_MODEL: 'none' }, '/quit\n');
    expect(lexical.stdout).toMatch(/Added 6/);
    const hybrid = await runBin('bin/start.js', [], { DATA_DIR: dataDir, EMBEDDING_MODEL: tinyModelDir() }, '/quit\n');
    expect(hybrid.code, hybrid.stderr).toBe(0);
    expect(hybrid.stderr).toMatch(/^Quoth: embedding \d+ chunks stored without vectors/m);
    expect(hybrid.stdout).toMatch(/Hybrid mode/);
  });
});
