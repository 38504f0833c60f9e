import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** Finds the address a request came from, for per-IP rate limits. */
export type ClientIpResolver = (c: Context) => string;

/**
 * Resolves the client address. With `trustedProxyHops` = 0 it is the socket's peer. Behind
 * n reverse proxies (a load balancer, say), each appending to `X-Forwarded-For`, it is the
 * n-th entry from the right: entries further left are whatever the client chose to send.
 */
export function clientIpResolver(trustedProxyHops: number): ClientIpResolver {
  return (c) => {
    if (trustedProxyHops > 0) {
      const forwarded = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      // Fewer entries than proxies means the request did not come through them all: the
      // header is the client's own word, so fall back to the socket address below.
      const hop = forwarded[forwarded.length - trustedProxyHops];
      if (hop !== undefined) return hop;
    }
    return socketAddress(c) ?? 'unknown';
  };
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // No Node socket behind the request (Hono's app.request in tests).
    return undefined;
  }
}

/**
 * The key an address is limited under. One IPv6 host usually owns a whole /64, so limiting
 * single addresses would let it rotate through 2^64 of them.
 */
export function rateLimitKeyForIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const groups = expandIpv6(ip);
  return groups === undefined ? ip : `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIpv6(ip: string): string[] | undefined {
  const [head = '', tail, extra] = ip.split('::');
  if (extra !== undefined) return undefined;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => g.toLowerCase());
}
