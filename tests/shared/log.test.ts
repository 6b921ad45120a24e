import { describe, expect, it } from 'vitest';
import { createTerminalLogger } from '../../src/shared/log.ts';

describe('the terminal logger', () => {
  it('writes one plain line per record for a person at a terminal', () => {
    const lines: string[] = [];
    const log = createTerminalLogger('info', { isTTY: true, write: (l: string) => lines.push(l) });
    log.warn({ collection: 'default', reason: 'index file missing' }, 'rebuilt the vector index of "default"');
    log.error({ err: { code: 'ENOSPC' } }, 'could not save the vector index');
    log.debug('not shown at info');
    expect(lines).toEqual([
      'Quoth warning: rebuilt the vector index of "default" (collection: default, reason: index file missing)\n',
      'Quoth error: could not save the vector index (err: {"code":"ENOSPC"})\n',
    ]);
  });

  it('keeps JSON lines where a program reads stderr', () => {
    const lines: string[] = [];
    const log = createTerminalLogger('info', { isTTY: false, write: (l: string) => lines.push(l) });
    // Not a terminal: the record goes to fd 2 as JSON (one line in the test output), not through the plain writer.
    log.warn({ test: 'tests/shared/log.test.ts' }, 'a JSON line on purpose');
    expect(lines).toEqual([]);
  });
});
