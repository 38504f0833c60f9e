import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../api-error';
import { TOKEN_PATTERN, secretsEqual, sha256Hex } from '../auth/tokens';
import { findLiveSession } from '../db/sessions.repository';
import type { AdminEnv, ServerContext } from './server-context';

/** Name of the admin session cookie (HttpOnly, SameSite=Strict, Path=/api). */
export const SESSION_COOKIE = 'involve_session';
/** Header carrying the session's CSRF token on every admin request that changes something. */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request that carries a device's bearer token (403 `forbidden`). A device token
 * may push and pull for its organisation, nothing else; refusing outright, before any
 * session is looked at, means a tablet's credentials can never reach collected data even
 * alongside a stolen cookie.
 */
export const refuseDeviceTokens: MiddlewareHandler = async (c, next) => {
  refuseBearer(c.req.header('authorization'));
  await next();
};

function refuseBearer(authorization: string | undefined): void {
  if (/^bearer(\s|$)/i.test(authorization ?? '')) {
    throw new ApiError(
      403,
      'forbidden',
      'A device token cannot be used for the admin console. Sign in as an administrator instead.',
    );
  }
}

/**
 * Refuses device tokens ({@link refuseDeviceTokens}), then requires a live admin session
 * cookie (401 otherwise) and, for anything but a read, the session's CSRF token in
 * `X-CSRF-Token` (403 `csrf_failed`). SameSite=Strict already keeps the cookie off cross-site
 * requests; the token is the second lock for older browsers and same-site subdomains. Sets
 * `admin`.
 */
export function adminAuth(ctx: ServerContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    refuseBearer(c.req.header('authorization'));
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session =
      sessionId !== undefined && TOKEN_PATTERN.test(sessionId)
        ? await findLiveSession(ctx.db, sha256Hex(sessionId), ctx.now().toISOString())
        : undefined;
    if (session === undefined) {
      throw new ApiError(401, 'unauthorized', 'Sign in as an administrator to do this.');
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!secretsEqual(sent, session.csrfToken)) {
        throw new ApiError(
          403,
          'csrf_failed',
          `The ${CSRF_HEADER} header is missing or does not match this session.`,
        );
      }
    }
    c.set('admin', session);
    await next();
  };
}
