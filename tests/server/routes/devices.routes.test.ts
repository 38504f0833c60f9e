import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnrolResponse } from '../../../src/shared/sync/protocol';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { ENROLMENT_CODE_TTL_MS, issueEnrolmentCode } from '../../../src/server/enrolment';
import { bodyOf, errorOf, jsonPost, startTestServer, type TestServer } from '../server-test-kit';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

async function newCode(): Promise<string> {
  const organisation = await getDefaultOrganisation(server.db);
  return (await issueEnrolmentCode(server.db, organisation.id, server.clock.now())).code;
}

function enrol(body: unknown, headers: Record<string, string> = {}) {
  return server.request('/api/v1/devices/enrol', jsonPost(body, headers));
}

describe('POST /api/v1/devices/enrol', () => {
  it('exchanges a code for a device token, storing only its hash', async () => {
    const res = await enrol({ code: await newCode(), name: '  Blue iPad  ' });
    expect(res.status).toBe(201);
    const body = await bodyOf<EnrolResponse>(res);
    expect(body).toEqual({
      deviceId: expect.any(String) as unknown,
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      organisationName: 'Involve',
    });
    const device = await server.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
    expect(device.id).toBe(body.deviceId);
    expect(device.name).toBe('Blue iPad');
    expect(JSON.stringify(device)).not.toContain(body.token);
    expect(device.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await server.pull(body.token)).status).toBe(200);
  });

  it('accepts a code once only', async () => {
    const code = await newCode();
    expect((await enrol({ code, name: 'Tablet A' })).status).toBe(201);
    const again = await enrol({ code, name: 'Tablet B' });
    expect(again.status).toBe(400);
    const error = await errorOf(again);
    expect(error.code).toBe('invalid_code');
    expect(error.message).toMatch(/ask an administrator for a new one/);
    expect(await server.db.selectFrom('devices').select('name').execute()).toEqual([
      { name: 'Tablet A' },
    ]);
  });

  it('lets exactly one of two simultaneous enrolments with one code win', async () => {
    const code = await newCode();
    const statuses = await Promise.all([
      enrol({ code, name: 'One' }).then((r) => r.status),
      enrol({ code, name: 'Two' }).then((r) => r.status),
    ]);
    expect(statuses.sort()).toEqual([201, 400]);
  });

  it('accepts a code until 24 hours after it was made, not after', async () => {
    const early = await newCode();
    const late = await newCode();
    server.clock.advance(ENROLMENT_CODE_TTL_MS - 1000);
    expect((await enrol({ code: early, name: 'In time' })).status).toBe(201);
    server.clock.advance(1000);
    const res = await enrol({ code: late, name: 'Too late' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_code');
  });

  it('ignores case, spaces and hyphens in the typed code', async () => {
    const spaced = (await newCode()).replace('-', '').toLowerCase().split('').join(' ');
    expect((await enrol({ code: spaced, name: 'T' })).status).toBe(201);
    const regrouped = (await newCode()).replace('-', '').toLowerCase().replace(/(...)/g, '$1-');
    expect((await enrol({ code: regrouped, name: 'U' })).status).toBe(201);
  });

  it.each(['ZZZZZ-ZZZZZ', 'ABCDE-FGHJK-L', '0000000000'])(
    'answers invalid_code to the unknown code %s',
    async (code) => {
      await newCode();
      const res = await enrol({ code, name: 'Tablet' });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_code');
    },
  );

  it.each([
    ['a missing name', { code: 'ABCDE-FGHJK' }, 'name'],
    ['a blank name', { code: 'ABCDE-FGHJK', name: '   ' }, 'name'],
    ['a name with control characters', { code: 'ABCDE-FGHJK', name: 'Tab\u0000let' }, 'name'],
    ['a too-short code', { code: 'abc', name: 'Tablet' }, 'code'],
    ['a numeric code', { code: 1234567890, name: 'Tablet' }, 'code'],
  ])('answers 400 validation_failed naming the field for %s', async (_, body, field) => {
    const res = await enrol(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 400 invalid_json, 415 and 413 to bad bodies', async () => {
    const notJson = await server.request('/api/v1/devices/enrol', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'code=ABCDE',
    });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).code).toBe('invalid_json');

    const form = await server.request('/api/v1/devices/enrol', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'code=ABCDE-FGHJK&name=x',
    });
    expect(form.status).toBe(415);

    const huge = await enrol({ code: 'ABCDE-FGHJK', name: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it('limits attempts per client address with 429 and Retry-After', async () => {
    await server.close();
    server = await startTestServer({
      rateLimits: { enrol: { limit: 2, windowMs: 60_000 } },
      clientIp: (c) => c.req.header('x-test-ip') ?? 'unknown',
    });
    const attempt = (ip: string) =>
      enrol({ code: 'ZZZZZ-ZZZZZ', name: 'Guess' }, { 'x-test-ip': ip });
    expect((await attempt('10.0.0.1')).status).toBe(400);
    expect((await attempt('10.0.0.1')).status).toBe(400);
    const limited = await attempt('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    expect((await attempt('10.0.0.2')).status).toBe(400);
  });
});
