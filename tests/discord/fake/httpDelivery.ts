// The fake Discord's other delivery: each interaction goes as an Ed25519-signed POST to a bot's
// Interactions Endpoint URL, spread over several endpoints the way a load balancer would, and the
// HTTP response is taken as the interaction's initial response under the same rules as the REST
// callback (3-second window, allowed types, message and choice limits), by the same code.
import crypto from 'node:crypto';
import http from 'node:http';
import type { FakeDiscord, FakeInteraction } from './fakeDiscord.ts';

export interface EndpointAnswer {
  status: number;
  body: unknown;
}

interface SignedBody {
  body: string;
  headers: Record<string, string>;
}

export class HttpDelivery {
  /** Stands in for the application's key pair; the bot gets `publicKeyHex` as DISCORD_PUBLIC_KEY. */
  private readonly keys = crypto.generateKeyPairSync('ed25519');
  /** The raw 32-byte public key, hex, as the Developer Portal shows it (the end of the SPKI DER). */
  readonly publicKeyHex = this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  /** The endpoint each interaction was sent to, by interaction id. */
  readonly deliveredTo = new Map<string, string>();
  private next = 0;
  private readonly agent: http.Agent;

  /** From now on `fake` delivers interactions to `endpoints` in turn instead of over its gateway. */
  /**
   * `connectionsPerEndpoint` bounds the keep-alive connections to each endpoint, as a load
   * balancer's upstream pool does (requests beyond wait for a free one); unbounded by default.
   */
  constructor(
    private readonly fake: FakeDiscord,
    readonly endpoints: string[],
    opts: { connectionsPerEndpoint?: number } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: opts.connectionsPerEndpoint ?? Infinity });
    fake.deliver = (payload, interaction, staged) => {
      const url = endpoints[this.next++ % endpoints.length]!;
      this.deliveredTo.set(interaction.id, url);
      interaction.httpResponse = this.exchange(
        url,
        (staged as SignedBody | undefined) ?? this.sign(payload),
        interaction,
      );
    };
    fake.stageDelivery = (payload) => this.sign(payload);
  }

  private sign(payload: Record<string, unknown>): SignedBody {
    const body = JSON.stringify(payload);
    return { body, headers: this.signedHeaders(body) };
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
  post(url: string, body: string, headers = this.signedHeaders(body), onWritten?: () => void): Promise<EndpointAnswer> {
    // node:http on a keep-alive agent rather than fetch: a load test sends thousands of these, and
    // the fake's own event loop must not become the bottleneck it measures.
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers, agent: this.agent, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: kept as text, and refused like Discord refuses it.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      if (onWritten) req.once('finish', onWritten);
      req.on('timeout', () => req.destroy(new Error('no response within 10 s')));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Opens `n` connections to each endpoint (by as many concurrent PINGs), ready for a burst. */
  async connect(n: number): Promise<void> {
    const ping = JSON.stringify({
      id: '0',
      application_id: this.fake.applicationId,
      type: 1,
      token: 'ping',
      version: 1,
    });
    await Promise.all(this.endpoints.flatMap((url) => Array.from({ length: n }, () => this.post(url, ping))));
  }

  close(): void {
    this.agent.destroy();
  }

  /** Never rejects: whatever goes wrong is recorded on the interaction, as the fake records refusals. */
  private async exchange(url: string, { body, headers }: SignedBody, interaction: FakeInteraction): Promise<void> {
    const refuse = (status: number, message: string): void => {
      const rejection = { method: 'POST', path: url, status, code: 0, message };
      this.fake.rejections.push(rejection);
      interaction.rejections.push(rejection);
      interaction.notify();
    };
    try {
      const answer = await this.post(url, body, headers, () => {
        interaction.httpWrittenAt = performance.now();
      });
      if (answer.status !== 200 || typeof answer.body !== 'object') {
        return refuse(answer.status, `the endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      interaction.httpAnsweredAt = performance.now();
      // Discord takes the response as the callback, under the same rules.
      this.fake.takeHttpResponse(interaction, answer.body as Record<string, unknown>);
    } catch (err) {
      refuse(0, `the endpoint could not be reached: ${(err as Error).message}`);
    }
  }
}
