// The bridge on its own: a real discord.js client (never logged in) and a stand-in router, to pin
// down what the end-to-end test cannot easily provoke.
import { afterAll, describe, expect, it } from 'vitest';
import { type APIInteraction, Client, type Interaction } from 'discord.js';
import { createHttpBridge } from '../../../src/discord/interactions/httpBridge.ts';
import type { InteractionRouter } from '../../../src/discord/router.ts';

const client = new Client({ intents: [], rest: { api: 'http://127.0.0.1:9/api' } });
afterAll(() => client.destroy());

let id = 1_000_000_000_000_000n;
function command(name: string): APIInteraction {
  id++;
  const user = { id: '100000000000000001', username: 'u', discriminator: '0', global_name: 'u', avatar: null };
  return {
    id: String(id),
    application_id: '100000000000000002',
    type: 2,
    token: `token-${id}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 1024,
    context: 1,
    user,
    channel: { id: '100000000000000003', type: 1, recipients: [user] },
    channel_id: '100000000000000003',
    data: { id: '100000000000000004', name, type: 1, options: [] },
  } as unknown as APIInteraction;
}

function bridgeWith(handle: (i: Interaction) => Promise<void>) {
  const router: InteractionRouter = { handle, deferralFor: () => null, idle: async () => undefined };
  return createHttpBridge({ client, router, accepting: () => true });
}

describe('createHttpBridge', () => {
  it("answers with the command's reply, whose promise resolves once the response has been sent", async () => {
    let sent!: () => void;
    const responded = new Promise<void>((resolve) => (sent = resolve));
    const events: string[] = [];
    let replied: Promise<unknown> = Promise.resolve();
    const bridge = bridgeWith(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      replied = i.reply({ content: `hello from /${i.commandName}` }).then(() => events.push('reply resolved'));
      await replied;
    });
    const response = await bridge(command('about'), responded);
    expect(response).toMatchObject({ type: 4, data: { content: 'hello from /about' } });
    events.push('response sent');
    sent();
    await replied;
    expect(events).toEqual(['response sent', 'reply resolved']);
  });

  it('fails the request when the command ends without responding, or the interaction is not one it knows', async () => {
    const bridge = bridgeWith(async () => undefined);
    await expect(bridge(command('about'), Promise.resolve())).rejects.toThrow('finished without responding');
    const unknownType = { ...command('about'), type: 99 } as unknown as APIInteraction;
    await expect(bridge(unknownType, Promise.resolve())).rejects.toThrow('type 99 is not handled');
  });
});
