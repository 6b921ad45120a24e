import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server for a test, with the paths it was asked for. */
export interface TestServer {
  server: http.Server;
  base: string;
  port: number;
  requests: string[];
}

export async function startServer(host: string, handler: http.RequestListener): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://${host}:${port}`, port, requests };
}

export async function stopServer(s: TestServer | undefined): Promise<void> {
  if (!s) return;
  // Routes that never answer leave sockets open; close() alone would wait for them forever.
  s.server.closeAllConnections();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}
