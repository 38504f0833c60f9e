import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdminEventInput, makeOutcomeInput } from '../fixtures/admin-console.factory';
import { makeSurvey } from '../fixtures/survey.factory';
import { makeEvent, makeNote } from '../fixtures/workshop.factory';
import { envelope, errorOf, startTestServer, type TestServer } from './server-test-kit';

/** No input may produce a 500: every failure is a 4xx in the API error shape. */

let server: TestServer;
let token: string;
let cookie: string;
let csrfToken: string;

beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 60_000 };
  server = await startTestServer({
    rateLimits: { device: generous, login: generous, enrol: generous },
  });
  ({ token } = await server.enrolDevice());
  ({ cookie, csrfToken } = await server.login());
});

afterAll(async () => {
  await server.close();
});

const ROUTES = [
  ['POST', '/api/v1/sync/push'],
  ['GET', '/api/v1/sync/pull'],
  ['POST', '/api/v1/devices/enrol'],
  ['POST', '/api/v1/admin/login'],
  ['POST', '/api/v1/admin/logout'],
  ['GET', '/api/v1/admin/session'],
  ['POST', '/api/v1/admin/enrolment-codes'],
  ['GET', '/api/v1/admin/devices'],
  ['DELETE', '/api/v1/admin/devices/:id'],
  ['GET', '/api/v1/admin/records'],
  ['POST', '/api/v1/admin/account/password'],
  ['GET', '/api/v1/admin/admins'],
  ['POST', '/api/v1/admin/admins'],
  ['GET', '/api/v1/admin/events'],
  ['POST', '/api/v1/admin/events'],
  ['GET', '/api/v1/admin/events/:id'],
  ['PUT', '/api/v1/admin/events/:id'],
  ['POST', '/api/v1/admin/events/:id/publish'],
  ['POST', '/api/v1/admin/events/:id/unpublish'],
  ['GET', '/api/v1/admin/surveys'],
  ['GET', '/api/v1/admin/surveys/:id'],
  ['PUT', '/api/v1/admin/surveys/:id'],
  ['POST', '/api/v1/admin/surveys/:id/publish'],
  ['GET', '/api/v1/admin/surveys/:id/results'],
  ['GET', '/api/v1/admin/surveys/:id/free-text'],
  ['GET', '/api/v1/admin/surveys/:id/responses.csv'],
  ['GET', '/api/v1/admin/outcomes'],
  ['POST', '/api/v1/admin/outcomes'],
  ['PUT', '/api/v1/admin/outcomes/:id'],
  ['POST', '/api/v1/admin/outcomes/:id/publish'],
  ['POST', '/api/v1/admin/outcomes/:id/withdraw'],
  ['GET', '/api/v1/admin/reach'],
  ['GET', '/api/v1/admin/sign-ups'],
  ['GET', '/api/v1/admin/sign-ups/export.csv'],
  ['GET', '/api/v1/admin/sign-ups/audit'],
  ['GET', '/api/v1/admin/sign-ups/:id'],
  ['DELETE', '/api/v1/admin/sign-ups/:id'],
  ['POST', '/api/v1/admin/sign-ups/:id/withdraw'],
  ['GET', '/api/v1/admin/settings/jargon'],
  ['PUT', '/api/v1/admin/settings/jargon'],
  ['GET', '/api/v1/schema'],
] as const;

/** A valid record with one field replaced by arbitrary JSON: reaches deep validation. */
const mutatedRecord = fc
  .record({
    note: fc.boolean(),
    field: fc.constantFrom('id', 'text', 'updatedAt', 'themes', 'questionId', 'eventId', 'date'),
    value: fc.jsonValue(),
    envelopeId: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }),
  })
  .map(({ note, field, value, envelopeId }) => {
    const record = envelope(note ? makeNote() : makeEvent());
    const data = { ...(record.data as Record<string, unknown>), [field]: value };
    return { ...record, id: envelopeId ?? record.id, data };
  });

/** A valid admin console body with one field replaced by arbitrary JSON. */
const mutatedAdminInput = fc
  .record({
    input: fc.constantFrom<Record<string, unknown>>(
      makeAdminEventInput(),
      makeOutcomeInput(),
      makeSurvey(),
      { words: ['jargon'] },
      { currentPassword: 'x', newPassword: 'long enough password' },
    ),
    field: fc.constantFrom(
      'title',
      'date',
      'themes',
      'youSaid',
      'eventId',
      'surveyId',
      'evidenceIds',
      'questions',
      'id',
      'version',
      'words',
      'email',
      'newPassword',
    ),
    value: fc.jsonValue(),
  })
  .map(({ input, field, value }) => JSON.stringify({ ...input, [field]: value }));

const body = fc.oneof(
  fc.string(),
  mutatedAdminInput,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .array(fc.oneof(mutatedRecord, fc.jsonValue()), { minLength: 1, maxLength: 5 })
    .map((records) => JSON.stringify({ records })),
  fc
    .record({
      code: fc.jsonValue(),
      name: fc.jsonValue(),
      email: fc.jsonValue(),
      password: fc.jsonValue(),
    })
    .map((v) => JSON.stringify(v)),
);

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), { nil: undefined }),
  param: fc.string({ maxLength: 80 }),
  query: fc.dictionary(
    fc.constantFrom(
      'since',
      'limit',
      'after',
      'kind',
      'eventId',
      'location',
      'month',
      'q',
      'withdrawn',
      'question',
      'x',
    ),
    fc.string(),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    '',
  ),
  authorization: fc.constantFrom('valid', 'none', 'garbage'),
  session: fc.boolean(),
  csrf: fc.boolean(),
  appVersion: fc.option(fc.string(), { nil: undefined }),
  outboxCount: fc.option(fc.string(), { nil: undefined }),
  body,
});

describe('bad input', () => {
  it('never produces a 500 and always answers errors in the API shape', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [routeMethod, pattern] = r.route;
        const method = r.method ?? routeMethod;
        const path = pattern.replace(':id', encodeURIComponent(r.param));
        const query = new URLSearchParams(r.query).toString();
        const headers = new Headers();
        if (r.contentType !== '') headers.set('Content-Type', r.contentType);
        if (r.authorization === 'valid') headers.set('Authorization', `Bearer ${token}`);
        if (r.authorization === 'garbage') headers.set('Authorization', `Bearer ${r.param}`);
        if (r.session) headers.set('Cookie', cookie);
        if (r.csrf) headers.set('X-CSRF-Token', csrfToken);
        if (r.appVersion !== undefined)
          headers.set('X-Involve-App-Version', r.appVersion.replace(/[\r\n]/g, ''));
        if (r.outboxCount !== undefined)
          headers.set('X-Involve-Outbox-Count', r.outboxCount.replace(/[\r\n]/g, ''));
        // Logging out would end the session the other runs use.
        if (pattern === '/api/v1/admin/logout') headers.delete('Cookie');
        const res = await server.request(`${path}${query === '' ? '' : `?${query}`}`, {
          method,
          headers,
          ...(method === 'GET' ? {} : { body: r.body }),
        });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          const error = await errorOf(res);
          expect(typeof error.code).toBe('string');
          expect(typeof error.message).toBe('string');
        } else {
          await res.arrayBuffer();
        }
        expect(server.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
