// A library whose data directory cannot be written (full disk, read-only mount) stays readable.
// Tests run as root, which chmod does not restrict, so the read-only open is asked for directly:
// it is the same path the write probe's failure takes.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { QuothLibrary } from '../../src/core/library.ts';
import { QuothError } from '../../src/shared/errors.ts';
import { openTestLibrary, removeTempDirs, SAMPLES_DIR, testConfig } from '../helpers/library.ts';

afterAll(removeTempDirs);

describe('a read-only library', () => {
  for (const model of ['lexical', 'tiny'] as const) {
    it(`lists, shows and answers, refuses writes in one line, and closes cleanly (${model})`, async () => {
      const { lib, dataDir } = await openTestLibrary({ model });
      await lib.ingest([SAMPLES_DIR]);
      await lib.close();
      // A missing index file must be rebuilt in memory, not written.
      for (const f of fs.readdirSync(dataDir)) if (f.startsWith('vectors-')) fs.rmSync(`${dataDir}/${f}`);
      const before = fs.readdirSync(dataDir).sort();

      const ro = await QuothLibrary.open(testConfig(dataDir, model), { readonly: true });
      const [first] = ro.list();
      expect(first).toBeDefined();
      expect(ro.get(first!.articleId).text.length).toBeGreaterThan(0);
      const answer = await ro.ask('How much will the flood wall cost?');
      expect(answer.abstained).toBe(false);
      await expect(ro.ingest([SAMPLES_DIR])).rejects.toThrow(QuothError);
      await expect(ro.remove(first!.articleId)).rejects.toThrow(/read-only/);
      await ro.close();
      const after = fs.readdirSync(dataDir).filter((f) => !f.endsWith('-shm') && !f.endsWith('-wal'));
      expect(after.filter((f) => f.includes('.tmp'))).toEqual([]);
      expect(after.sort()).toEqual(before.filter((f) => !f.endsWith('-shm') && !f.endsWith('-wal')));
    });
  }
});
