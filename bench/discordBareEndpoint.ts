// A bare interactions endpoint for bench:discord's floor round: Quoth's own signature check, the
// body parsed, a deferral answered — no discord.js, no library, no answer afterwards. What is left of
// an acknowledgement's time is Node's HTTP server, the check and the machine.
//   node --import tsx bench/discordBareEndpoint.ts <public key hex>   (prints its port)
import http from 'node:http';
import { publicKeyFromHex, verifyInteraction } from '../src/discord/interactions/verify.ts';

const key = publicKeyFromHex(process.argv[2] ?? '');
const DEFERRAL = JSON.stringify({ type: 5 });
const PONG = JSON.stringify({ type: 1 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const refused = verifyInteraction(
      key,
      {
        signature: req.headers['x-signature-ed25519'] as string | undefined,
        timestamp: req.headers['x-signature-timestamp'] as string | undefined,
        body,
      },
      { replayWindowSeconds: 300 },
    );
    if (refused) {
      res.writeHead(401).end();
      return;
    }
    const { type } = JSON.parse(body.toString('utf8')) as { type: number };
    const answer = type === 1 ? PONG : DEFERRAL;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log((server.address() as { port: number }).port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
