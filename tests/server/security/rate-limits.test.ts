import { afterEach, describe, expect, it } from 'vitest';
import { clientIpResolver } from '../../../src/server/http/client-ip';
import { DEFAULT_RATE_LIMITS } from '../../../src/server/rate-limit';
import type { RateLimits } from '../../../src/server/rate-limit';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { issueEnrolmentCode } from '../../../src/server/enrolment';
import type { AppDeps } from '../../../src/server/app';
import { makeNote } from '../../fixtures/workshop.factory';
import { ADMIN_EMAIL, ADMIN_PASSWORD, envelope, startTestServer } from '../server-test-kit';
import type { TestServer } from '../server-test-kit';
import { cookieOf, errorCode, listen } from './real-http';
import type { ListeningApp, WireAnswer } from './real-http';

/**
 * The limits as a client meets them: over real connections from distinct loopback addresses
 * (so the production address resolver, not a test stand-in, decides who is who), with the
 * real 429 answer and its Retry-After, and the shared (database-counted) limiter the
 * production limits use. The server's clock is the test's, so windows end without waiting.
 */

const A = '127.0.0.2';
const B = '127.0.0.3';
const C = '127.0.0.4';

let server: TestServer | undefined;
let wire: ListeningApp | undefined;

afterEach(async () => {
  await wire?.close();
  await server?.close();
  wire = undefined;
  server = undefined;
});

async function start(limits: Partial<RateLimits>, deps: Partial<AppDeps> = {}) {
  server = await startTestServer({ rateLimits: limits, ...deps });
  wire = await listen(server.app);
  return { server, wire };
}

/** Production limits with a smaller count, counted where production counts them. */
const lower = (name: keyof RateLimits, limit: number) => ({ ...DEFAULT_RATE_LIMITS[name], limit });

function expectRefused(answer: WireAnswer, retryAfterSeconds: number): void {
  expect(answer.status).toBe(429);
  expect(answer.headers['retry-after']).toBe(String(retryAfterSeconds));
  expect(errorCode(answer)).toBe('rate_limited');
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

describe('sign-in, limited per address', () => {
  it('allows one address its tries across any emails, then refuses even the right password until the window ends; others are unaffected', async () => {
    const { server, wire } = await start({ login: lower('login', 3) });
    expect(DEFAULT_RATE_LIMITS.login.shared).toBe(true);
    await server.createAdmin();
    const login = (from: string, email: string, password: string, headers = {}) =>
      wire.send(from, '/api/v1/admin/login', { json: { email, password }, headers });

    // Spreading guesses over several accounts earns no extra tries.
    for (const email of ['someone@example.org', 'other@example.org', ADMIN_EMAIL]) {
      expect((await login(A, email, 'a guess at the password')).status).toBe(401);
    }
    expectRefused(await login(A, ADMIN_EMAIL, ADMIN_PASSWORD), 60);
    // With no proxy trusted, a forwarded-for header is the client's own word: not believed.
    expectRefused(
      await login(A, ADMIN_EMAIL, ADMIN_PASSWORD, { 'X-Forwarded-For': '198.51.100.23' }),
      60,
    );
    expect((await login(B, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);

    server.clock.advance(30_000);
    expectRefused(await login(A, ADMIN_EMAIL, ADMIN_PASSWORD), 30);
    server.clock.advance(30_000);
    expect((await login(A, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it('behind a trusted proxy, keys on the address the proxy saw, whatever the client adds', async () => {
    const { server, wire } = await start(
      { login: lower('login', 2) },
      { clientIp: clientIpResolver(1) },
    );
    await server.createAdmin();
    // The proxy (here, every request's socket peer) appends the address it saw; what the
    // client wrote itself stays to the left and changes on every try.
    const viaProxy = (client: string, spoofed: string) =>
      wire.send(A, '/api/v1/admin/login', {
        json: { email: ADMIN_EMAIL, password: 'a guess at the password' },
        headers: { 'X-Forwarded-For': `${spoofed}, ${client}` },
      });
    expect((await viaProxy('203.0.113.5', '10.0.0.1')).status).toBe(401);
    expect((await viaProxy('203.0.113.5', '10.0.0.2')).status).toBe(401);
    expectRefused(await viaProxy('203.0.113.5', '10.0.0.3'), 60);
    expect((await viaProxy('203.0.113.6', '10.0.0.3')).status).toBe(401);
  });
});

describe('enrolment, limited per address', () => {
  it('cuts off code guessing before a right code is tried, without using the code up', async () => {
    const { server, wire } = await start({ enrol: lower('enrol', 3) });
    expect(DEFAULT_RATE_LIMITS.enrol.shared).toBe(true);
    const organisation = await getDefaultOrganisation(server.db);
    const { code } = await issueEnrolmentCode(server.db, organisation.id, server.clock.now());
    const enrol = (from: string, typed: string) =>
      wire.send(from, '/api/v1/devices/enrol', { json: { code: typed, name: 'Ward tablet' } });

    for (const guess of ['AAAAA-AAAAA', 'BBBBB-BBBBB', 'CCCCC-CCCCC']) {
      const answer = await enrol(A, guess);
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('invalid_code');
    }
    expectRefused(await enrol(A, code), 60);
    expect(await server.db.selectFrom('devices').select('id').execute()).toEqual([]);
    // The refused try did not spend the code: a tablet elsewhere enrols with it.
    expect((await enrol(B, code)).status).toBe(201);
  });
});

describe('password changes, limited per account', () => {
  it('gives a second session or address no more guesses at the current password; other admins are unaffected', async () => {
    const { server, wire } = await start({ login: lower('login', 2) });
    await server.createAdmin();
    await server.createAdmin('second.admin@example.org');
    const signIn = async (from: string, email: string) => {
      const answer = await wire.send(from, '/api/v1/admin/login', {
        json: { email, password: ADMIN_PASSWORD },
      });
      expect(answer.status).toBe(200);
      const { csrfToken } = JSON.parse(answer.body) as { csrfToken: string };
      return { from, cookie: cookieOf(answer), csrfToken };
    };
    const change = (session: { from: string; cookie: string; csrfToken: string }) =>
      wire.send(session.from, '/api/v1/admin/account/password', {
        json: { currentPassword: 'a guess at it', newPassword: 'a long enough new password' },
        headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken },
      });

    const atDesk = await signIn(A, ADMIN_EMAIL);
    const elsewhere = await signIn(B, ADMIN_EMAIL);
    expect((await change(atDesk)).status).toBe(400);
    expect((await change(atDesk)).status).toBe(400);
    expectRefused(await change(elsewhere), 60);
    expect((await change(await signIn(C, 'second.admin@example.org'))).status).toBe(400);
  });
});

describe('sync, limited per device', () => {
  it('counts each device on its own however many share an address, follows a device across addresses, and counts push and pull together', async () => {
    const { server, wire } = await start({ device: { limit: 3, windowMs: 60_000 } });
    const first = await server.enrolDevice('Table 1');
    const second = await server.enrolDevice('Table 2');
    const push = (from: string, token: string, text: string) =>
      wire.send(from, '/api/v1/sync/push', {
        json: { records: [envelope(makeNote({ text }))] },
        headers: { Authorization: `Bearer ${token}` },
      });
    const pull = (from: string, token: string) =>
      wire.send(from, '/api/v1/sync/pull', { headers: { Authorization: `Bearer ${token}` } });

    expect((await push(A, first.token, 'first push')).status).toBe(200);
    expect((await pull(A, first.token)).status).toBe(200);
    expect((await push(A, first.token, 'second push')).status).toBe(200);
    expectRefused(await pull(A, first.token), 60);
    // The same tablet on another network is the same device.
    expectRefused(await push(B, first.token, 'refused push'), 60);
    // Another tablet on the same wifi has its own allowance.
    for (const text of ['table 2 one', 'table 2 two', 'table 2 three']) {
      expect((await push(A, second.token, text)).status).toBe(200);
    }
    // A refused push stored nothing.
    const texts = (await server.db.selectFrom('records').select('data').execute()).map(
      (r) => (JSON.parse(r.data) as { text?: string }).text,
    );
    expect(texts).not.toContain('refused push');

    server.clock.advance(45_000);
    expectRefused(await push(A, first.token, 'refused push'), 15);
    server.clock.advance(15_000);
    expect((await push(B, first.token, 'after the window')).status).toBe(200);
  });
});
