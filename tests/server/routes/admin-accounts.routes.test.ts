import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminSummary } from '../../../src/shared/admin/admin-api';
import { insertAdmin } from '../../../src/server/db/admins.repository';
import { UUID_V7, uuidv7 } from '../../../src/shared/ids';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  adminAgent,
  bodyOf,
  errorOf,
  jsonPost,
  sessionCookie,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

let server: TestServer;
let admin: AdminAgent;

beforeEach(async () => {
  server = await startTestServer();
  admin = await adminAgent(server);
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

function signIn(email: string, password: string): Promise<Response> {
  return server.request('/api/v1/admin/login', jsonPost({ email, password }));
}

const NEW_PASSWORD = 'a different long passphrase';

describe('POST /api/v1/admin/account/password', () => {
  it('refuses a wrong current password with a sentence, naming the field', async () => {
    const res = await admin.send('POST', '/account/password', {
      currentPassword: 'not the password',
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'validation_failed',
      message: 'The current password is not right.',
      details: [{ field: 'currentPassword', message: 'is not your current password' }],
    });
    expect((await signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it('changes it: the new password works, the old one does not, other sessions end', async () => {
    const other = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const otherCookie = sessionCookie(other);
    expect(
      (await server.request('/api/v1/admin/session', { headers: { cookie: otherCookie } })).status,
    ).toBe(200);

    const res = await admin.send('POST', '/account/password', {
      currentPassword: ADMIN_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(await bodyOf<unknown>(res)).toEqual({ status: 'changed' });

    expect((await signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(401);
    expect((await signIn(ADMIN_EMAIL, NEW_PASSWORD)).status).toBe(200);
    // This session goes on; the other one was signed out.
    expect((await admin.get('/session')).status).toBe(200);
    expect(
      (await server.request('/api/v1/admin/session', { headers: { cookie: otherCookie } })).status,
    ).toBe(401);
  });

  it('refuses a new password that is the current one, or too short', async () => {
    for (const [newPassword, field] of [
      [ADMIN_PASSWORD, 'newPassword'],
      ['short', 'newPassword'],
    ] as const) {
      const res = await admin.send('POST', '/account/password', {
        currentPassword: ADMIN_PASSWORD,
        newPassword,
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('limits attempts like sign-in does', async () => {
    await server.close();
    server = await startTestServer({ rateLimits: { login: { limit: 2, windowMs: 60_000 } } });
    admin = await adminAgent(server);
    const attempt = () =>
      admin.send('POST', '/account/password', {
        currentPassword: 'guess',
        newPassword: NEW_PASSWORD,
      });
    expect((await attempt()).status).toBe(400);
    expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });
});

describe('/api/v1/admin/admins', () => {
  it('adds an admin who can then sign in; lists admins without password hashes', async () => {
    const res = await admin.send('POST', '/admins', {
      email: '  New.Admin@Example.org ',
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(201);
    const added = await bodyOf<AdminSummary>(res);
    expect(added).toEqual({
      id: expect.stringMatching(UUID_V7) as unknown,
      email: 'new.admin@example.org',
      createdAt: server.clock.now().toISOString(),
    });
    expect((await signIn('new.admin@example.org', NEW_PASSWORD)).status).toBe(200);

    const list = await admin.get('/admins');
    const text = await list.text();
    expect(text).not.toContain('scrypt');
    const { admins } = JSON.parse(text) as { admins: AdminSummary[] };
    expect(admins.map((a) => a.email)).toEqual([ADMIN_EMAIL, 'new.admin@example.org']);
    expect(Object.keys(admins[0]!).sort()).toEqual(['createdAt', 'email', 'id']);
  });

  it('answers 409 with a sentence for an email already in use, whatever its case', async () => {
    const res = await admin.send('POST', '/admins', {
      email: ADMIN_EMAIL.toUpperCase(),
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({
      code: 'conflict',
      message: 'An administrator with this email address already exists.',
    });
  });

  it('answers an address used in another organisation exactly as one used in this one', async () => {
    const otherOrg = uuidv7();
    await server.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other trust', created_at: server.clock.now().toISOString() })
      .execute();
    await insertAdmin(server.db, {
      id: uuidv7(),
      organisationId: otherOrg,
      email: 'their.lead@example.org',
      passwordHash: 'scrypt$not-used',
      createdAt: server.clock.now().toISOString(),
    });
    const theirs = await admin.send('POST', '/admins', {
      email: 'their.lead@example.org',
      password: NEW_PASSWORD,
    });
    const ours = await admin.send('POST', '/admins', {
      email: ADMIN_EMAIL,
      password: NEW_PASSWORD,
    });
    expect(theirs.status).toBe(409);
    const error = await errorOf(theirs);
    // Nothing about whose address it is: the same answer as for one of our own.
    expect(error).toEqual(await errorOf(ours));
    expect(error.message).not.toMatch(/organi[sz]ation|trust/i);
    const { admins } = await bodyOf<{ admins: AdminSummary[] }>(await admin.get('/admins'));
    expect(admins.map((a) => a.email)).toEqual([ADMIN_EMAIL]);
  });

  it('refuses an email with control characters and a short password, naming the field', async () => {
    for (const [body, field] of [
      [{ email: 'a\u0000b@example.org', password: NEW_PASSWORD }, 'email'],
      [{ email: 'ok@example.org', password: 'short' }, 'password'],
    ] as const) {
      const res = await admin.send('POST', '/admins', body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('keeps the API’s default body limit (only surveys, outcomes and settings have their own)', async () => {
    const res = await admin.send('POST', '/admins', {
      email: 'big@example.org',
      password: NEW_PASSWORD,
      padding: 'x'.repeat(17 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('never logs an email or a password', async () => {
    await admin.send('POST', '/admins', { email: 'canary@example.org', password: NEW_PASSWORD });
    await admin.send('POST', '/account/password', {
      currentPassword: ADMIN_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    const text = server.logs.join('\n');
    for (const secret of ['canary', NEW_PASSWORD, ADMIN_PASSWORD, ADMIN_EMAIL])
      expect(text).not.toContain(secret);
  });
});
