import crypto from 'node:crypto';

/** DER header of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const TIMESTAMP = /^\d{1,12}$/;

/** Discord's "public key" (Developer Portal → General Information): 32 bytes as 64 hex digits. */
export function publicKeyFromHex(hex: string): crypto.KeyObject {
  const trimmed = hex.trim();
  if (!HEX_KEY.test(trimmed)) {
    throw new Error("Configuration error: DISCORD_PUBLIC_KEY must be 64 hex digits (the application's public key).");
  }
  const der = Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(trimmed, 'hex')]);
  return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
}

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

export interface VerifyOptions {
  /** Requests signed further than this from now (either way) are refused as replays. */
  replayWindowSeconds: number;
  /** Current time in ms; a parameter so tests can move the clock without sleeping. */
  now?: number;
}

/**
 * Null when Discord signed this request, else why not. Discord signs timestamp + raw body with the
 * application's Ed25519 key; the timestamp window keeps a captured request from being replayed
 * later (the signature alone would stay valid forever).
 */
export function verifyInteraction(key: crypto.KeyObject, req: SignedRequest, opts: VerifyOptions): string | null {
  const { signature, timestamp } = req;
  if (!signature || !timestamp) return 'missing signature headers';
  if (!HEX_SIGNATURE.test(signature)) return 'malformed signature';
  if (!TIMESTAMP.test(timestamp)) return 'malformed timestamp';
  const skew = Math.abs((opts.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > opts.replayWindowSeconds) return 'timestamp outside the replay window';
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), req.body]);
  return crypto.verify(null, signed, key, Buffer.from(signature, 'hex')) ? null : 'bad signature';
}
