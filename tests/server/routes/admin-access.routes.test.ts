import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignUp } from '../../fixtures/signup.factory';
import { makeSurvey } from '../../fixtures/survey.factory';
import { makeAdminEventInput, makeOutcomeInput } from '../../fixtures/admin-console.factory';
import {
  adminAgent,
  bodyOf,
  errorOf,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

/**
 * Every admin route, table-driven: without a session → 401; with a device token → 403 even
 * beside a live session; a change without the CSRF token → 403; bad input → 400 naming the
 * field. The table is checked against the routes the app registers, so a new admin route
 * cannot be added without its row here.
 */

let server: TestServer;
let admin: AdminAgent;
let token: string;
const ids = { event: '', outcome: '', signUp: '' };

beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 60_000 };
  server = await startTestServer({ rateLimits: { login: generous } });
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
  const signUp = makeSignUp();
  await server.push(token, [{ id: signUp.id, kind: 'sign-up', schemaVersion: 1, data: signUp }]);
  ids.signUp = signUp.id;
  const event = await admin.send('POST', '/events', makeAdminEventInput());
  ids.event = (await bodyOf<{ event: { id: string } }>(event)).event.id;
  const outcome = await admin.send('POST', '/outcomes', makeOutcomeInput());
  ids.outcome = (await bodyOf<{ id: string }>(outcome)).id;
  expect((await admin.send('PUT', '/surveys/test-survey', makeSurvey())).status).toBe(200);
});

afterAll(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RouteCase {
  method: Method;
  /** The route pattern under /api/v1/admin, as registered. */
  pattern: string;
  /** Bad input and the field the 400 must name; absent when the route takes no input. */
  bad?: { query?: string; body?: unknown; field: string };
}

const strongPassword = 'a long enough new password';

const ROUTES: RouteCase[] = [
  { method: 'POST', pattern: '/logout' },
  { method: 'GET', pattern: '/session' },
  { method: 'POST', pattern: '/enrolment-codes' },
  { method: 'GET', pattern: '/devices', bad: { query: 'after=x', field: 'after' } },
  { method: 'DELETE', pattern: '/devices/:id' },
  { method: 'GET', pattern: '/records', bad: { query: 'limit=0', field: 'limit' } },
  { method: 'GET', pattern: '/sign-ups', bad: { query: 'withdrawn=maybe', field: 'withdrawn' } },
  { method: 'GET', pattern: '/sign-ups/export.csv' },
  { method: 'GET', pattern: '/sign-ups/audit', bad: { query: 'limit=0', field: 'limit' } },
  { method: 'GET', pattern: '/sign-ups/:id' },
  { method: 'DELETE', pattern: '/sign-ups/:id' },
  { method: 'POST', pattern: '/sign-ups/:id/withdraw' },
  {
    method: 'POST',
    pattern: '/account/password',
    bad: { body: { currentPassword: 'whatever', newPassword: 'short' }, field: 'newPassword' },
  },
  { method: 'GET', pattern: '/admins' },
  {
    method: 'POST',
    pattern: '/admins',
    bad: { body: { email: 'not an email', password: strongPassword }, field: 'email' },
  },
  { method: 'GET', pattern: '/events', bad: { query: 'limit=0', field: 'limit' } },
  {
    method: 'POST',
    pattern: '/events',
    bad: { body: { ...makeAdminEventInput(), title: '   ' }, field: 'title' },
  },
  { method: 'GET', pattern: '/events/:id' },
  {
    method: 'PUT',
    pattern: '/events/:id',
    bad: { body: { ...makeAdminEventInput(), date: '3 December' }, field: 'date' },
  },
  { method: 'POST', pattern: '/events/:id/publish' },
  { method: 'POST', pattern: '/events/:id/unpublish' },
  { method: 'GET', pattern: '/surveys' },
  { method: 'GET', pattern: '/surveys/:id' },
  {
    method: 'PUT',
    pattern: '/surveys/:id',
    bad: {
      body: { ...makeSurvey(), title: { en: { text: 'Visit' } } },
      field: 'title.cy',
    },
  },
  { method: 'POST', pattern: '/surveys/:id/publish' },
  {
    method: 'GET',
    pattern: '/surveys/:id/results',
    bad: { query: 'month=2026-13', field: 'month' },
  },
  {
    method: 'GET',
    pattern: '/surveys/:id/free-text',
    bad: { query: 'question=why&after=x', field: 'after' },
  },
  {
    method: 'GET',
    pattern: '/surveys/:id/responses.csv',
    bad: { query: 'location=%00ward', field: 'location' },
  },
  { method: 'GET', pattern: '/outcomes' },
  {
    method: 'POST',
    pattern: '/outcomes',
    bad: { body: { ...makeOutcomeInput(), weDid: '' }, field: 'weDid' },
  },
  {
    method: 'PUT',
    pattern: '/outcomes/:id',
    bad: { body: { ...makeOutcomeInput(), evidenceIds: ['not-a-uuid'] }, field: 'evidenceIds.0' },
  },
  { method: 'POST', pattern: '/outcomes/:id/publish' },
  { method: 'POST', pattern: '/outcomes/:id/withdraw' },
  { method: 'GET', pattern: '/reach' },
  { method: 'GET', pattern: '/settings/jargon' },
  { method: 'PUT', pattern: '/settings/jargon', bad: { body: { words: ['x'] }, field: 'words.0' } },
];

/** The path with `:id` filled in with something that exists. */
function pathOf(route: RouteCase): string {
  const id = route.pattern.startsWith('/events')
    ? ids.event
    : route.pattern.startsWith('/outcomes')
      ? ids.outcome
      : route.pattern.startsWith('/surveys')
        ? 'test-survey'
        : route.pattern.startsWith('/sign-ups')
          ? ids.signUp
          : '0190f5a8-0000-7000-8000-000000000000';
  return `/api/v1/admin${route.pattern.replace(':id', id)}`;
}

const changes = ROUTES.filter((route) => route.method !== 'GET');
const withInput = ROUTES.filter((route) => route.bad !== undefined);
const label = (route: RouteCase) => `${route.method} ${route.pattern}`;

function request(
  route: RouteCase,
  headers: Record<string, string>,
  bad?: RouteCase['bad'],
): Promise<Response> {
  const query = bad?.query === undefined ? '' : `?${bad.query}`;
  const body = bad?.body === undefined ? {} : bad.body;
  return server.request(`${pathOf(route)}${query}`, {
    method: route.method,
    headers: {
      ...(route.method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(route.method === 'GET' ? {} : { body: JSON.stringify(body) }),
  });
}

describe('admin routes: access matrix', () => {
  it('lists every admin route the app registers', () => {
    const registered = server.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/admin/'))
      .map((r) => `${r.method} ${r.path.slice('/api/v1/admin'.length).replace(/\/$/, '')}`)
      .filter((r) => r !== 'POST /login');
    expect(new Set(registered)).toEqual(new Set(ROUTES.map(label)));
  });

  it.each(ROUTES.map((route) => [label(route), route] as const))(
    '%s: 401 without a session',
    async (_, route) => {
      const res = await request(route, { 'X-CSRF-Token': admin.csrfToken });
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/^[A-Z].*\.$/);
    },
  );

  it.each(ROUTES.map((route) => [label(route), route] as const))(
    '%s: 403 with a device token, even beside a live session',
    async (_, route) => {
      const res = await request(route, {
        Authorization: `Bearer ${token}`,
        cookie: admin.cookie,
        'X-CSRF-Token': admin.csrfToken,
      });
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/device token.*\.$/);
    },
  );

  it('POST /login: 403 with a device token', async () => {
    const res = await server.request('/api/v1/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ email: 'a@example.org', password: 'whatever it is' }),
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });

  it.each(changes.map((route) => [label(route), route] as const))(
    '%s: 403 without the CSRF token',
    async (_, route) => {
      const res = await request(route, { cookie: admin.cookie });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('csrf_failed');
    },
  );

  it.each(withInput.map((route) => [label(route), route] as const))(
    '%s: 400 naming the field for bad input',
    async (_, route) => {
      const res = await request(
        route,
        { cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken },
        route.bad,
      );
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: route.bad!.field })]),
      );
    },
  );

  it('the session still works after the matrix (nothing above signed it out)', async () => {
    expect((await admin.get('/session')).status).toBe(200);
  });
});
