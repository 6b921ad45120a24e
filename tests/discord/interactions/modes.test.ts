import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDiscordConfig } from '../../../src/discord/config.ts';
import { loadDiscordModes } from '../../../src/discord/interactions/config.ts';

const KEY = crypto
  .generateKeyPairSync('ed25519')
  .publicKey.export({ format: 'der', type: 'spki' })
  .subarray(-32)
  .toString('hex');

describe('loadDiscordModes', () => {
  it('uses the gateway alone without a public key, the endpoint alone with one, both when asked', () => {
    expect(loadDiscordModes({})).toEqual({ gateway: true, endpoint: null });
    const http = loadDiscordModes({ DISCORD_PUBLIC_KEY: KEY, INTERACTIONS_PORT: '9000' });
    expect(http).toMatchObject({ gateway: false, endpoint: { host: '127.0.0.1', port: 9000 } });
    expect(http.endpoint?.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(loadDiscordModes({ DISCORD_PUBLIC_KEY: KEY, DISCORD_GATEWAY: '1' }).gateway).toBe(true);
  });

  it('names the variable when a setting is wrong or nothing would receive interactions', () => {
    expect(() => loadDiscordModes({ DISCORD_PUBLIC_KEY: 'abc' })).toThrow(/^Configuration error: DISCORD_PUBLIC_KEY/);
    expect(() => loadDiscordModes({ DISCORD_GATEWAY: 'maybe' })).toThrow(/^Configuration error: DISCORD_GATEWAY/);
    expect(() => loadDiscordModes({ DISCORD_GATEWAY: '0' })).toThrow(/DISCORD_GATEWAY=0 needs DISCORD_PUBLIC_KEY/);
  });

  it('needs DISCORD_TOKEN only where asked (the gateway), and still checks its shape when given', () => {
    expect(() => loadDiscordConfig({})).toThrow(/^Configuration error: DISCORD_TOKEN is missing/);
    expect(loadDiscordConfig({}, { requireToken: false }).token).toBeNull();
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: 'x' }, { requireToken: false })).toThrow(/DISCORD_TOKEN does not/);
  });
});
