// Hostile input gets one line and the process goes on: special files, IPv4-compatible IPv6 loopback,
// invisible characters inside words, and file names with a newline in them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isForbiddenAddress } from '../../src/ingest/addressGuard.ts';
import { normalizeText } from '../../src/ingest/normalizeText.ts';
import { type ReadOptions, readSourceItem } from '../../src/ingest/readSources.ts';
import { oneLine, QuothError } from '../../src/shared/errors.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const OPTS: ReadOptions = { maxArticleBytes: 4096, fetch: { timeoutMs: 5000, allowPrivate: false } };

afterAll(removeTempDirs);

describe('special files are refused, never read', () => {
  it('a FIFO named p.txt does not block, and /dev/zero behind z.txt is refused at once', async () => {
    const dir = await makeTempDir('quoth-hostile-');
    const fifo = path.join(dir, 'p.txt');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'z.txt'));
    const t0 = performance.now();
    for (const name of ['p.txt', 'z.txt']) {
      const file = path.join(dir, name);
      const outcome = await readSourceItem({ kind: 'file', path: file, label: file }, OPTS);
      expect(outcome.articles).toEqual([]);
      expect(outcome.failures[0]?.error).toMatch(/not a regular file/);
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the address guard', () => {
  it('treats IPv4-compatible IPv6 as the IPv4 address inside', () => {
    const host = new URL('http://[::127.0.0.1]/').hostname;
    expect(isForbiddenAddress(host)).toBe(true);
    expect(isForbiddenAddress('::10.0.0.1')).toBe(true);
    expect(isForbiddenAddress('::1')).toBe(true);
    expect(isForbiddenAddress('2606:4700::1111')).toBe(false);
  });
});

describe('text and messages', () => {
  it('strips zero-width characters inside words', () => {
    expect(normalizeText('pe\u200Btro\uFEFFleum')).toBe('petroleum');
  });

  it('escapes a newline in a message instead of cutting it off', () => {
    const message = oneLine(new QuothError('a\nb.txt is not a regular file.'));
    expect(message).toBe('a\\nb.txt is not a regular file.');
  });
});
