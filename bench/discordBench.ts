// `npm run bench:discord`: N concurrent /ask interactions through the fake Discord to the real bot
// (its own process, real discord.js, real library of a few thousand articles), for N = 50, 200, 1000.
// Reports time to acknowledgement and to the final reply (p50/p95/p99) and how many missed Discord's
// 3-second window. Bounded: every round has a deadline, and the whole run a watchdog.
// With --http the interactions go instead as signed POSTs to N endpoint processes sharing the data
// directory (round robin, as a load balancer would), and the results to discord-http-latest.*.
//
//   npm run bench:discord -- [--sizes 50,200,1000] [--articles 3000] [--synthetic] [--workers N]
//                            [--http [--processes 2] [--connections 256]] [--send-slice K] [--sign-in-loop]
//
// --workers sets each bot process's QUOTH_WORKERS (0 = every answer on its main thread); without it
// the bot uses its default, one worker thread per core.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FakeDiscord, snowflake } from '../tests/discord/fake/fakeDiscord.ts';
import { HttpDelivery } from '../tests/discord/fake/httpDelivery.ts';
import { TEST_TOKEN } from '../tests/discord/helpers/harness.ts';
import { startHttpBot, stopHttpBot } from '../tests/discord/helpers/httpBots.ts';
import { type AckFloor, measureAckFloor } from './discordAckFloor.ts';
import { buildLibrary, loadDocs, makeQuestions } from './discordLibrary.ts';
import { type Round, runRound } from './discordRound.ts';
import { benchDir, resultsDir } from './lib/paths.ts';
import { machineInfo, markdownTable } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,200,1000' },
    articles: { type: 'string', default: '3000' },
    synthetic: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    processes: { type: 'string', default: '2' },
    connections: { type: 'string', default: '256' },
    workers: { type: 'string' },
    'send-slice': { type: 'string', default: '0' },
    'sign-in-loop': { type: 'boolean', default: false },
  },
});
const PROCESSES = args.http ? Math.max(1, Number(args.processes)) : 1;
/**
 * Keep-alive connections to each endpoint process, like a load balancer's upstream pool (nginx
 * `keepalive`). Opened before the rounds: a Node server whose event loop is busy accepts about one
 * new connection per turn, so a burst over fresh connections measures accept(), not Quoth.
 */
const CONNECTIONS = Math.max(1, Number(args.connections));
const SIZES = args
  .sizes!.split(',')
  .map(Number)
  .filter((n) => n > 0);
const ARTICLES = Number(args.articles);
/** The bot's QUOTH_WORKERS: what was asked for, else its default (one per core). */
const WORKERS = args.workers ?? process.env.QUOTH_WORKERS ?? String(os.availableParallelism());
/**
 * The benchmark: the N interactions are built and (over HTTP) signed first, as Discord has them
 * ready on its own machines, then all handed to their connections in one loop; the clock of each
 * starts there. --sign-in-loop builds and signs each in that loop instead (the bench before
 * 1 December, afternoon: every acknowledgement then includes the generator's signing of all N).
 * --send-slice K (implies --sign-in-loop) lets the generator's event loop turn every K interactions,
 * so each goes out about when it is created (a diagnostic: arrivals spread over the generator's CPU).
 */
const SEND_SLICE = Math.max(0, Number(args['send-slice']));
const SIGN_IN_LOOP = args['sign-in-loop'] || SEND_SLICE > 0;
const roundOpts = { sendSlice: SEND_SLICE, signInLoop: SIGN_IN_LOOP };
/** The whole run stops after this, whatever happens. */
const WATCHDOG_MS = 15 * 60_000;

type BotEnv = Record<string, string>;
const BOT_SCRIPT = ['--import', 'tsx', path.join(benchDir, 'discordBenchBot.ts')];

/** The gateway bot in its own process; resolves once it has its session, with its stop function. */
async function startGatewayBot(fake: FakeDiscord, env: BotEnv): Promise<() => Promise<void>> {
  const bot: ChildProcess = spawn(process.execPath, BOT_SCRIPT, {
    env: { ...process.env, ...env, DISCORD_TOKEN: TEST_TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const botExited = new Promise<never>((_, reject) =>
    bot.once('exit', (code) => reject(new Error(`the bot process exited early (code ${code})`))),
  );
  botExited.catch(() => undefined);
  await Promise.race([fake.waitForSession(60_000), botExited]);
  return async () => {
    if (bot.exitCode !== null) return;
    const exited = new Promise((resolve) => bot.once('exit', resolve));
    bot.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
    if (bot.exitCode === null) bot.kill('SIGKILL');
  };
}

/** PROCESSES endpoint processes on the one data directory, the fake delivering to them in turn. */
async function startHttpBots(fake: FakeDiscord, env: BotEnv): Promise<() => Promise<void>> {
  const delivery = new HttpDelivery(fake, [], { connectionsPerEndpoint: CONNECTIONS });
  // info: the line with the endpoint's port; the processes' warnings are printed when they stop.
  const botEnv = { ...env, DISCORD_PUBLIC_KEY: delivery.publicKeyHex, LOG_LEVEL: 'info' };
  const bots = await Promise.all(Array.from({ length: PROCESSES }, () => startHttpBot(BOT_SCRIPT, botEnv)));
  delivery.endpoints.push(...bots.map((b) => b.url));
  await delivery.connect(CONNECTIONS);
  return async () => {
    delivery.close();
    for (const bot of bots) {
      await stopHttpBot(bot, 15_000);
      const warnings = bot
        .stderr()
        .split('\n')
        .filter((l) => /"level":(4|5|6)0/.test(l));
      if (warnings.length) console.error(`${bot.url}: ${warnings.length} warnings, e.g. ${warnings[0]}`);
    }
  };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench:discord: stopped by the ${WATCHDOG_MS / 60_000}-minute watchdog`);
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-discord-bench-'));
  const guild = { id: snowflake(), name: 'Bench' };
  let fake: FakeDiscord | null = null;
  let stopBots: (() => Promise<void>) | null = null;
  try {
    const { docs, source } = loadDocs({ articles: ARTICLES, synthetic: args.synthetic ?? false });
    const articles = await buildLibrary(dataDir, guild.id, docs);
    fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [guild], heartbeatIntervalMs: 41_250 });
    const env = {
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      EMBEDDING_MODEL: 'none',
      COOLDOWN_SECONDS: '0',
      QUOTH_WORKERS: WORKERS,
    };
    stopBots = args.http ? await startHttpBots(fake, env) : await startGatewayBot(fake, env);

    // A short warm-up so the first round does not pay for cold caches and first connections.
    await runRound(fake, guild.id, makeQuestions(docs, 10), roundOpts);
    const rounds: Round[] = [];
    for (const n of SIZES) {
      const round = await runRound(fake, guild.id, makeQuestions(docs, n), roundOpts);
      rounds.push(round);
      console.error(
        `N=${n}: ack p99 ${round.ackMs.p99} ms, reply p99 ${round.replyMs.p99} ms, missed ${round.missedAckWindow}; ` +
          `generator loop ${round.sendLoopMs} ms, its event-loop delay p50 / p99 / max ` +
          `${round.generatorLagMs.p50} / ${round.generatorLagMs.p99} / ${round.generatorLagMs.max} ms` +
          (round.writtenToAckMs
            ? `, written → ack p50 ${round.writtenToAckMs.p50} / p99 ${round.writtenToAckMs.p99} ms`
            : ''),
      );
      await new Promise((r) => setTimeout(r, 1000));
    }

    // Over HTTP, the same bursts to bare endpoints once the bots are gone: what an acknowledgement costs here at least.
    const floors: AckFloor[] = [];
    if (args.http) {
      await stopBots();
      stopBots = null;
      for (const n of SIZES) {
        floors.push(await measureAckFloor(fake, guild.id, { n, processes: PROCESSES, connections: CONNECTIONS }));
        await new Promise((r) => setTimeout(r, 1000));
      }
    }

    const table = markdownTable(
      [
        'N concurrent /ask',
        'ack p50 ms',
        'ack p95',
        'ack p99',
        'ack max',
        'reply p50 ms',
        'reply p95',
        'reply p99',
        'reply max',
        'missed 3 s',
        'unanswered',
        'errors',
        'answered / abstained',
        'wall ms',
      ],
      rounds.map((r) => [
        r.n,
        r.ackMs.p50,
        r.ackMs.p95,
        r.ackMs.p99,
        r.ackMs.max,
        r.replyMs.p50,
        r.replyMs.p95,
        r.replyMs.p99,
        r.replyMs.max,
        r.missedAckWindow,
        r.unanswered,
        r.errors,
        `${r.answered} / ${r.abstained}`,
        r.wallMs,
      ]),
    );
    const machine = machineInfo();
    const markdown = [
      args.http
        ? `## Discord: concurrent /ask through the HTTP interactions endpoint, ${PROCESSES} process(es)`
        : '## Discord: concurrent /ask through the fake Discord',
      '',
      `Library: ${articles} articles (${source}), lexical mode, one server. ` +
        (args.http
          ? `Bots: ${PROCESSES} endpoint process(es) sharing the data directory, real discord.js interactions, ` +
            `interactions spread round robin by the fake as signed POSTs over ${CONNECTIONS} keep-alive ` +
            'connections per process; '
          : 'Bot: real discord.js client in its own process; ') +
        (WORKERS === '0'
          ? 'answers on the main thread (QUOTH_WORKERS=0); '
          : `answers on ${WORKERS} worker threads per process (QUOTH_WORKERS=${WORKERS}); `) +
        `fake Discord and load generator in another; ` +
        `${machine.cpus} cores (${machine.cpuModel}), load ${machine.loadAverage.join(' ')}.`,
      args.http
        ? 'Acknowledgement = the signed POST sent to its HTTP response received (which the fake then checks ' +
          'like a callback); reply = to the edited answer.'
        : 'Acknowledgement = dispatch of INTERACTION_CREATE to the deferReply ' +
          'callback reaching the fake; reply = to the edited answer.',
      '',
      table,
      '',
      (SIGN_IN_LOOP
        ? `Load generator: creating, signing and dispatching the interactions took ${rounds
            .map((r) => `${r.sendLoopMs} ms (N=${r.n})`)
            .join(', ')}` +
          (SEND_SLICE
            ? `, its event loop turning every ${SEND_SLICE}`
            : ', in one loop (none written before the last was created; every acknowledgement includes it)')
        : `Load generator: the interactions built${args.http ? ' and signed' : ''} before the clock starts ` +
          `(as Discord has them ready on its own machines) in ${rounds.map((r) => `${r.stagingMs} ms (N=${r.n})`).join(', ')}, ` +
          `then dispatched in one loop of ${rounds.map((r) => `${r.sendLoopMs} ms`).join(', ')} ` +
          '(none written before the last was handed over; every acknowledgement includes that loop)') +
        (args.http
          ? `; from a request written to its response, p50 / p99: ${rounds
              .map((r) => `${r.writtenToAckMs?.p50} / ${r.writtenToAckMs?.p99} ms`)
              .join(', ')}.`
          : '.'),
      ...(floors.length
        ? [
            '',
            `Floor, same run and burst: ${PROCESSES} bare endpoint process(es) (\`bench/discordBareEndpoint.ts\`: ` +
              "Quoth's signature check, the body parsed, a deferral answered; no discord.js, no library, no answers): " +
              floors
                .map(
                  (f) =>
                    `ack p50 / p99 ${f.ackMs.p50} / ${f.ackMs.p99} ms (N=${f.n}${f.refused ? `, ${f.refused} refused` : ''})`,
                )
                .join(', ') +
              '.',
          ]
        : []),
    ].join('\n');
    fs.mkdirSync(resultsDir, { recursive: true });
    const name = args.http ? 'discord-http-latest' : 'discord-latest';
    const mode = args.http ? { http: true, processes: PROCESSES } : { http: false };
    fs.writeFileSync(
      path.join(resultsDir, `${name}.json`),
      `${JSON.stringify({ articles, source, mode, workers: Number(WORKERS), machine, rounds, floors }, null, 2)}\n`,
    );
    fs.writeFileSync(path.join(resultsDir, `${name}.md`), `${markdown}\n`);
    process.stdout.write(`${markdown}\n`);
    if (fake.unexpected.length)
      console.error(`the fake saw unexpected requests: ${fake.unexpected.slice(0, 5).join(', ')}`);
  } finally {
    await stopBots?.();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

await main();
