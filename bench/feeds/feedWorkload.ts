// Many feeds on one FeedServer, for the feed scale test and the feed bench: each feed has its own
// stories (an article page each, with a canonical URL) and also carries some of its neighbour's
// stories under other guids, the way one story shows up in several real feeds. Every story must
// end up stored once, so the caller checks the library against `expectedUrls`.
import { atom, type FeedServer, rss, storyPage, storyParagraphs, type TestItem } from './feedServer.ts';

export interface FeedWorkloadOptions {
  /** Stories of each feed, by feed index (e.g. [1000, 50, 50, ...]). */
  storiesPerFeed: number[];
  /** Stories of the next feed that each feed also carries, under its own guids. */
  sharedPerFeed: number;
  /** Serve every odd-numbered feed as Atom instead of RSS. */
  mixFormats?: boolean;
  /** Send an ETag with each feed, so an unchanged feed answers 304 to the next poll. */
  etags?: boolean;
}

export class FeedWorkload {
  /** The canonical URL of every story served, i.e. what the library must hold after a full poll. */
  readonly expectedUrls = new Set<string>();
  private readonly items: TestItem[][] = [];
  private readonly versions: number[] = [];

  constructor(
    private readonly server: FeedServer,
    private readonly opts: FeedWorkloadOptions,
  ) {
    const feeds = opts.storiesPerFeed.length;
    opts.storiesPerFeed.forEach((count, f) => {
      this.items.push([]);
      this.versions.push(1);
      for (let n = 0; n < count; n++) this.addStory(f, n, 'own');
    });
    for (let f = 0; f < feeds; f++) {
      const next = (f + 1) % feeds;
      const shared = Array.from({ length: Math.min(opts.sharedPerFeed, opts.storiesPerFeed[next]!) }, (_, n) =>
        this.item(next, n, `shared${f}`),
      );
      this.items[f]!.unshift(...shared);
      this.publish(f);
    }
  }

  get feedCount(): number {
    return this.items.length;
  }

  feedPath(f: number): string {
    return `/feed${f}.xml`;
  }

  feedUrl(f: number): string {
    return `${this.server.base}${this.feedPath(f)}`;
  }

  /** Publishes `count` new stories at the top of feed `f` (a new ETag); returns their URLs. */
  addStories(f: number, count: number): string[] {
    const start = this.items[f]!.length;
    const added = Array.from({ length: count }, (_, i) => this.addStory(f, start + i, 'own', true));
    this.versions[f]!++;
    this.publish(f);
    return added;
  }

  private item(f: number, n: number, guidPrefix: string): TestItem {
    const slug = `f${f}-s${n}`;
    return {
      guid: `${guidPrefix}:${slug}`,
      title: `Story ${n} of feed ${f}`,
      link: `${this.server.base}/news/${slug}`,
    };
  }

  private addStory(f: number, n: number, guidPrefix: string, atTop = false): string {
    const item = this.item(f, n, guidPrefix);
    this.server.routes.set(new URL(item.link).pathname, {
      body: storyPage({
        title: item.title,
        canonical: item.link,
        paragraphs: storyParagraphs(f * 100_000 + n, `topic${f}x${n}`),
      }),
    });
    this.expectedUrls.add(item.link);
    if (atTop) this.items[f]!.unshift(item);
    else this.items[f]!.push(item);
    return item.link;
  }

  private publish(f: number): void {
    const asAtom = this.opts.mixFormats && f % 2 === 1;
    this.server.routes.set(this.feedPath(f), {
      type: asAtom ? 'application/atom+xml' : 'application/rss+xml',
      body: asAtom ? atom(`Feed ${f}`, this.items[f]!) : rss(`Feed ${f}`, this.items[f]!),
      etag: this.opts.etags ? `"feed${f}-v${this.versions[f]}"` : undefined,
    });
  }
}
