// The floor of an HTTP acknowledgement on this machine, measured in the same run as Quoth: the same
// fake Discord sends the same staged burst to as many bare endpoints (discordBareEndpoint.ts) as
// Quoth had processes. Quoth's acknowledgement can come close to this, not below it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { snowflake, type FakeDiscord } from '../tests/discord/fake/fakeDiscord.ts';
import { HttpDelivery } from '../tests/discord/fake/httpDelivery.ts';
import { benchDir } from './lib/paths.ts';
import { percentile, round } from './lib/stats.ts';

export interface AckFloor {
  n: number;
  processes: number;
  ackMs: { p50: number; p95: number; p99: number; max: number };
  refused: number;
}

export async function measureAckFloor(
  fake: FakeDiscord,
  guildId: string,
  opts: { n: number; processes: number; connections: number },
): Promise<AckFloor> {
  const delivery = new HttpDelivery(fake, [], { connectionsPerEndpoint: opts.connections });
  const children = Array.from({ length: opts.processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'discordBareEndpoint.ts'), delivery.publicKeyHex], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  try {
    for (const child of children) {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      delivery.endpoints.push(`http://127.0.0.1:${Number(String(line).trim())}/interactions`);
    }
    await delivery.connect(opts.connections);
    const staged = fake.stageCommands(
      Array.from({ length: opts.n }, (_, i) => ({
        guildId,
        user: { id: snowflake(), username: `floor${i}` },
        name: 'ask',
        options: [{ name: 'question', type: 3, value: `What about the floor, question ${i}?` }],
      })),
    );
    const interactions = staged.map((s) => fake.sendStaged(s));
    await Promise.all(interactions.map((i) => i.httpResponse));
    const acks = interactions.filter((i) => i.httpAnsweredAt !== null).map((i) => i.httpAnsweredAt! - i.sentAt);
    return {
      n: opts.n,
      processes: opts.processes,
      ackMs: {
        p50: round(percentile(acks, 50), 0),
        p95: round(percentile(acks, 95), 0),
        p99: round(percentile(acks, 99), 0),
        max: round(Math.max(...acks), 0),
      },
      refused: interactions.length - acks.length,
    };
  } finally {
    delivery.close();
    for (const child of children) child.kill('SIGTERM');
  }
}
