import { HonoRequest } from 'hono/request';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
 * cannot be added without its row here, and each row must give either bad input or the
 * marker that the route takes none, which is checked by watching what the route reads.
 */

let server: TestServer;
let admin: AdminAgent;
let token: string;
const ids = { event: '', outcome: '', signUp: '', device: '' };

beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 60_000 };
  server = await startTestServer({ rateLimits: { login: generous } });
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
  // A second tablet, for the revoke route to revoke when it runs for real below.
  ids.device = (await server.enrolDevice('Tablet to revoke')).deviceId;
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

/** Marks a route that reads neither a body nor a query string (the path's id aside). */
const NO_INPUT = 'takes no input';

/** Input a route must refuse, and the field its 400 must name. */
interface BadInput {
  query?: string;
  body?: unknown;
  field: string;
}

interface RouteCase {
  method: Method;
  /** The route pattern under /api/v1/admin, as registered. */
  pattern: string;
  /** Required: the bad input and the field the 400 must name, or that it takes no input. */
  input: BadInput | typeof NO_INPUT;
}

const strongPassword = 'a long enough new password';

const ROUTES: RouteCase[] = [
  { method: 'POST', pattern: '/logout', input: NO_INPUT },
  { method: 'GET', pattern: '/session', input: NO_INPUT },
  { method: 'POST', pattern: '/enrolment-codes', input: NO_INPUT },
  { method: 'GET', pattern: '/devices', input: { query: 'after=x', field: 'after' } },
  { method: 'DELETE', pattern: '/devices/:id', input: NO_INPUT },
  { method: 'GET', pattern: '/records', input: { query: 'limit=0', field: 'limit' } },
  { method: 'GET', pattern: '/sign-ups', input: { query: 'withdrawn=maybe', field: 'withdrawn' } },
  { method: 'GET', pattern: '/sign-ups/export.csv', input: NO_INPUT },
  { method: 'GET', pattern: '/sign-ups/audit', input: { query: 'limit=0', field: 'limit' } },
  { method: 'GET', pattern: '/sign-ups/:id', input: NO_INPUT },
  // Withdrawn before erased: the no-input check below runs them in this order, for real.
  { method: 'POST', pattern: '/sign-ups/:id/withdraw', input: NO_INPUT },
  { method: 'DELETE', pattern: '/sign-ups/:id', input: NO_INPUT },
  {
    method: 'POST',
    pattern: '/account/password',
    input: { body: { currentPassword: 'whatever', newPassword: 'short' }, field: 'newPassword' },
  },
  { method: 'GET', pattern: '/admins', input: NO_INPUT },
  {
    method: 'POST',
    pattern: '/admins',
    input: { body: { email: 'not an email', password: strongPassword }, field: 'email' },
  },
  { method: 'GET', pattern: '/events', input: { query: 'limit=0', field: 'limit' } },
  {
    method: 'POST',
    pattern: '/events',
    input: { body: { ...makeAdminEventInput(), title: '   ' }, field: 'title' },
  },
  { method: 'GET', pattern: '/events/:id', input: NO_INPUT },
  {
    method: 'PUT',
    pattern: '/events/:id',
    input: { body: { ...makeAdminEventInput(), date: '3 December' }, field: 'date' },
  },
  { method: 'POST', pattern: '/events/:id/publish', input: NO_INPUT },
  { method: 'POST', pattern: '/events/:id/unpublish', input: NO_INPUT },
  { method: 'GET', pattern: '/surveys', input: NO_INPUT },
  { method: 'GET', pattern: '/surveys/:id', input: NO_INPUT },
  {
    method: 'PUT',
    pattern: '/surveys/:id',
    input: {
      body: { ...makeSurvey(), title: { en: { text: 'Visit' } } },
      field: 'title.cy',
    },
  },
  { method: 'POST', pattern: '/surveys/:id/publish', input: NO_INPUT },
  {
    method: 'GET',
    pattern: '/surveys/:id/results',
    input: { query: 'month=2026-13', field: 'month' },
  },
  {
    method: 'GET',
    pattern: '/surveys/:id/free-text',
    input: { query: 'question=why&after=x', field: 'after' },
  },
  {
    method: 'GET',
    pattern: '/surveys/:id/responses.csv',
    input: { query: 'location=%00ward', field: 'location' },
  },
  { method: 'GET', pattern: '/outcomes', input: NO_INPUT },
  {
    method: 'POST',
    pattern: '/outcomes',
    input: { body: { ...makeOutcomeInput(), weDid: '' }, field: 'weDid' },
  },
  {
    method: 'PUT',
    pattern: '/outcomes/:id',
    input: { body: { ...makeOutcomeInput(), evidenceIds: ['not-a-uuid'] }, field: 'evidenceIds.0' },
  },
  { method: 'POST', pattern: '/outcomes/:id/publish', input: NO_INPUT },
  { method: 'POST', pattern: '/outcomes/:id/withdraw', input: NO_INPUT },
  { method: 'GET', pattern: '/reach', input: NO_INPUT },
  { method: 'GET', pattern: '/settings/jargon', input: NO_INPUT },
  {
    method: 'PUT',
    pattern: '/settings/jargon',
    input: { body: { words: ['x'] }, field: 'words.0' },
  },
  { method: 'GET', pattern: '/settings/organisation', input: NO_INPUT },
  {
    method: 'PUT',
    pattern: '/settings/organisation',
    input: { body: { name: 'Involve' }, field: 'name' },
  },
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
          : ids.device;
  return `/api/v1/admin${route.pattern.replace(':id', id)}`;
}

const changes = ROUTES.filter((route) => route.method !== 'GET');
const withInput = ROUTES.flatMap((route) =>
  route.input === NO_INPUT ? [] : [{ ...route, input: route.input }],
);
const withoutInput = ROUTES.filter((route) => route.input === NO_INPUT);
const label = (route: RouteCase) => `${route.method} ${route.pattern}`;

function request(
  route: RouteCase,
  headers: Record<string, string>,
  bad?: BadInput,
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

/**
 * Runs `send` while watching everything a handler could read input through: the query string
 * (Hono's `query` and `queries`, or a `URL`'s `search` and `searchParams`; the address itself
 * is not watched, as sign-out reads it for the scheme) and the body (every reader of the Fetch
 * `Request`, which Hono's own body helpers call). Answers the response and what was read.
 */
async function watchingInputReads(
  send: () => Promise<Response>,
): Promise<{ res: Response; reads: string[] }> {
  const spies = [
    ['query', vi.spyOn(HonoRequest.prototype, 'query')],
    ['queries', vi.spyOn(HonoRequest.prototype, 'queries')],
    ['URL search', vi.spyOn(URL.prototype, 'search', 'get')],
    ['URL searchParams', vi.spyOn(URL.prototype, 'searchParams', 'get')],
    ['body as arrayBuffer', vi.spyOn(Request.prototype, 'arrayBuffer')],
    ['body as blob', vi.spyOn(Request.prototype, 'blob')],
    ['body as bytes', vi.spyOn(Request.prototype, 'bytes')],
    ['body as formData', vi.spyOn(Request.prototype, 'formData')],
    ['body as json', vi.spyOn(Request.prototype, 'json')],
    ['body as text', vi.spyOn(Request.prototype, 'text')],
  ] as const;
  try {
    const res = await send();
    // Read before restoring: restoring a spy forgets its calls.
    return { res, reads: spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([n]) => n) };
  } finally {
    for (const [, spy] of spies) spy.mockRestore();
  }
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

  it('every route gives bad input to refuse, or says it takes none', () => {
    // The type insists too; this catches a row that casts its way past it.
    const undeclared = ROUTES.filter(
      (route) =>
        route.input !== NO_INPUT &&
        (typeof route.input !== 'object' ||
          typeof route.input.field !== 'string' ||
          route.input.field === '' ||
          (route.input.query === undefined && route.input.body === undefined)),
    );
    expect(undeclared.map(label)).toEqual([]);
  });

  it.each(withInput.map((route) => [label(route), route] as const))(
    '%s: 400 naming the field for bad input',
    async (_, route) => {
      const res = await request(
        route,
        { cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken },
        route.input,
      );
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: route.input.field })]),
      );
    },
  );

  // Last among the routes' tests: these run each route for real (publish, revoke, erase).
  it.each(withoutInput.map((route) => [label(route), route] as const))(
    '%s: takes no input: answers without reading a query or a body',
    async (_, route) => {
      // A session of its own: one of these signs out.
      const agent = await adminAgent(server);
      const { res, reads } = await watchingInputReads(() =>
        server.request(pathOf(route), {
          method: route.method,
          headers: { cookie: agent.cookie, 'X-CSRF-Token': agent.csrfToken },
        }),
      );
      expect(reads).toEqual([]);
      // The handler ran to its answer, not a refusal before it.
      expect(res.status, await res.text()).toBeLessThan(300);
    },
  );

  it('the session still works after the matrix (nothing above signed it out)', async () => {
    expect((await admin.get('/session')).status).toBe(200);
  });
});
