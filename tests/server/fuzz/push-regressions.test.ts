import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSignUp } from '../../fixtures/signup.factory';
import { makeEqualityMonitoring } from '../../fixtures/survey.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import {
  FuzzTally,
  PushModel,
  FUZZ_NOW,
  encodeBody,
  pushAndCheck,
  startFuzzServer,
  startRun,
} from '../../fuzz-kit/push-fuzz';
import { envelope } from '../server-test-kit';

/** Cases the fuzzing found, kept as examples so they stay fixed. */

let target: Awaited<ReturnType<typeof startFuzzServer>>;
let model: PushModel;
const tally = new FuzzTally();

beforeAll(async () => {
  target = await startFuzzServer();
});

beforeEach(async () => {
  await startRun(target.server);
  model = new PushModel(FUZZ_NOW);
});

afterAll(async () => {
  await target.server.close();
});

async function statusesOf(body: Uint8Array<ArrayBuffer>): Promise<string[]> {
  const expected = await pushAndCheck(target, model, body, tally);
  return expected.status === 200 ? expected.statuses : [String(expected.status)];
}

describe('push: what fuzzing found', () => {
  it('stores a sign-up with NUL in its name, email and consent version (PostgreSQL answered 500)', async () => {
    // PostgreSQL's text type cannot hold U+0000; the JSON escapes it, the search columns did not.
    const signUp = makeSignUp({
      name: 'Alex\u0000Example',
      email: 'alex\u0000@example.org',
      consent: { ...makeSignUp().consent, version: 'v\u00001' },
    });
    const body = encodeBody({
      records: [{ id: signUp.id, kind: 'sign-up', schemaVersion: 1, data: signUp }],
    });
    expect(await statusesOf(body)).toEqual(['accepted']);
    const row = await target.server.db
      .selectFrom('sign_ups')
      .select(['data', 'name', 'email', 'search_text'])
      .executeTakeFirstOrThrow();
    expect((JSON.parse(row.data) as { name: string }).name).toBe('Alex\u0000Example');
    expect(row).toMatchObject({ name: 'AlexExample', email: 'alex@example.org' });
    expect(row.search_text).toContain('alexexample');
  });

  it('stores an equality record whose survey id has NUL in it (PostgreSQL answered 500)', async () => {
    const record = makeEqualityMonitoring({ surveyId: 'fft\u0000' });
    const body = encodeBody({
      records: [{ id: record.id, kind: 'equality-monitoring', schemaVersion: 1, data: record }],
    });
    expect(await statusesOf(body)).toEqual(['accepted']);
  });

  it('stores records with a lone surrogate in their text and survey id, as they came', async () => {
    // JSON can carry half of a UTF-16 pair (\ud83d), which is no character: the record keeps it,
    // and a column beside it holds U+FFFD in its place on both stores (SQLite held bytes that
    // are not UTF-8, read back as three U+FFFD).
    const note = makeNote({ text: 'Half a pair \ud83d here' });
    const record = makeEqualityMonitoring({ surveyId: 'fft\udc00' });
    const body = encodeBody({
      records: [
        envelope(note),
        { id: record.id, kind: 'equality-monitoring', schemaVersion: 1, data: record },
      ],
    });
    expect(await statusesOf(body)).toEqual(['accepted', 'accepted']);
    const rows = await target.server.db
      .selectFrom('records')
      .select(['id', 'data', 'subject_id'])
      .execute();
    const stored = new Map(rows.map((row) => [row.id, row]));
    expect((JSON.parse(stored.get(note.id)!.data) as { text: string }).text).toBe(
      'Half a pair \ud83d here',
    );
    expect((JSON.parse(stored.get(record.id)!.data) as { surveyId: string }).surveyId).toBe(
      'fft\udc00',
    );
    expect(stored.get(record.id)!.subject_id).toBe('fft\ufffd');
  });

  it('refuses a body that is not UTF-8 and stores nothing (it stored the note with U+FFFD)', async () => {
    const note = makeNote({ text: 'Before BAD after' });
    const [before, after] = new TextDecoder()
      .decode(encodeBody({ records: [envelope(note)] }))
      .split('BAD') as [string, string];
    const encoder = new TextEncoder();
    const body = new Uint8Array([...encoder.encode(before), 0xff, 0xfe, ...encoder.encode(after)]);
    // pushAndCheck holds the server to this and to a database with nothing in it.
    expect(await pushAndCheck(target, model, body, tally)).toMatchObject({
      status: 400,
      code: 'invalid_json',
    });
    expect(await statusesOf(encodeBody({ records: [envelope(note)] }))).toEqual(['accepted']);
  });
});
