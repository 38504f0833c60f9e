import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignUp } from '../../fixtures/signup.factory';
import { SIGN_UP_SCHEMA_VERSION } from '../../../src/shared/signup/signup-rules';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  adminAgent,
  jsonPost,
  startTestServer,
} from '../server-test-kit';
import type { AdminAgent, TestServer } from '../server-test-kit';

/**
 * The headers every kind of answer carries, errors included, so that no page, file or API
 * answer is ever served without the policy. `tests/server/app.test.ts` checks the policy's
 * main directives on a page, a file and the API; this reads the whole policy, the headers
 * beside it, cross-origin reads, the session cookie and the exports. The built app running
 * under this policy with no violation is `tests/e2e/stored-xss.e2e.ts`.
 */

const INDEX_HTML = '<!doctype html><title>Involve</title><div id="app"></div>';

let server: TestServer;
let admin: AdminAgent;
let token: string;

let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'involve-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(join(staticDir, 'assets', 'index-abc.js'), 'export const x = 1;');
  await writeFile(join(staticDir, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(join(staticDir, 'manifest.webmanifest'), '{"name":"Involve"}');
  server = await startTestServer({
    staticDir,
    rateLimits: { device: { limit: 3, windowMs: 60_000 } },
  });
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
});

afterAll(async () => {
  await server.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** The CSP as directive → sources. */
function policy(res: Response): Map<string, string[]> {
  const csp = res.headers.get('content-security-policy');
  expect(csp, 'Content-Security-Policy').toBeTruthy();
  return new Map(
    csp!
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const [name = '', ...sources] = part.split(/\s+/);
        return [name, sources] as const;
      }),
  );
}

/** Answers of every kind: page, files, API success and each error the API gives. */
const answers: [string, () => Promise<Response>][] = [
  ['the app page', () => server.request('/')],
  ['a client-side route', () => server.request('/events/123')],
  ['a built script', () => server.request('/assets/index-abc.js')],
  ['the service worker', () => server.request('/sw.js')],
  ['the web manifest', () => server.request('/manifest.webmanifest')],
  ['a missing file (404)', () => server.request('/missing.png')],
  ['the health check', () => server.request('/api/v1/health')],
  ['an admin read', () => admin.get('/devices')],
  ['no session (401)', () => server.request('/api/v1/admin/devices')],
  ['a device token on the console (403)', () => forbidden()],
  ['a wrong CSRF token (403)', () => csrfFailed()],
  ['a body too large (413)', () => tooLarge()],
  ['a bad token (401)', () => server.pull('x'.repeat(43))],
  ['too many requests (429)', () => rateLimited()],
  ['the sign-ups export', () => admin.get('/sign-ups/export.csv')],
];

const forbidden = () =>
  server.request('/api/v1/admin/devices', { headers: { Authorization: `Bearer ${token}` } });
const csrfFailed = () =>
  server.request('/api/v1/admin/enrolment-codes', {
    method: 'POST',
    headers: { cookie: admin.cookie, 'X-CSRF-Token': 'wrong' },
  });
const tooLarge = () =>
  server.request(
    '/api/v1/admin/login',
    jsonPost({ email: 'x@example.org', password: 'x'.repeat(200_000) }),
  );
async function rateLimited(): Promise<Response> {
  for (;;) {
    const res = await server.pull(token);
    if (res.status === 429) return res;
    expect(res.status).toBe(200);
  }
}

describe('the policy on every answer', () => {
  it.each(answers)('%s', async (_, send) => {
    const res = await send();
    const csp = policy(res);
    // Only the app's own scripts run: no inline script or handler, no eval, no other origin.
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/^'unsafe-|^\*$|^https?:$|^'strict-dynamic'$/);
      }
      // data: and blob: are allowed for pictures only (inlined icons, export previews).
      if (directive !== 'img-src') expect(sources, directive).not.toContain('data:');
      if (directive !== 'img-src') expect(sources, directive).not.toContain('blob:');
    }
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);

    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    // The camera for the enrolment QR code, on this origin only; nothing else.
    expect(res.headers.get('permissions-policy')).toBe(
      'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
    );
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
  });
});

describe('cross-origin reads', () => {
  it('are never allowed: no CORS headers, even to a preflight from another site', async () => {
    const evil = { Origin: 'https://evil.example' };
    const read = await server.request('/api/v1/admin/devices', {
      headers: { ...evil, cookie: admin.cookie },
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await server.request('/api/v1/sync/push', {
      method: 'OPTIONS',
      headers: {
        ...evil,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.ok).toBe(false);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the admin session cookie', () => {
  async function loginCookie(headers: Record<string, string> = {}): Promise<string> {
    const res = await server.request(
      '/api/v1/admin/login',
      jsonPost({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, headers),
    );
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie') ?? '';
  }

  it('is HttpOnly, SameSite=Strict, for the API only, with no Domain', async () => {
    const cookie = await loginCookie();
    expect(cookie).toMatch(/^involve_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(cookie).toMatch(/; Path=\/api(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('is Secure whenever the browser came over HTTPS, through a proxy too', async () => {
    expect(await loginCookie({ 'X-Forwarded-Proto': 'https' })).toMatch(/; Secure(;|$)/);
  });
});

describe('what a browser could be tricked into rendering', () => {
  it('never echoes a path into the page', async () => {
    const res = await server.request('/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it('answers API errors as JSON, never HTML, even when they quote the request', async () => {
    const res = await server.request('/api/v1/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends the sign-ups export as a CSV attachment, not a page, with formulas made text', async () => {
    const signUp = makeSignUp({ name: '=HYPERLINK("https://evil.example","Open")' });
    // Another tablet: the first spent its allowance above.
    const tablet = await server.enrolDevice('Tablet 2');
    const pushed = await server.push(tablet.token, [
      { id: signUp.id, kind: 'sign-up', schemaVersion: SIGN_UP_SCHEMA_VERSION, data: signUp },
    ]);
    expect(pushed.status).toBe(200);
    const res = await admin.get('/sign-ups/export.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csv = await res.text();
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""Open"")"`);
  });
});
