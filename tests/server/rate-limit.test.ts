import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter } from '../../src/server/rate-limit';

const rule = { limit: 2, windowMs: 10_000 };
const t0 = new Date('2026-11-21T09:00:00.000Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

describe('InMemoryRateLimiter', () => {
  it('allows the limit per window, then says when to retry', async () => {
    const limiter = new InMemoryRateLimiter();
    expect(await limiter.hit('k', rule, t0)).toEqual({ allowed: true });
    expect(await limiter.hit('k', rule, after(1000))).toEqual({ allowed: true });
    expect(await limiter.hit('k', rule, after(2500))).toEqual({
      allowed: false,
      retryAfterSeconds: 8,
    });
    expect(await limiter.hit('other', rule, after(2500))).toEqual({ allowed: true });
    expect(await limiter.hit('k', rule, after(10_000))).toEqual({ allowed: true });
  });

  it('forgets ended windows once many keys pile up', async () => {
    const limiter = new InMemoryRateLimiter();
    for (let i = 0; i <= 10_001; i++) await limiter.hit(`ip-${i}`, rule, t0);
    await limiter.hit('late', rule, after(20_000));
    expect(await limiter.hit('ip-1', rule, after(20_000))).toEqual({ allowed: true });
  });
});
