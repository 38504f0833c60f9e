import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIpResolver, rateLimitKeyForIp } from '../../../src/server/http/client-ip';

describe('client addresses', () => {
  function context(forwardedFor?: string): Context {
    const headers = new Headers();
    if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor);
    return { req: { header: (name: string) => headers.get(name) ?? undefined }, env: {} } as never;
  }

  it('ignore X-Forwarded-For unless proxies are trusted', () => {
    expect(clientIpResolver(0)(context('1.2.3.4'))).toBe('unknown');
  });

  it('take the address the nearest trusted proxy saw', () => {
    expect(clientIpResolver(1)(context('6.6.6.6, 1.2.3.4'))).toBe('1.2.3.4');
    expect(clientIpResolver(2)(context('6.6.6.6, 1.2.3.4, 10.0.0.2'))).toBe('1.2.3.4');
    // Fewer entries than proxies: the header was not written by them, so it is not trusted
    // and the socket address is used (none here, under app.request).
    expect(clientIpResolver(2)(context('1.2.3.4'))).toBe('unknown');
  });

  it('limit IPv6 clients per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(rateLimitKeyForIp('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyForIp('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyForIp('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKeyForIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKeyForIp('192.0.2.1')).toBe('192.0.2.1');
  });
});
