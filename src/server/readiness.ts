import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { apiError } from './api-error';
import type { Database } from './db/database';

/** A database that has not answered `select 1` by then counts as not reachable. */
export const READINESS_TIMEOUT_MS = 2000;

/** What the readiness check needs. */
export interface ReadinessDeps {
  db: Kysely<Database>;
  /** True once the process is shutting down (SIGTERM): take this instance out of rotation. */
  draining?: (() => boolean) | undefined;
  timeoutMs?: number;
}

/** Resolves when `select 1` answers; rejects when it fails or takes longer than `timeoutMs`. */
async function databaseAnswers(db: Kysely<Database>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error('database did not answer in time'));
    }, timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /api/v1/ready`: may a load balancer send this instance traffic? 200 when the database
 * answers `select 1` within {@link READINESS_TIMEOUT_MS}; 503 (the API error shape) when it does
 * not, or when the instance is draining for shutdown. Unlike `/health` it reads no table, so it
 * stays cheap enough to poll every second.
 */
export function readinessRoutes(deps: ReadinessDeps): Hono {
  const routes = new Hono();
  const timeoutMs = deps.timeoutMs ?? READINESS_TIMEOUT_MS;
  routes.get('/', async (c) => {
    if (deps.draining?.() === true) {
      return apiError(c, 503, 'shutting_down', 'This server is shutting down.');
    }
    try {
      await databaseAnswers(deps.db, timeoutMs);
    } catch {
      return apiError(c, 503, 'unavailable', 'The database is not reachable.');
    }
    return c.json({ status: 'ready' });
  });
  return routes;
}
