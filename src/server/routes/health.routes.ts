import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { apiError } from '../api-error';
import type { Database } from '../db/database';

/**
 * `GET /api/v1/health`: the version, so a device can tell which server it talks to, and a
 * database round trip, so a load balancer takes an instance that lost its database out.
 */
export function healthRoutes(deps: { db: Kysely<Database>; version: string }): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => {
    try {
      await deps.db.selectFrom('organisations').select('id').limit(1).execute();
    } catch {
      return apiError(c, 503, 'unavailable', 'The database is not reachable.');
    }
    return c.json({ status: 'ok', version: deps.version, database: 'ok' });
  });
  return routes;
}
