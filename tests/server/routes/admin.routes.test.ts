import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDevice } from '../../../src/server/db/devices.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { SESSION_TTL_MS } from '../../../src/server/routes/admin.routes';
import { uuidv7 } from '../../../src/shared/ids';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  bodyOf,
  envelope,
  errorOf,
  jsonPost,
  sessionCookie,
  startTestServer,
  type TestServer,
} from '../server-test-kit';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

function login(body: unknown, url = '/api/v1/admin/login') {
  return server.request(url, jsonPost(body));
}

describe('POST /api/v1/admin/login', () => {
  it('signs in: email, CSRF token and a strict HttpOnly session cookie', async () => {
    await server.createAdmin();
    const res = await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const body = await bodyOf<{ email: string; csrfToken: string }>(res);
    expect(body).toEqual({ email: ADMIN_EMAIL, csrfToken: expect.any(String) as unknown });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^involve_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api(;|$)/);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    // Only the hash of the session id is stored.
    const value = sessionCookie(res).split('=')[1]!;
    const sessions = await server.db.selectFrom('admin_sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(value);
  });

  it('marks the cookie Secure over HTTPS, directly or behind a TLS proxy', async () => {
    await server.createAdmin();
    const direct = await login(
      { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      'https://involve.example/api/v1/admin/login',
    );
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
    const proxied = await server.request(
      '/api/v1/admin/login',
      jsonPost({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, { 'X-Forwarded-Proto': 'https' }),
    );
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('matches the email whatever its case', async () => {
    await server.createAdmin();
    const res = await login({ email: ` ${ADMIN_EMAIL.toUpperCase()} `, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers wrong password and unknown email alike: 401 invalid_credentials', async () => {
    await server.createAdmin();
    const wrong = await login({ email: ADMIN_EMAIL, password: 'not the password' });
    const unknown = await login({ email: 'nobody@example.org', password: ADMIN_PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual(b);
    expect(a.code).toBe('invalid_credentials');
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    ['a missing password', { email: ADMIN_EMAIL }, 'password'],
    ['a missing email', { password: ADMIN_PASSWORD }, 'email'],
    ['an email with a NUL', { email: 'a\u0000@example.org', password: 'x' }, 'email'],
    ['a huge password', { email: ADMIN_EMAIL, password: 'x'.repeat(1025) }, 'password'],
  ])('answers 400 validation_failed for %s', async (_, body, field) => {
    const res = await login(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 415 to a form post and 400 invalid_json to broken JSON', async () => {
    const form = await server.request('/api/v1/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(form.status).toBe(415);
    const broken = await server.request('/api/v1/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email":',
    });
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).code).toBe('invalid_json');
  });

  it('limits sign-in attempts per client address', async () => {
    await server.close();
    server = await startTestServer({ rateLimits: { login: { limit: 3, windowMs: 60_000 } } });
    await server.createAdmin();
    for (let i = 0; i < 3; i++) {
      expect((await login({ email: ADMIN_EMAIL, password: 'guess' })).status).toBe(401);
    }
    const limited = await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    server.clock.advance(60_000);
    expect((await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('never logs the email or password', async () => {
    await server.createAdmin();
    await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await login({ email: ADMIN_EMAIL, password: 'wrong password' });
    const log = server.logs.join('\n');
    expect(log).not.toContain(ADMIN_EMAIL);
    expect(log).not.toContain('password');
    expect(server.logs).toEqual([
      expect.stringMatching(/^POST \/api\/v1\/admin\/login 200 \d+ms$/) as unknown,
      expect.stringMatching(/^POST \/api\/v1\/admin\/login 401 \d+ms$/) as unknown,
    ]);
  });
});

describe('admin session', () => {
  it('GET /session answers the signed-in admin and CSRF token, or 401', async () => {
    const { cookie, csrfToken } = await server.login();
    const res = await server.request('/api/v1/admin/session', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ email: ADMIN_EMAIL, csrfToken });

    expect((await server.request('/api/v1/admin/session')).status).toBe(401);
    const forged = await server.request('/api/v1/admin/session', {
      headers: { cookie: `involve_session=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe('unauthorized');
  });

  it('expires 12 hours after sign-in', async () => {
    const { cookie } = await server.login();
    server.clock.advance(SESSION_TTL_MS - 60_000);
    expect((await server.request('/api/v1/admin/session', { headers: { cookie } })).status).toBe(
      200,
    );
    server.clock.advance(60_000);
    const expired = await server.request('/api/v1/admin/devices', { headers: { cookie } });
    expect(expired.status).toBe(401);
  });

  it('logout ends the session and clears the cookie; it needs the CSRF token', async () => {
    const { cookie, csrfToken } = await server.login();
    const withoutToken = await server.request('/api/v1/admin/logout', {
      method: 'POST',
      headers: { cookie },
    });
    expect(withoutToken.status).toBe(403);
    const res = await server.request('/api/v1/admin/logout', {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^involve_session=;.*Max-Age=0/);
    expect((await server.request('/api/v1/admin/session', { headers: { cookie } })).status).toBe(
      401,
    );
  });
});

describe('CSRF protection', () => {
  it.each([
    ['missing', undefined],
    ['wrong', 'A'.repeat(43)],
    ['empty', ''],
  ])('answers 403 csrf_failed when the token is %s', async (_, header) => {
    const { cookie } = await server.login();
    const headers: Record<string, string> = { cookie };
    if (header !== undefined) headers['X-CSRF-Token'] = header;
    const res = await server.request('/api/v1/admin/enrolment-codes', { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_failed');
    expect(await server.db.selectFrom('enrolment_codes').select('code_hash').execute()).toEqual([]);
  });

  it('guards DELETE as well', async () => {
    const { cookie } = await server.login();
    const { deviceId } = await server.enrolDevice();
    const res = await server.request(`/api/v1/admin/devices/${deviceId}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(res.status).toBe(403);
  });

  it('does not accept a token from another session', async () => {
    const first = await server.login();
    const second = await server.login();
    const res = await server.request('/api/v1/admin/enrolment-codes', {
      method: 'POST',
      headers: { cookie: first.cookie, 'X-CSRF-Token': second.csrfToken },
    });
    expect(res.status).toBe(403);
  });
});

describe('POST /api/v1/admin/enrolment-codes', () => {
  it('makes a readable one-time code valid for 24 hours that enrols a device', async () => {
    const { cookie, csrfToken } = await server.login();
    const res = await server.request('/api/v1/admin/enrolment-codes', {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(res.status).toBe(201);
    const { code, expiresAt } = await bodyOf<{ code: string; expiresAt: string }>(res);
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{5}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{5}$/);
    expect(expiresAt).toBe('2026-11-22T09:00:00.000Z');
    const stored = await server.db.selectFrom('enrolment_codes').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(code.replace('-', ''));
    const enrol = await server.request('/api/v1/devices/enrol', jsonPost({ code, name: 'Tab' }));
    expect(enrol.status).toBe(201);
  });

  it('needs a session', async () => {
    const res = await server.request('/api/v1/admin/enrolment-codes', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('admin devices', () => {
  it('lists devices with what they last reported', async () => {
    const { cookie } = await server.login();
    const first = await server.enrolDevice('Blue iPad');
    server.clock.advance(1000);
    await server.enrolDevice('Red iPad');
    server.clock.advance(1000);
    await server.push(first.token, [envelope(makeNote())], {
      'X-Involve-App-Version': '1.4.0',
      'X-Involve-Outbox-Count': '3',
    });
    const res = await server.request('/api/v1/admin/devices', { headers: { cookie } });
    expect(res.status).toBe(200);
    const { devices } = await bodyOf<{ devices: Record<string, unknown>[] }>(res);
    expect(devices.map((d) => d.name)).toEqual(['Red iPad', 'Blue iPad']);
    expect(devices[1]).toEqual({
      id: first.deviceId,
      name: 'Blue iPad',
      createdAt: '2026-11-21T09:00:00.000Z',
      lastSeenAt: '2026-11-21T09:00:02.000Z',
      revokedAt: null,
      appVersion: '1.4.0',
      outboxCount: 3,
    });
    expect(devices[0]).toMatchObject({ lastSeenAt: null, appVersion: null, outboxCount: null });
  });

  it('revokes a device: 200 with the time, idempotent, and the token stops working', async () => {
    const { cookie, csrfToken } = await server.login();
    const { deviceId, token } = await server.enrolDevice();
    const revoke = () =>
      server.request(`/api/v1/admin/devices/${deviceId}`, {
        method: 'DELETE',
        headers: { cookie, 'X-CSRF-Token': csrfToken },
      });
    const res = await revoke();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: deviceId, revokedAt: '2026-11-21T09:00:00.000Z' });
    server.clock.advance(5000);
    expect(await (await revoke()).json()).toEqual({
      id: deviceId,
      revokedAt: '2026-11-21T09:00:00.000Z',
    });
    expect((await errorOf(await server.push(token, [envelope(makeNote())]))).code).toBe(
      'device_revoked',
    );
  });

  it.each([uuidv7(), 'x'.repeat(65), 'bad%00id'])(
    'answers 404 to revoking the unknown device %s',
    async (id) => {
      const { cookie, csrfToken } = await server.login();
      const res = await server.request(`/api/v1/admin/devices/${id}`, {
        method: 'DELETE',
        headers: { cookie, 'X-CSRF-Token': csrfToken },
      });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    },
  );

  it('needs a session to list', async () => {
    expect((await server.request('/api/v1/admin/devices')).status).toBe(401);
  });

  it('pages newest first with a next cursor; each device once, ties in time by id', async () => {
    const { cookie } = await server.login();
    const names: string[] = [];
    for (let n = 1; n <= 7; n++) {
      // Pairs enrolled in the same millisecond: the cursor must still split them right.
      if (n % 2 === 1) server.clock.advance(1000);
      names.push(`Tablet ${n}`);
      await server.enrolDevice(`Tablet ${n}`);
    }
    const listed: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${after === null ? '' : `&after=${after}`}`;
      const res = await server.request(`/api/v1/admin/devices${query}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const page = await bodyOf<{ devices: { name: string }[]; next: string | null }>(res);
      listed.push(...page.devices.map((d) => d.name));
      after = page.next;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(new Set(listed).size).toBe(7);
    const rows = await server.db
      .selectFrom('devices')
      .select(['name', 'created_at', 'id'])
      .where('name', 'like', 'Tablet %')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(listed).toEqual(rows.map((r) => r.name));
    expect([...listed].sort()).toEqual([...names].sort());
  });

  it('lists 100 at a time by default; a device enrolled between pages is not repeated', async () => {
    const { cookie } = await server.login();
    // Straight into the table: enrolling 101 over HTTP would meet the enrolment rate limit.
    const organisation = await getDefaultOrganisation(server.db);
    for (let n = 0; n < 101; n++) {
      await insertDevice(server.db, {
        id: uuidv7(),
        organisationId: organisation.id,
        name: `Tablet ${n}`,
        tokenHash: `hash-${n}`,
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString(),
      });
    }
    const get = async (query: string) => {
      const res = await server.request(`/api/v1/admin/devices${query}`, { headers: { cookie } });
      return bodyOf<{ devices: { id: string }[]; next: string | null }>(res);
    };
    const first = await get('');
    expect(first.devices).toHaveLength(100);
    expect(first.next).not.toBeNull();
    server.clock.advance(1000);
    await server.enrolDevice('Late');
    const second = await get(`?after=${first.next!}`);
    expect(second.devices).toHaveLength(1);
    expect(second.next).toBeNull();
    expect(first.devices.map((d) => d.id)).not.toContain(second.devices[0]!.id);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?after=2', 'after'],
    ['?after=bm90IGpzb24', 'after'],
    [`?after=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'after'],
    ['?after=a%00b', 'after'],
  ])('answers 400 validation_failed to %s', async (query, field) => {
    const { cookie } = await server.login();
    const res = await server.request(`/api/v1/admin/devices${query}`, { headers: { cookie } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('GET /api/v1/admin/records', () => {
  interface Page {
    records: { seq: number; id: string; kind: string; eventId: string; data: unknown }[];
    next: string | null;
  }

  async function page(cookie: string, query: string): Promise<Page> {
    const res = await server.request(`/api/v1/admin/records${query}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return bodyOf<Page>(res);
  }

  it('pages through records by seq with a next cursor', async () => {
    const { cookie } = await server.login();
    const { token, deviceId } = await server.enrolDevice();
    const event = makeEvent();
    const notes = Array.from({ length: 4 }, () => makeNote({ eventId: event.id }));
    await server.push(token, [event, ...notes].map(envelope));

    const first = await page(cookie, '?limit=2');
    expect(first.records.map((r) => r.id)).toEqual([event.id, notes[0]!.id]);
    expect(first.records[0]).toEqual({
      seq: 1,
      id: event.id,
      kind: 'event',
      schemaVersion: 1,
      eventId: event.id,
      deviceId,
      receivedAt: '2026-11-21T09:00:00.000Z',
      data: event,
    });
    expect(first.next).toBe('2');
    const second = await page(cookie, `?limit=2&after=${first.next!}`);
    expect(second.records.map((r) => r.id)).toEqual([notes[1]!.id, notes[2]!.id]);
    const third = await page(cookie, `?limit=2&after=${second.next!}`);
    expect(third.records.map((r) => r.id)).toEqual([notes[3]!.id]);
    expect(third.next).toBeNull();
  });

  it('filters by kind and event, and defaults to 100 per page', async () => {
    const { cookie } = await server.login();
    const { token } = await server.enrolDevice();
    const [a, b] = [makeEvent(), makeEvent()];
    const notesA = Array.from({ length: 3 }, () => makeNote({ eventId: a.id }));
    const noteB = makeNote({ eventId: b.id });
    await server.push(token, [a, b, ...notesA, noteB].map(envelope));

    expect((await page(cookie, '?kind=event')).records.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(
      (await page(cookie, `?kind=workshop-note&eventId=${a.id}`)).records.map((r) => r.id),
    ).toEqual(notesA.map((n) => n.id));
    expect((await page(cookie, `?eventId=${b.id}`)).records.map((r) => r.id)).toEqual([
      b.id,
      noteB.id,
    ]);
    const all = await page(cookie, '');
    expect(all.records).toHaveLength(6);
    expect(all.next).toBeNull();
  });

  it('pages 100 at a time by default and at most 500', async () => {
    const { cookie } = await server.login();
    const { token } = await server.enrolDevice();
    const event = makeEvent();
    const notes = Array.from({ length: 120 }, () => makeNote({ eventId: event.id }));
    await server.push(token, notes.map(envelope));
    const first = await page(cookie, '');
    expect(first.records).toHaveLength(100);
    expect(first.next).toBe('100');
    expect((await page(cookie, '?limit=500')).records).toHaveLength(120);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=ten', 'limit'],
    ['?after=-1', 'after'],
    ['?after=abc', 'after'],
    [`?kind=${'k'.repeat(65)}`, 'kind'],
    ['?eventId=a%00b', 'eventId'],
  ])('answers 400 validation_failed to %s', async (query, field) => {
    const { cookie } = await server.login();
    const res = await server.request(`/api/v1/admin/records${query}`, { headers: { cookie } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('needs a session', async () => {
    const res = await server.request('/api/v1/admin/records');
    expect(res.status).toBe(401);
  });
});
