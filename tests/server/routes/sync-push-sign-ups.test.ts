import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7At } from '../../../src/shared/ids';
import type { SignUp } from '../../../src/shared/schemas/sign-up.schema';
import type { PushRecord, PushResponse, PushResult } from '../../../src/shared/sync/protocol';
import { makeSignUp } from '../../fixtures/signup.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import { bodyOf, envelope, startTestServer, type TestServer } from '../server-test-kit';

let server: TestServer;
let token: string;

beforeEach(async () => {
  server = await startTestServer();
  ({ token } = await server.enrolDevice());
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

/** The push envelope of a sign-up; `data` may be made invalid on purpose. */
function pushed(signUp: SignUp | Record<string, unknown>): PushRecord {
  return { id: signUp.id as string, kind: 'sign-up', schemaVersion: 1, data: signUp };
}

async function push(records: PushRecord[]): Promise<PushResult[]> {
  const res = await server.push(token, records);
  expect(res.status).toBe(200);
  return (await bodyOf<PushResponse>(res)).results;
}

async function signUpRows() {
  return server.db.selectFrom('sign_ups').selectAll().orderBy('seq').execute();
}

async function recordIds(): Promise<string[]> {
  const rows = await server.db.selectFrom('records').select('id').orderBy('seq').execute();
  return rows.map((r) => r.id);
}

describe('POST /api/v1/sync/push: sign-ups', () => {
  it('stores a sign-up in sign_ups with its consent, and never in records', async () => {
    const signUp = makeSignUp({
      consent: {
        contact: true,
        news: false,
        version: '2026-11-v1',
        language: 'ur',
        givenAt: '2026-11-21T00:00:00.000Z',
        organisation: 'Leeds Community Healthcare',
        answeredBy: 'staff',
      },
    });
    expect(await push([pushed(signUp)])).toEqual([{ id: signUp.id, status: 'accepted' }]);

    const rows = await signUpRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: signUp.id,
      name: signUp.name,
      email: signUp.email,
      consent_version: '2026-11-v1',
      consent_language: 'ur',
      consent_given_at: '2026-11-21T00:00:00.000Z',
      consent_news: 0,
      answered_by: 'staff',
      // The day it arrived, not the moment: the same push often carries the person's answers.
      received_at: '2026-11-21T00:00:00.000Z',
    });
    expect(JSON.parse(rows[0]!.data)).toEqual(signUp);
    expect(await recordIds()).toEqual([]);
  });

  it('sends notes to records and sign-ups to sign_ups, answering in input order', async () => {
    const [note1, note2] = [makeNote(), makeNote()];
    const signUp = makeSignUp();
    const results = await push([envelope(note1), pushed(signUp), envelope(note2)]);
    expect(results).toEqual([
      { id: note1.id, status: 'accepted' },
      { id: signUp.id, status: 'accepted' },
      { id: note2.id, status: 'accepted' },
    ]);
    expect(await recordIds()).toEqual([note1.id, note2.id]);
    expect((await signUpRows()).map((r) => r.id)).toEqual([signUp.id]);

    // The admin's view of collected records never holds a sign-up.
    const { cookie } = await server.login();
    for (const query of ['', '?kind=sign-up']) {
      const res = await server.request(`/api/v1/admin/records${query}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const { records } = await bodyOf<{ records: { id: string }[] }>(res);
      expect(records.map((r) => r.id)).not.toContain(signUp.id);
      expect(JSON.stringify(records)).not.toContain(signUp.name);
    }
  });

  it('stores a sign-up pushed twice once, answering duplicate the second time', async () => {
    const signUp = makeSignUp();
    await push([pushed(signUp)]);
    expect(await push([pushed(signUp), pushed(signUp)])).toEqual([
      { id: signUp.id, status: 'duplicate' },
      { id: signUp.id, status: 'duplicate' },
    ]);
    expect((await signUpRows()).map((r) => r.id)).toEqual([signUp.id]);
  });

  it.each([
    ['createdAt', { createdAt: '2026-11-21T09:58:12.000Z' }],
    ['updatedAt', { updatedAt: '2026-11-21T00:00:00.001Z' }],
    ['consent.givenAt', { consent: { ...makeSignUp().consent, givenAt: '2026-11-21T09:58:12Z' } }],
    ['id', { id: uuidv7At(Date.parse('2026-11-21T09:58:12.345Z')) }],
  ])(
    'refuses a sign-up whose %s is finer than the day, which could join it to answers',
    async (field, change) => {
      const signUp = { ...makeSignUp(), ...change };
      const [result] = await push([pushed(signUp)]);
      expect(result).toMatchObject({ id: signUp.id, status: 'rejected', field: `data.${field}` });
      expect(result?.reason).toMatch(/^a sign-up is dated to the day only \(midnight UTC\)/);
      expect(await signUpRows()).toEqual([]);
    },
  );

  it('accepts a sign-up dated to the day, its id made for the day', async () => {
    const day = '2026-11-20T00:00:00Z';
    const signUp = {
      ...makeSignUp(),
      id: uuidv7At(Date.parse(day)),
      createdAt: day,
      updatedAt: day,
      consent: { ...makeSignUp().consent, givenAt: day },
    };
    expect(await push([pushed(signUp)])).toEqual([{ id: signUp.id, status: 'accepted' }]);
  });

  it.each([
    [
      'email preferred but no email',
      { email: undefined, phone: '07700 900123' },
      'data.email',
      'is needed to contact by email',
    ],
    [
      'texts to a landline',
      { email: undefined, phone: '0113 496 0000', preferredContact: 'text' },
      'data.phone',
      'must be a UK mobile number (07…) to get texts',
    ],
    [
      'a premium-rate (09) number, which is no way to reach a person',
      { email: undefined, phone: '0906 123 4567', preferredContact: 'phone' },
      'data.phone',
      'is not a UK phone number',
    ],
    [
      'an email that is not one',
      { email: 'not-an-email' },
      'data.email',
      'is not an email address',
    ],
    [
      'no consent to be contacted',
      { consent: { ...makeSignUp().consent, contact: false } },
      'data.consent.contact',
      undefined,
    ],
  ])('rejects a sign-up with %s, naming the field', async (_, change, field, reason) => {
    const signUp = { ...makeSignUp(), ...change };
    const [result] = await push([pushed(signUp)]);
    expect(result).toMatchObject({ id: signUp.id, status: 'rejected', field });
    if (reason !== undefined) expect(result?.reason).toBe(reason);
    // The reason never echoes what was typed.
    for (const value of [signUp.name, signUp.email, signUp.phone].filter(Boolean)) {
      expect(result?.reason).not.toContain(value);
    }
    expect(await signUpRows()).toEqual([]);
    expect(await recordIds()).toEqual([]);
  });
});
