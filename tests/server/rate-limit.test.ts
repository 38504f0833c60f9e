import { describe, expect, it } from 'vitest';
import { DatabaseRateLimiter, InMemoryRateLimiter } from '../../src/server/rate-limit';
import { openTestDatabase } from './server-test-kit';

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

describe('DatabaseRateLimiter', () => {
  it('counts hits in the database, so every server instance on it sees them', async () => {
    const database = await openTestDatabase();
    try {
      // Two instances: two limiters (as two processes would have), one database.
      const a = new DatabaseRateLimiter(database.db);
      const b = new DatabaseRateLimiter(database.db);
      expect(await a.hit('login:203.0.113.9', rule, t0)).toEqual({ allowed: true });
      expect(await b.hit('login:203.0.113.9', rule, after(1000))).toEqual({ allowed: true });
      expect(await a.hit('login:203.0.113.9', rule, after(2500))).toEqual({
        allowed: false,
        retryAfterSeconds: 8,
      });
      expect(await b.hit('login:198.51.100.4', rule, after(2500))).toEqual({ allowed: true });
      // A new window starts afresh.
      expect(await b.hit('login:203.0.113.9', rule, after(10_000))).toEqual({ allowed: true });
    } finally {
      await database.close();
    }
  });

  it('loses no hit when instances count the same key at once', async () => {
    const database = await openTestDatabase();
    try {
      const limiters = [new DatabaseRateLimiter(database.db), new DatabaseRateLimiter(database.db)];
      const wide = { limit: 25, windowMs: 60_000 };
      const decisions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => limiters[i % 2]!.hit('enrol:192.0.2.1', wide, t0)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    } finally {
      await database.close();
    }
  });

  it('keeps no address in the clear', async () => {
    const database = await openTestDatabase();
    try {
      await new DatabaseRateLimiter(database.db).hit('login:203.0.113.9', rule, t0);
      const rows = await database.db.selectFrom('rate_limits').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain('203.0.113.9');
    } finally {
      await database.close();
    }
  });

  it('deletes windows that ended long ago', async () => {
    const database = await openTestDatabase();
    try {
      const limiter = new DatabaseRateLimiter(database.db);
      await limiter.hit('login:old', rule, t0);
      await limiter.hit('login:new', rule, after(2 * 60 * 60 * 1000));
      const keys = await database.db.selectFrom('rate_limits').select('hits').execute();
      expect(keys).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
