import { describe, expect, it } from 'vitest';
import { EarlyDeferrals, Later } from '../../src/discord/earlyAck.ts';
import { deferralResponse } from '../../src/discord/replies.ts';

describe('Later', () => {
  it('runs jobs in order, one per event-loop turn, and a throwing job stops neither the others nor the process', async () => {
    const errors: unknown[] = [];
    const later = new Later((err) => errors.push(err));
    const ran: string[] = [];
    later.push(() => ran.push('a'));
    later.push(() => {
      throw new Error('bad payload');
    });
    later.push(() => ran.push('c'));
    // Nothing runs synchronously: the requests already read go first.
    expect(ran).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['a']);
    await later.drained();
    expect(ran).toEqual(['a', 'c']);
    expect(errors).toEqual([new Error('bad payload')]);
    await expect(later.drained()).resolves.toBeUndefined();
  });
});

describe('EarlyDeferrals', () => {
  const route = '/interactions/123456789012345678/some-token/callback';

  it("hands the command's deferReply the early outcome once, and leaves every other request alone", async () => {
    const early = new EarlyDeferrals();
    const body = deferralResponse('public');
    early.add('123456789012345678', body, Promise.resolve('sent'));
    expect(early.take('/webhooks/1/some-token/messages/@original', { body: { content: 'x' } })).toBeNull();
    await expect(early.take(route, { body: { type: 5, data: { flags: 0 } } })).resolves.toBe('sent');
    // Taken: a second response to the same interaction goes to Discord, which refuses it.
    expect(early.take(route, { body })).toBeNull();
  });

  it('refuses a response other than the deferral that was sent, and never leaves a rejection unhandled', async () => {
    const early = new EarlyDeferrals();
    early.add('123456789012345678', deferralResponse('ephemeral'), Promise.reject(new Error('10062')));
    expect(() => early.take(route, { body: deferralResponse('public') })).toThrow(/differs from its early/);
  });
});
