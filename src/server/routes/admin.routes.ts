import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { ADMIN_PAGE_LIMITS, loginRequestSchema } from '../../shared/admin/admin-api';
import type { AdminDevice, AdminPage } from '../../shared/admin/admin-api';
import { ApiError } from '../api-error';
import { verifyPassword } from '../auth/passwords';
import { randomToken, sha256Hex } from '../auth/tokens';
import { findAdminByEmail } from '../db/admins.repository';
import { listDevices, revokeDevice } from '../db/devices.repository';
import { listRecords } from '../db/records.repository';
import { deleteExpiredSessions, deleteSession, insertSession } from '../db/sessions.repository';
import { issueEnrolmentCode } from '../enrolment';
import { SESSION_COOKIE, adminAuth } from '../http/admin-auth';
import { rateLimitKeyForIp } from '../http/client-ip';
import { readJson, requireJson, validate } from '../http/json-body';
import { afterCursor, afterSeq, encodeCursor, pageLimit } from '../http/paging';
import { enforceRateLimit } from '../http/server-context';
import type { AdminEnv, ServerContext } from '../http/server-context';

/** Absolute session lifetime: a working day, after which the admin signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
// Control characters never belong in an email, and PostgreSQL refuses NUL in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROLS = /^[^\u0000-\u001f\u007f]*$/;

const filterValue = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(NO_CONTROLS, 'must not contain control characters'),
  );

const recordsQuerySchema = z.object({
  kind: z.optional(filterValue),
  eventId: z.optional(filterValue),
  after: afterSeq,
  limit: pageLimit(),
});

/** A device's place in the list: when it was enrolled, and its id. */
const devicesQuerySchema = z.object({
  after: afterCursor(z.tuple([z.iso.datetime(), z.string().check(z.regex(/^[\w:-]{1,64}$/))])),
  limit: pageLimit(),
});

/** Whether the browser reached us over HTTPS, directly or through a TLS-terminating proxy. */
function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',', 1)[0]?.trim().toLowerCase() === 'https';
}

/** Admin sign-in, devices, enrolment codes and collected records, mounted at `/api/v1/admin`. */
export function adminRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  const auth = adminAuth(ctx);

  routes.post(
    '/login',
    async (c, next) => {
      await enforceRateLimit(
        ctx,
        `login:${rateLimitKeyForIp(ctx.clientIp(c))}`,
        ctx.rateLimits.login,
      );
      await next();
    },
    requireJson,
    async (c) => {
      const { email, password } = await readJson(c, loginRequestSchema);
      const admin = await findAdminByEmail(ctx.db, email.toLowerCase());
      // Same work and same answer whether the email is unknown or the password wrong.
      const ok = await verifyPassword(password, admin?.passwordHash);
      if (!ok || admin === undefined) {
        throw new ApiError(401, 'invalid_credentials', 'The email address or password is wrong.');
      }
      const now = ctx.now();
      const sessionId = randomToken();
      const csrfToken = randomToken();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await deleteExpiredSessions(ctx.db, now.toISOString());
      await insertSession(ctx.db, {
        idHash: sha256Hex(sessionId),
        adminId: admin.id,
        csrfToken,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      setCookie(c, SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/api',
        secure: isHttps(c),
        maxAge: SESSION_TTL_MS / 1000,
        expires: expiresAt,
      });
      return c.json({ email: admin.email, csrfToken });
    },
  );

  routes.post('/logout', auth, async (c) => {
    await deleteSession(ctx.db, c.get('admin').idHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/api', secure: isHttps(c) });
    return c.json({ status: 'signed_out' });
  });

  routes.get('/session', auth, (c) => {
    const { email, csrfToken } = c.get('admin');
    return c.json({ email, csrfToken });
  });

  routes.post('/enrolment-codes', auth, async (c) => {
    const issued = await issueEnrolmentCode(ctx.db, c.get('admin').organisationId, ctx.now());
    return c.json(issued, 201);
  });

  routes.get('/devices', auth, async (c) => {
    const query = validate(devicesQuerySchema, c.req.query(), 'query');
    const page = await listDevices(ctx.db, {
      organisationId: c.get('admin').organisationId,
      after: query.after && { createdAt: query.after[0], id: query.after[1] },
      limit: query.limit ?? ADMIN_PAGE_LIMITS.default,
    });
    const last = page.devices.at(-1);
    const answer: AdminPage<'devices', AdminDevice> = {
      devices: page.devices,
      next: page.hasMore && last !== undefined ? encodeCursor([last.createdAt, last.id]) : null,
    };
    return c.json(answer);
  });

  routes.delete('/devices/:id', auth, async (c) => {
    const id = c.req.param('id');
    // Anything but an id's shape cannot exist; PostgreSQL would also refuse a NUL in it.
    const revokedAt = /^[\w-]{1,64}$/.test(id)
      ? await revokeDevice(ctx.db, c.get('admin').organisationId, id, ctx.now().toISOString())
      : undefined;
    if (revokedAt === undefined) {
      throw new ApiError(404, 'not_found', 'There is no device with this id.');
    }
    return c.json({ id, revokedAt });
  });

  routes.get('/records', auth, async (c) => {
    const query = validate(recordsQuerySchema, c.req.query(), 'query');
    const page = await listRecords(ctx.db, {
      organisationId: c.get('admin').organisationId,
      kind: query.kind,
      eventId: query.eventId,
      after: Number(query.after ?? '0'),
      limit: query.limit ?? ADMIN_PAGE_LIMITS.default,
    });
    const last = page.records.at(-1);
    return c.json({
      records: page.records.map((record) => ({
        ...record,
        data: JSON.parse(record.data) as unknown,
      })),
      next: page.hasMore && last !== undefined ? String(last.seq) : null,
    });
  });

  return routes;
}
