// A real HTTP server on 127.0.0.1 for the feed tests and the feed bench: routes whose responses a test changes between
// polls, ETag-based 304s like a real feed host, and a log of what was asked for.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  type?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Answers 304 when the request's If-None-Match equals it. */
  etag?: string;
}

export interface LoggedRequest {
  path: string;
  ifNoneMatch: string | null;
  status: number;
}

export class FeedServer {
  readonly routes = new Map<string, Route>();
  readonly log: LoggedRequest[] = [];
  private server!: http.Server;
  base = '';
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = this.routes.get(path);
      const ifNoneMatch = (req.headers['if-none-match'] as string | undefined) ?? null;
      const respond = (status: number, headers: Record<string, string>, body = ''): void => {
        this.log.push({ path, ifNoneMatch, status });
        res.writeHead(status, headers);
        res.end(body);
      };
      if (!route) return respond(404, { 'Content-Type': 'text/plain' }, 'not found');
      if (route.etag && ifNoneMatch === route.etag) return respond(304, { ETag: route.etag });
      const headers: Record<string, string> = {
        'Content-Type': route.type ?? 'text/html; charset=utf-8',
        ...route.headers,
      };
      if (route.etag) headers.ETag = route.etag;
      respond(route.status ?? 200, headers, route.body ?? '');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.base = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** Requests to `path` since the log was last cleared. */
  requestsTo(path: string): LoggedRequest[] {
    return this.log.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface TestItem {
  guid: string;
  title: string;
  link: string;
  content?: string;
  date?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: TestItem[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>` +
        `<guid isPermaLink="false">${esc(i.guid)}</guid>` +
        `<pubDate>${new Date(i.date ?? '2026-11-01T10:00:00Z').toUTCString()}</pubDate>` +
        (i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : '') +
        `</item>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>` +
    `<title>${esc(title)}</title><link>http://news.example/</link><description>Test feed</description>\n` +
    `${entries}\n</channel></rss>`
  );
}

export function atom(title: string, items: TestItem[]): string {
  const entries = items
    .map(
      (i) =>
        `<entry><id>${esc(i.guid)}</id><title>${esc(i.title)}</title><link rel="alternate" href="${esc(i.link)}"/>` +
        `<updated>${i.date ?? '2026-11-01T10:00:00Z'}</updated>` +
        (i.content ? `<content type="html">${esc(i.content)}</content>` : '') +
        `</entry>`,
    )
    .join('\n');
  const head = `<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:test</id>`;
  return `<?xml version="1.0" encoding="utf-8"?>\n${head}\n${entries}\n</feed>`;
}

/** A story page that Readability extracts: a title, a canonical URL and a few real paragraphs. */
export function storyPage(p: { title: string; canonical: string; paragraphs: string[] }): string {
  return (
    `<!doctype html><html><head><title>${esc(p.title)}</title>` +
    `<link rel="canonical" href="${esc(p.canonical)}"></head>` +
    `<body><nav><a href="/">Home</a></nav><article><h1>${esc(p.title)}</h1>` +
    p.paragraphs.map((t) => `<p>${esc(t)}</p>`).join('') +
    `</article><footer>Copyright</footer></body></html>`
  );
}

/** Three distinct, sentence-shaped paragraphs about story `n`. */
export function storyParagraphs(n: number, topic: string): string[] {
  return [
    `The council of district ${n} approved the ${topic} plan on Tuesday after a long debate that ran late.`,
    `Residents of district ${n} said the ${topic} decision would change how they travel and work for years.`,
    `Officials expect the first phase of the ${topic} work in district ${n} to begin in the spring.`,
  ];
}
