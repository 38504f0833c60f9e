/**
 * Rate limiting, behind a port so the store can change. The in-memory implementation below
 * counts per process: with several server instances behind a load balancer each allows the
 * full rate. A later issue moves the counters into the database so instances share them.
 */

/** How many hits a key may make per window. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
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
  login: { limit: 10, windowMs: 60_000 },
  enrol: { limit: 10, windowMs: 60_000 },
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
