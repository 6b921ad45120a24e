// The address guard of URL ingest: which URLs may be fetched and which addresses their sockets may
// reach, so that Quoth cannot become a proxy into the host's own network (SSRF).
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { QuothError } from '../shared/errors.ts';

/**
 * True for any address a fetch must not reach: loopback, RFC 1918, CGNAT, link-local (incl. cloud
 * metadata 169.254.169.254), unspecified, multicast, broadcast, reserved/documentation ranges, IPv6
 * ULA, and IPv4-mapped forms of these. Only ipaddr.js's plain 'unicast' range is allowed: NAT64/6to4/
 * Teredo addresses embed an IPv4 address that could be private, so they are refused too (fail closed).
 * Unparseable input is forbidden.
 */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(bare)) return true;
  // process() turns ::ffff:a.b.c.d into the IPv4 address so the IPv4 ranges apply to it.
  const addr = ipaddr.process(bare);
  // The deprecated IPv4-compatible form ::a.b.c.d (URL parsing turns [::127.0.0.1] into [::7f00:1])
  // reaches a.b.c.d on some stacks, and ipaddr.js calls it unicast: judge the IPv4 address inside.
  if (addr.kind() === 'ipv6') {
    const parts = (addr as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((p) => p === 0)) {
      const [hi, lo] = [parts[6]!, parts[7]!];
      return ipaddr.IPv4.parse(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`).range() !== 'unicast';
    }
  }
  return addr.range() !== 'unicast';
}

/** Which addresses a fetch may connect to: public ones, plus what the options and test hooks let through. */
export function addressPolicy(allowPrivate: boolean, treatAsPublic: readonly string[] = []): (ip: string) => boolean {
  const publicForTests = new Set(treatAsPublic.map(canonicalIp));
  return (ip) => allowPrivate || publicForTests.has(canonicalIp(ip)) || !isForbiddenAddress(ip);
}

/**
 * The DNS lookup of one request: every answer is checked against the address policy at connect
 * time, so a DNS answer that changes between a check and the connection (rebinding) cannot slip
 * through. IP-literal hosts skip lookup, so they are checked here, before any connection.
 */
export function guardedLookup(url: URL, isAllowed: (ip: string) => boolean): net.LookupFunction {
  // Including normalized forms like http://2130706433/.
  const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (net.isIP(literal) && !isAllowed(literal)) throw forbidden(url, literal);

  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const refused = addresses.find((a) => !isAllowed(a.address));
      // Refuse if any answer is forbidden: picking only the allowed ones would still let an attacker
      // who controls DNS mix a private address into a rotation.
      if (refused) return callback(forbidden(url, refused.address) as NodeJS.ErrnoException, '');
      if (addresses.length === 0) return callback(Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Parses `raw` (relative to `base` for redirects) and refuses anything but credential-free http(s). */
export function parseFetchableUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    throw new QuothError(`"${truncate(raw, 80)}" is not a valid URL.`, 'invalid_input');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const what = base ? `${base.href} redirects to a ${url.protocol} URL` : `${url.protocol} URLs are not supported`;
    throw new QuothError(`${what}; only http and https pages can be fetched.`, 'unsupported');
  }
  if (url.username || url.password) {
    throw new QuothError('URLs with a user name or password in them are not fetched.', 'invalid_input');
  }
  return url;
}

export function forbidden(url: URL, address: string): QuothError {
  return new QuothError(
    `Refusing to fetch ${url.href}: ${url.hostname} is a private or local address (${address}).`,
    'forbidden_address',
  );
}

export function canonicalIp(ip: string): string {
  return ipaddr.isValid(ip) ? ipaddr.process(ip).toString() : ip;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
