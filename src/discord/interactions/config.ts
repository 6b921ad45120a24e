import type crypto from 'node:crypto';
import { interactionsListenConfig } from './server.ts';
import { publicKeyFromHex } from './verify.ts';

/** How `npm start` reaches Discord: the gateway, the HTTP interactions endpoint, or both. */
export interface DiscordModes {
  /** Log in to the gateway (needs DISCORD_TOKEN); the process that does also polls feeds. */
  gateway: boolean;
  /** Serve POST /interactions; null when DISCORD_PUBLIC_KEY is not set. */
  endpoint: { publicKey: crypto.KeyObject; host: string; port: number } | null;
}

const YES = ['1', 'true', 'yes'];
const NO = ['0', 'false', 'no'];

/**
 * DISCORD_PUBLIC_KEY turns the HTTP endpoint on (INTERACTIONS_HOST, INTERACTIONS_PORT say where it
 * listens). DISCORD_GATEWAY then defaults to off: once the Developer Portal has an Interactions
 * Endpoint URL, Discord delivers every interaction there and none over the gateway, so a gateway
 * connection is only worth holding in one process, for feed announcements. Without the key the
 * gateway is the only way in and must stay on.
 */
export function loadDiscordModes(env: NodeJS.ProcessEnv): DiscordModes {
  const key = env.DISCORD_PUBLIC_KEY?.trim();
  const endpoint = key ? { publicKey: publicKeyFromHex(key), ...interactionsListenConfig(env) } : null;
  const raw = env.DISCORD_GATEWAY?.trim().toLowerCase() ?? '';
  if (raw && !YES.includes(raw) && !NO.includes(raw)) {
    throw new Error(`Configuration error: DISCORD_GATEWAY must be 1 (log in to the gateway) or 0, not "${raw}".`);
  }
  const gateway = raw ? YES.includes(raw) : endpoint === null;
  if (!gateway && !endpoint) {
    throw new Error(
      'Configuration error: DISCORD_GATEWAY=0 needs DISCORD_PUBLIC_KEY, or Quoth would receive no interactions.',
    );
  }
  return { gateway, endpoint };
}
