// The fake Discord's other delivery: each interaction goes as an Ed25519-signed POST to a bot's
// Interactions Endpoint URL, spread over several endpoints the way a load balancer would, and the
// HTTP response is taken as the interaction's initial response under the same rules as the REST
// callback (3-second window, allowed types, message and choice limits), by handing it to that route.
import crypto from 'node:crypto';
import type { FakeDiscord, FakeInteraction } from './fakeDiscord.ts';

export interface EndpointAnswer {
  status: number;
  body: unknown;
}

export class HttpDelivery {
  /** Stands in for the application's key pair; the bot gets `publicKeyHex` as DISCORD_PUBLIC_KEY. */
  private readonly keys = crypto.generateKeyPairSync('ed25519');
  /** The raw 32-byte public key, hex, as the Developer Portal shows it (the end of the SPKI DER). */
  readonly publicKeyHex = this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  /** The endpoint each interaction was sent to, by interaction id. */
  readonly deliveredTo = new Map<string, string>();
  private next = 0;

  /** From now on `fake` delivers interactions to `endpoints` in turn instead of over its gateway. */
  constructor(
    private readonly fake: FakeDiscord,
    readonly endpoints: string[],
  ) {
    fake.deliver = (payload, interaction) => {
      const url = endpoints[this.next++ % endpoints.length]!;
      this.deliveredTo.set(interaction.id, url);
      interaction.httpResponse = this.exchange(url, payload, interaction);
    };
  }

  /** Signature headers as Discord sends them: Ed25519 over timestamp + raw body. */
  signedHeaders(body: string, opts: { timestamp?: number; key?: crypto.KeyObject } = {}): Record<string, string> {
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = crypto.sign(null, Buffer.from(timestamp + body), opts.key ?? this.keys.privateKey);
    return {
      'content-type': 'application/json',
      'x-signature-ed25519': signature.toString('hex'),
      'x-signature-timestamp': timestamp,
    };
  }

  /** One POST to an endpoint, with the given headers (signed by default). */
  async post(url: string, body: string, headers = this.signedHeaders(body)): Promise<EndpointAnswer> {
    const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text, and refused below like Discord refuses it.
    }
    return { status: res.status, body: parsed };
  }

  /** Never rejects: whatever goes wrong is recorded on the interaction, as the fake records refusals. */
  private async exchange(url: string, payload: Record<string, unknown>, interaction: FakeInteraction): Promise<void> {
    const refuse = (status: number, message: string): void => {
      const rejection = { method: 'POST', path: url, status, code: 0, message };
      this.fake.rejections.push(rejection);
      interaction.rejections.push(rejection);
      interaction.notify();
    };
    try {
      const answer = await this.post(url, JSON.stringify(payload));
      if (answer.status !== 200 || typeof answer.body !== 'object') {
        return refuse(answer.status, `the endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      const callback = `${this.fake.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`;
      const res = await fetch(callback, {
        method: 'POST',
        body: JSON.stringify(answer.body),
        headers: { 'content-type': 'application/json' },
      });
      // A refused response is already recorded by the callback route.
      await res.arrayBuffer();
    } catch (err) {
      refuse(0, `the endpoint could not be reached: ${(err as Error).message}`);
    }
  }
}
