import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * One line per request: method, the matched route pattern (`/api/v1/admin/devices/:id`, not
 * the path), status and duration. Never the path itself, query, headers or body, which can
 * carry tokens, emails or what a respondent said.
 */
export function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    log(`${c.req.method} ${routePath(c)} ${c.res.status} ${ms}ms`);
  };
}
