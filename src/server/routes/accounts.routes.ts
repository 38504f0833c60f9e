import { Hono } from 'hono';
import {
  changePasswordSchema,
  newAdminSchema,
  type AdminSummary,
} from '../../shared/admin/admin-api';
import { uuidv7 } from '../../shared/ids';
import { ApiError } from '../api-error';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { findAdminById, insertAdmin, listAdmins, setPasswordHash } from '../db/admins.repository';
import { deleteOtherSessions } from '../db/sessions.repository';
import { adminAuth } from '../http/admin-auth';
import { readJson, requireJson } from '../http/json-body';
import type { FieldProblem } from '../http/json-body';
import { enforceRateLimit } from '../http/server-context';
import type { AdminEnv, ServerContext } from '../http/server-context';

// Control characters never belong in an email, and PostgreSQL refuses NUL in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function invalid(message: string, problem: FieldProblem): ApiError {
  return new ApiError(400, 'validation_failed', message, [problem]);
}

/**
 * The signed-in admin's own account, mounted at `/api/v1/admin/account`: changing the
 * password (the current one first, limited like sign-in so a left-open session cannot be used
 * to guess it). Other sessions of the admin end with the change.
 */
export function accountRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', adminAuth(ctx));

  routes.post('/password', requireJson, async (c) => {
    const session = c.get('admin');
    await enforceRateLimit(ctx, `password:${session.adminId}`, ctx.rateLimits.login);
    const { currentPassword, newPassword } = await readJson(c, changePasswordSchema);
    const admin = await findAdminById(ctx.db, session.adminId);
    const ok = await verifyPassword(currentPassword, admin?.passwordHash);
    if (!ok || admin === undefined) {
      throw invalid('The current password is not right.', {
        field: 'currentPassword',
        message: 'is not your current password',
      });
    }
    if (newPassword === currentPassword) {
      throw invalid('The new password must be different from the current one.', {
        field: 'newPassword',
        message: 'must be different from the current password',
      });
    }
    await setPasswordHash(ctx.db, admin.id, await hashPassword(newPassword));
    // Anyone else holding a session of this account (a stolen cookie, a forgotten desk) is
    // signed out; this session goes on.
    await deleteOtherSessions(ctx.db, admin.id, session.idHash);
    return c.json({ status: 'changed' as const });
  });

  return routes;
}

/** The organisation's administrators, mounted at `/api/v1/admin/admins`: list, and add one. */
export function adminsRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', adminAuth(ctx));

  routes.get('/', async (c) => {
    const admins: AdminSummary[] = await listAdmins(ctx.db, c.get('admin').organisationId);
    return c.json({ admins });
  });

  routes.post('/', requireJson, async (c) => {
    const input = await readJson(c, newAdminSchema);
    if (CONTROL.test(input.email)) {
      throw invalid('email: must not contain control characters', {
        field: 'email',
        message: 'must not contain control characters',
      });
    }
    const admin: AdminSummary = {
      id: uuidv7(ctx.now().getTime()),
      email: input.email.toLowerCase(),
      createdAt: ctx.now().toISOString(),
    };
    const created = await insertAdmin(ctx.db, {
      ...admin,
      organisationId: c.get('admin').organisationId,
      passwordHash: await hashPassword(input.password),
    });
    if (!created) {
      // Emails are unique across the server, not per organisation (sign-in finds the admin by
      // email alone). The answer says no more than that the address is taken: never whether
      // it belongs to this organisation or to another.
      throw new ApiError(
        409,
        'conflict',
        'An administrator with this email address already exists.',
      );
    }
    return c.json(admin, 201);
  });

  return routes;
}
