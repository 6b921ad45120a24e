import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl, isForbiddenAddress, isHttpUrl, type FetchTestHooks } from '../../src/ingest/fetchUrl.ts';
import { expectRefused, site, STRICT } from '../helpers/fetchSite.ts';
import { startServer, stopServer, type TestServer } from '../helpers/testServer.ts';

describe('fetchUrl address policy (allowPrivate: false)', () => {
  let internal: TestServer;
  beforeAll(async () => {
    internal = await startServer('127.0.0.1', site);
  });
  afterAll(() => stopServer(internal));

  it('refuses loopback by IP literal and by name, without the request reaching the server', async () => {
    await expectRefused(
      fetchUrl(`${internal.base}/html`, STRICT),
      'forbidden_address',
      /^Refusing to fetch http:\/\/127\.0\.0\.1:\d+\/html: 127\.0\.0\.1 is a private or local address/,
    );
    // A name goes through DNS: the custom lookup rejects the answer before the socket connects.
    await expectRefused(
      fetchUrl(`http://localhost:${internal.port}/html`, STRICT),
      'forbidden_address',
      /\(127\.0\.0\.1\)/,
    );
    await expectRefused(fetchUrl(`http://[::1]:${internal.port}/`, STRICT), 'forbidden_address');
    await expectRefused(fetchUrl(`http://[::ffff:127.0.0.1]:${internal.port}/`, STRICT), 'forbidden_address');
    // WHATWG URL normalizes the decimal form to 127.0.0.1.
    await expectRefused(fetchUrl(`http://2130706433:${internal.port}/`, STRICT), 'forbidden_address');
    expect(internal.requests).toEqual([]);
  });

  it('refuses private, link-local and metadata IP literals before connecting', async () => {
    // Never connected to: the literal is checked before any socket is opened, so these fail at once
    // with forbidden_address (a connect attempt would end as fetch_failed instead).
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'https://[fd00::1]/',
      'http://[fe80::1]/',
    ]) {
      await expectRefused(fetchUrl(url, STRICT), 'forbidden_address');
    }
  });

  // A test cannot run a server on a public address, so a second loopback address (127.0.0.2) plays
  // the public site through the test-only `treatAsPublic` hook; 127.0.0.1 stays forbidden. The
  // redirects then exercise both guards on a later hop: the DNS lookup (localhost) and the IP-literal check.
  describe('redirects from a public site to private addresses', () => {
    let publicSite: TestServer;
    const hooks: FetchTestHooks = { treatAsPublic: ['127.0.0.2'] };
    beforeAll(async () => {
      publicSite = await startServer('127.0.0.2', site);
    });
    afterAll(() => stopServer(publicSite));

    it('fetches from the stand-in public site (the hook lets exactly that address through)', async () => {
      const doc = await fetchUrl(`${publicSite.base}/chain/1`, STRICT, hooks);
      expect(doc.finalUrl).toBe(`${publicSite.base}/html`);
    });

    it('refuses a redirect to localhost; the internal server never sees a request', async () => {
      const target = encodeURIComponent(`http://localhost:${internal.port}/html`);
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-localhost?target=${target}`, STRICT, hooks),
        'forbidden_address',
        /localhost:\d+\/html: localhost is a private or local address/,
      );
      const literal = encodeURIComponent(`http://127.0.0.1:${internal.port}/html`);
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-localhost?target=${literal}`, STRICT, hooks),
        'forbidden_address',
      );
      expect(internal.requests).toEqual([]);
    });

    it('refuses redirects to the metadata address and to RFC 1918', async () => {
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-metadata`, STRICT, hooks),
        'forbidden_address',
        /169\.254\.169\.254/,
      );
      await expectRefused(fetchUrl(`${publicSite.base}/to-private`, STRICT, hooks), 'forbidden_address', /10\.0\.0\.1/);
    });
  });
});

describe('fetchUrl input checks', () => {
  it('refuses non-http schemes, junk and credentials with one clear sentence', async () => {
    await expectRefused(
      fetchUrl('ftp://files.example/a.txt', STRICT),
      'unsupported',
      /^ftp: URLs are not supported; only http and https pages can be fetched\.$/,
    );
    await expectRefused(fetchUrl('file:///etc/passwd', STRICT), 'unsupported', /^file: URLs are not supported/);
    await expectRefused(fetchUrl('javascript:alert(1)', STRICT), 'unsupported', /^javascript: URLs/);
    await expectRefused(fetchUrl('not a url', STRICT), 'invalid_input', /^"not a url" is not a valid URL\.$/);
    await expectRefused(fetchUrl('http://user:secret@example.com/', STRICT), 'invalid_input', /user name or password/);
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.0.10',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    'not-an-ip',
    '[::1]',
  ])('forbids %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('isHttpUrl', () => {
  it.each([
    'https://example.com/a',
    'HTTP://EXAMPLE.COM',
    'ftp://x/y',
    'file:///etc/passwd',
    'javascript:alert(1)',
    ' https://x.org ',
  ])('%s is a URL', (s) => {
    expect(isHttpUrl(s)).toBe(true);
  });
  it.each([
    './articles/a.html',
    '/home/me/a.md',
    'C:\\articles\\a.txt',
    'notes.txt',
    'www.example.com/page',
    'notes:draft.md',
  ])('%s is a path', (s) => {
    expect(isHttpUrl(s)).toBe(false);
  });
});
