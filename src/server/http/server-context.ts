import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { SqliteHandle } from '../db/open-database';
import type { UpsertPath } from '../db/records.repository';
import type { AdminSession } from '../db/sessions.repository';
import type { DeviceIdentity } from '../db/devices.repository';
import type { RateLimiter, RateLimitRule, RateLimits } from '../rate-limit';
import type { PushReader } from '../sync/push-reader';
import { ApiError } from '../api-error';
import type { ClientIpResolver } from './client-ip';

/** What route handlers need, resolved once from `AppDeps` by `createApp`. */
export interface ServerContext {
  db: Kysely<Database>;
  /** The better-sqlite3 handle behind `db` on SQLite, for prepared-statement fast paths. */
  sqlite?: SqliteHandle | undefined;
  /** How a push writes its records fastest on this store (see `upsertRecordBatch`). */
  upsertPath?: UpsertPath | undefined;
  now: () => Date;
  /** Where push bodies are parsed and validated (see `sync/push-reader.ts`). */
  pushReader: PushReader;
  /** Counts in this process: for rules that are not `shared`. */
  rateLimiter: RateLimiter;
  /** Counts in the database, across instances: for `shared` rules. */
  sharedRateLimiter: RateLimiter;
  rateLimits: RateLimits;
  clientIp: ClientIpResolver;
}

/** Hono environment of routes behind device-token auth. */
export interface DeviceEnv {
  Variables: { device: DeviceIdentity };
}

/** Hono environment of routes behind an admin session. */
export interface AdminEnv {
  Variables: { admin: AdminSession };
}

/** Counts a hit and throws 429 `rate_limited` with `Retry-After` when over the limit. */
export async function enforceRateLimit(
  ctx: ServerContext,
  key: string,
  rule: RateLimitRule,
): Promise<void> {
  const limiter = rule.shared === true ? ctx.sharedRateLimiter : ctx.rateLimiter;
  const decision = await limiter.hit(key, rule, ctx.now());
  if (decision.allowed) return;
  throw new ApiError(
    429,
    'rate_limited',
    `Too many requests; try again in ${decision.retryAfterSeconds} seconds.`,
    undefined,
    { 'Retry-After': String(decision.retryAfterSeconds) },
  );
}
