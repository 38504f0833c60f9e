/**
 * Rate limiting, behind a port so the store can change. Limits that guard secrets (admin
 * sign-in, password changes, enrolment codes) are `shared`: counted in the database, so several
 * server instances behind a load balancer allow the rate once between them, not once each. The
 * per-device limit on push and pull only stops a runaway sync loop, so it is counted in each
 * process, where it costs nothing: with N instances a device may make up to N times as many
 * requests before it is slowed, which is harmless.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { sha256Hex } from './auth/tokens';
import type { Database } from './db/database';

/** How many hits a key may make per window. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
  /** Counted in the database, across every server instance, rather than in this process. */
  shared?: boolean;
}

/** The answer to one hit: allowed, or refused with how long to wait. */
export type RateLimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Whole seconds until the window resets: the `Retry-After` value. */
      retryAfterSeconds: number;
    };

/** Counts a hit for `key` under `rule` and says whether it is within the limit. */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule, now: Date): Promise<RateLimitDecision>;
}

/** The limits the app applies; inject others (tests, benchmarks) through `AppDeps`. */
export interface RateLimits {
  /** Per client IP, on admin login: slows password guessing. */
  login: RateLimitRule;
  /** Per client IP, on device enrolment: slows code guessing. */
  enrol: RateLimitRule;
  /** Per device, on push and pull: generous, it only stops a runaway sync loop. */
  device: RateLimitRule;
}

/** Production limits: per IP for login and enrolment, per device for sync. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { limit: 10, windowMs: 60_000, shared: true },
  enrol: { limit: 10, windowMs: 60_000, shared: true },
  device: { limit: 1200, windowMs: 60_000 },
};

/** Above this many keys, windows that have ended are swept out on the next hit. */
const SWEEP_THRESHOLD = 10_000;

/** Fixed-window counters in a Map: simple, and a burst at a window edge is acceptable here. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { endsAt: number; count: number }>();
  private lastSweepAt = 0;

  hit(key: string, rule: RateLimitRule, now: Date): Promise<RateLimitDecision> {
    const at = now.getTime();
    // At most one sweep a second, so a flood of distinct keys cannot make every hit O(n).
    if (this.windows.size > SWEEP_THRESHOLD && at - this.lastSweepAt >= 1000) this.sweep(at);
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= at) {
      window = { endsAt: at + rule.windowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= rule.limit) return Promise.resolve({ allowed: true });
    return Promise.resolve({
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - at) / 1000)),
    });
  }

  private sweep(at: number): void {
    this.lastSweepAt = at;
    for (const [key, window] of this.windows) {
      if (window.endsAt <= at) this.windows.delete(key);
    }
  }
}

/** Windows ended this long ago are deleted, now and then, by a later hit. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Fixed-window counters in `rate_limits`, one upsert per hit: every instance on the database
 * sees every hit. For the low-volume routes that guard secrets; keys are stored hashed.
 */
export class DatabaseRateLimiter implements RateLimiter {
  private lastSweepAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async hit(key: string, rule: RateLimitRule, now: Date): Promise<RateLimitDecision> {
    const at = now.getTime();
    const windowStart = Math.floor(at / rule.windowMs) * rule.windowMs;
    // One statement, so two instances counting the same key at once cannot lose a hit.
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key_hash: sha256Hex(key), window_start: windowStart, hits: 1 })
      .onConflict((oc) =>
        oc.column('key_hash').doUpdateSet({
          hits: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.hits + 1 else 1 end`,
          window_start: (eb) => eb.ref('excluded.window_start'),
        }),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    if (at - this.lastSweepAt > STALE_AFTER_MS) {
      this.lastSweepAt = at;
      await this.db
        .deleteFrom('rate_limits')
        .where('window_start', '<', at - STALE_AFTER_MS)
        .execute();
    }
    if (row.hits <= rule.limit) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - at) / 1000)),
    };
  }
}
