import type { Context } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { ADMIN_PAGE_LIMITS } from '../../shared/admin/admin-api';
import type { AdminPage, SignUpAuditEntry } from '../../shared/admin/admin-api';
import { ApiError } from '../api-error';
import {
  eraseSignUp,
  getSignUp,
  listSignUpAudit,
  listSignUps,
  pagesOfSignUpsForExport,
  withdrawSignUp,
} from '../db/sign-ups.repository';
import type { StoredSignUp } from '../db/sign-ups.repository';
import { adminAuth } from '../http/admin-auth';
import { validate } from '../http/json-body';
import { afterSeq, pageLimit } from '../http/paging';
import type { AdminEnv, ServerContext } from '../http/server-context';
import { signUpsCsvStream } from '../sign-ups/sign-ups-csv';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROLS = /^[^\u0000-\u001f\u007f]*$/;

const listQuerySchema = z.object({
  q: z.optional(
    z.string().check(z.maxLength(100), z.regex(NO_CONTROLS, 'must not contain control characters')),
  ),
  withdrawn: z.optional(z.enum(['include', 'exclude'])),
  after: afterSeq,
  limit: pageLimit(),
});

const auditQuerySchema = z.object({ after: afterSeq, limit: pageLimit() });

/** A sign-up as the admin API sends it. */
function present(signUp: StoredSignUp) {
  return {
    id: signUp.id,
    receivedAt: signUp.receivedAt,
    withdrawnAt: signUp.withdrawnAt,
    deletedAt: signUp.deletedAt,
    data: JSON.parse(signUp.data) as unknown,
  };
}

/** The `:id` parameter; anything but an id's shape cannot exist (and PostgreSQL refuses NUL). */
function signUpId(c: Context<AdminEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!/^[\w-]{1,64}$/.test(id)) throw notFound();
  return id;
}

function notFound(): ApiError {
  return new ApiError(404, 'not_found', 'There is no sign-up with this id.');
}

/**
 * People who signed up to get involved, for the involvement team: list and search, a CSV
 * export, erasure and withdrawal of consent. Mounted at `/api/v1/admin/sign-ups`, every route
 * behind an admin session (and its CSRF token for changes). Search text arrives in the query
 * string, which the request log never writes (it logs the route pattern only).
 */
export function signUpRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', adminAuth(ctx));

  routes.get('/', async (c) => {
    const query = validate(listQuerySchema, c.req.query(), 'query');
    const page = await listSignUps(ctx.db, {
      organisationId: c.get('admin').organisationId,
      search: query.q,
      includeWithdrawn: query.withdrawn === 'include',
      after: Number(query.after ?? '0'),
      limit: query.limit ?? ADMIN_PAGE_LIMITS.default,
    });
    const last = page.signUps.at(-1);
    return c.json({
      signUps: page.signUps.map(present),
      next: page.hasMore && last !== undefined ? String(last.seq) : null,
    });
  });

  routes.get('/export.csv', (c) => {
    const pages = pagesOfSignUpsForExport(ctx.db, c.get('admin').organisationId);
    const day = ctx.now().toISOString().slice(0, 10);
    return c.body(signUpsCsvStream(pages), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="sign-ups-${day}.csv"`,
    });
  });

  // Registered before `/:id`, which would otherwise take "audit" for an id.
  routes.get('/audit', async (c) => {
    const query = validate(auditQuerySchema, c.req.query(), 'query');
    const page = await listSignUpAudit(ctx.db, {
      organisationId: c.get('admin').organisationId,
      after: Number(query.after ?? '0'),
      limit: query.limit ?? ADMIN_PAGE_LIMITS.default,
    });
    const last = page.entries.at(-1);
    const answer: AdminPage<'entries', SignUpAuditEntry> = {
      entries: page.entries.map(({ action, at, adminId }) => ({ action, at, adminId })),
      next: page.hasMore && last !== undefined ? String(last.seq) : null,
    };
    return c.json(answer);
  });

  routes.get('/:id', async (c) => {
    const signUp = await getSignUp(ctx.db, c.get('admin').organisationId, signUpId(c));
    if (signUp === undefined) throw notFound();
    return c.json(present(signUp));
  });

  routes.delete('/:id', async (c) => {
    const admin = c.get('admin');
    const erased = await eraseSignUp(ctx.db, {
      organisationId: admin.organisationId,
      id: signUpId(c),
      adminId: admin.adminId,
      at: ctx.now().toISOString(),
    });
    if (!erased) throw notFound();
    return c.body(null, 204);
  });

  routes.post('/:id/withdraw', async (c) => {
    const admin = c.get('admin');
    const id = signUpId(c);
    const withdrawnAt = await withdrawSignUp(ctx.db, {
      organisationId: admin.organisationId,
      id,
      adminId: admin.adminId,
      at: ctx.now().toISOString(),
    });
    if (withdrawnAt === undefined) throw notFound();
    return c.json({ id, withdrawnAt });
  });

  return routes;
}
