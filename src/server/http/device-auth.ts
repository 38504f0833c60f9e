import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error';
import { TOKEN_PATTERN, sha256Hex } from '../auth/tokens';
import { findDeviceByTokenHash } from '../db/devices.repository';
import { enforceRateLimit } from './server-context';
import type { DeviceEnv, ServerContext } from './server-context';

/** The message a revoked device shows; the client may display it as it is. */
export const DEVICE_REVOKED_MESSAGE = "This device's access was removed by an administrator.";

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="involve"' };

function invalidToken(): ApiError {
  return new ApiError(
    401,
    'invalid_token',
    'This device is not enrolled, or its token is not valid.',
    undefined,
    CHALLENGE,
  );
}

/**
 * Authenticates a device by `Authorization: Bearer <token>` (never a URL parameter, which
 * would end up in logs and history), then applies the per-device rate limit. Sets `device`.
 */
export function deviceAuth(ctx: ServerContext): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    const token = match?.[1];
    // A malformed token cannot match any hash; skip the lookup.
    if (token === undefined || !TOKEN_PATTERN.test(token)) throw invalidToken();
    const device = await findDeviceByTokenHash(ctx.db, sha256Hex(token));
    if (device === undefined) throw invalidToken();
    if (device.revokedAt !== null) {
      throw new ApiError(401, 'device_revoked', DEVICE_REVOKED_MESSAGE, undefined, CHALLENGE);
    }
    await enforceRateLimit(ctx, `device:${device.id}`, ctx.rateLimits.device);
    c.set('device', device);
    await next();
  };
}
