import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminEventDetail,
  AdminEventSummary,
  AdminOutcome,
} from '../../../src/shared/admin/admin-api';
import { UUID_V7, uuidv7 } from '../../../src/shared/ids';
import { publishedOutcomeSchema } from '../../../src/shared/schemas/outcome.schema';
import { FFT_SURVEY } from '../../../src/shared/survey/builtin/fft.survey';
import type { PullResponse, PushResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput, makeOutcomeInput } from '../../fixtures/admin-console.factory';
import { makeSurveyResponse } from '../../fixtures/survey.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import {
  adminAgent,
  bodyOf,
  envelope,
  errorOf,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

let server: TestServer;
let admin: AdminAgent;
let token: string;

beforeEach(async () => {
  server = await startTestServer();
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

async function create(overrides = {}): Promise<AdminOutcome> {
  const res = await admin.send('POST', '/outcomes', makeOutcomeInput(overrides));
  expect(res.status).toBe(201);
  return bodyOf<AdminOutcome>(res);
}

async function act(id: string, action: 'publish' | 'withdraw'): Promise<AdminOutcome> {
  const res = await admin.send('POST', `/outcomes/${id}/${action}`);
  expect(res.status).toBe(200);
  return bodyOf<AdminOutcome>(res);
}

async function pulledOutcomes(): Promise<PullResponse['changes']> {
  const res = await server.pull(token);
  expect(res.status).toBe(200);
  return (await bodyOf<PullResponse>(res)).changes.filter((c) => c.kind === 'outcome');
}

describe('outcomes', () => {
  it('creates, lists and edits an outcome; nothing reaches tablets until it is published', async () => {
    const input = makeOutcomeInput({ youSaid: '  Letters were hard to read.  ' });
    const res = await admin.send('POST', '/outcomes', input);
    expect(res.status).toBe(201);
    const created = await bodyOf<AdminOutcome>(res);
    const at = server.clock.now().toISOString();
    expect(created).toEqual({
      ...input,
      youSaid: 'Letters were hard to read.',
      id: expect.stringMatching(UUID_V7) as unknown,
      createdAt: at,
      updatedAt: at,
      publishedAt: null,
    });

    server.clock.advance(60_000);
    const edit = makeOutcomeInput({ weDid: 'We rewrote them in plain English.' });
    const put = await admin.send('PUT', `/outcomes/${created.id}`, edit);
    expect(put.status).toBe(200);
    const edited = await bodyOf<AdminOutcome>(put);
    expect(edited).toEqual({
      ...edit,
      id: created.id,
      createdAt: at,
      updatedAt: server.clock.now().toISOString(),
      publishedAt: null,
    });

    const list = await bodyOf<{ outcomes: AdminOutcome[] }>(await admin.get('/outcomes'));
    expect(list.outcomes).toEqual([edited]);
    expect(await pulledOutcomes()).toEqual([]);
  });

  it('publish → pull carries a PublishedOutcome; edit → the new words; withdraw → withdrawnAt', async () => {
    const outcome = await create();
    server.clock.advance(1000);
    const published = await act(outcome.id, 'publish');
    const publishedAt = server.clock.now().toISOString();
    expect(published.publishedAt).toBe(publishedAt);
    const [change] = await pulledOutcomes();
    expect(change?.id).toBe(outcome.id);
    const { createdAt: _c, updatedAt: _u, ...fields } = outcome;
    expect(change?.data).toEqual({ ...fields, publishedAt });
    expect(publishedOutcomeSchema.safeParse(change?.data).success).toBe(true);

    server.clock.advance(1000);
    const edit = makeOutcomeInput({ weDid: 'A quiet room is open every afternoon.' });
    expect((await admin.send('PUT', `/outcomes/${outcome.id}`, edit)).status).toBe(200);
    expect((await pulledOutcomes())[0]?.data).toEqual({ ...edit, id: outcome.id, publishedAt });

    server.clock.advance(1000);
    const withdrawn = await act(outcome.id, 'withdraw');
    const withdrawnAt = server.clock.now().toISOString();
    expect(withdrawn).toMatchObject({ publishedAt, withdrawnAt });
    const pulled = await pulledOutcomes();
    expect(pulled).toHaveLength(1);
    expect(pulled[0]?.data).toEqual({ ...edit, id: outcome.id, publishedAt, withdrawnAt });

    // Withdrawing again changes nothing; editing a withdrawn outcome is not sent.
    server.clock.advance(1000);
    expect((await act(outcome.id, 'withdraw')).withdrawnAt).toBe(withdrawnAt);
    await admin.send('PUT', `/outcomes/${outcome.id}`, makeOutcomeInput());
    expect((await pulledOutcomes())[0]?.seq).toBe(pulled[0]?.seq);

    // Publishing again brings it back.
    const again = await act(outcome.id, 'publish');
    expect(again.withdrawnAt).toBeUndefined();
    const [back] = await pulledOutcomes();
    expect(back?.data).toEqual({
      ...makeOutcomeInput(),
      id: outcome.id,
      publishedAt: server.clock.now().toISOString(),
    });
  });

  it('refuses to withdraw an outcome that was never published', async () => {
    const outcome = await create();
    const res = await admin.send('POST', `/outcomes/${outcome.id}/withdraw`);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe(
      'This outcome has not been published, so there is nothing to withdraw.',
    );
  });

  it('links to an event: the event page shows it once published, not once withdrawn', async () => {
    const eventRes = await admin.send('POST', '/events', makeAdminEventInput());
    const { event } = await bodyOf<AdminEventSummary>(eventRes);
    const note = makeNote({ eventId: event.id });
    await server.push(token, [
      { id: note.id, kind: 'workshop-note', schemaVersion: 1, data: note },
    ]);
    const outcome = await create({
      eventId: event.id,
      themeIds: ['training'],
      evidenceIds: [note.id],
      surveyId: 'fft',
    });
    const page = async () => bodyOf<AdminEventDetail>(await admin.get(`/events/${event.id}`));
    expect((await page()).outcomes).toEqual([]);
    await act(outcome.id, 'publish');
    expect((await page()).outcomes.map((o) => [o.id, o.evidenceIds])).toEqual([
      [outcome.id, [note.id]],
    ]);
    await act(outcome.id, 'withdraw');
    expect((await page()).outcomes).toEqual([]);
  });

  it('refuses links to an event or a survey that does not exist, naming the field', async () => {
    for (const [overrides, field] of [
      [{ eventId: '0190f5a8-0000-7000-8000-000000000000' }, 'eventId'],
      [{ surveyId: 'no-such-survey' }, 'surveyId'],
      [{ surveyId: 'Not\u0000A survey' }, 'surveyId'],
    ] as const) {
      const res = await admin.send('POST', '/outcomes', { ...makeOutcomeInput(), ...overrides });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('answers 404 with a sentence for unknown and malformed ids', async () => {
    for (const id of ['0190f5a8-0000-7000-8000-000000000000', 'nope']) {
      for (const res of [
        await admin.send('PUT', `/outcomes/${id}`, makeOutcomeInput()),
        await admin.send('POST', `/outcomes/${id}/publish`),
        await admin.send('POST', `/outcomes/${id}/withdraw`),
      ]) {
        expect(res.status).toBe(404);
        expect((await errorOf(res)).message).toBe('There is no outcome with this id.');
      }
    }
  });

  it('takes 500 evidence ids, more than the API’s default body limit', async () => {
    const notes = Array.from({ length: 500 }, () => makeNote());
    const pushed = await server.push(token, notes.map(envelope));
    expect((await bodyOf<PushResponse>(pushed)).results.every((r) => r.status === 'accepted')).toBe(
      true,
    );
    const outcome = await create({ evidenceIds: notes.map((n) => n.id) });
    expect(outcome.evidenceIds).toHaveLength(500);
  });

  it('takes survey answers as evidence as well as notes', async () => {
    const note = makeNote();
    const response = makeSurveyResponse({
      surveyId: FFT_SURVEY.id,
      surveyVersion: FFT_SURVEY.version,
      answers: [
        { questionId: 'fft', choice: 'poor' },
        { questionId: 'fft-why', text: 'Nobody told me when the bus would come' },
      ],
    });
    const res = await server.push(token, [
      envelope(note),
      { id: response.id, kind: 'survey-response', schemaVersion: 1, data: response },
    ]);
    expect((await bodyOf<PushResponse>(res)).results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const outcome = await create({ surveyId: 'fft', evidenceIds: [response.id, note.id] });
    expect(outcome.evidenceIds).toEqual([response.id, note.id]);
  });

  it('refuses evidence that is not a note or answer of this organisation, naming the entry', async () => {
    const mine = makeNote();
    const theirs = makeNote();
    const eventRes = await admin.send('POST', '/events', makeAdminEventInput());
    const { event } = await bodyOf<AdminEventSummary>(eventRes);
    await server.push(token, [envelope(mine), envelope(theirs)]);
    // The other note belongs to another organisation.
    const otherOrg = uuidv7();
    await server.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other trust', created_at: server.clock.now().toISOString() })
      .execute();
    await server.db
      .updateTable('records')
      .set({ organisation_id: otherOrg })
      .where('id', '=', theirs.id)
      .execute();
    const unknown = '0190f5a8-0000-7000-8000-000000000000';

    const res = await admin.send(
      'POST',
      '/outcomes',
      makeOutcomeInput({ evidenceIds: [mine.id, unknown, theirs.id, event.id] }),
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('evidenceIds.1: there is no note or survey answer with this id');
    // An event is a record too, but not evidence.
    expect(error.details).toEqual(
      [1, 2, 3].map((i) => ({
        field: `evidenceIds.${i}`,
        message: 'there is no note or survey answer with this id',
      })),
    );
    // The same on an edit, and nothing is stored.
    const outcome = await create({ evidenceIds: [mine.id] });
    const put = await admin.send(
      'PUT',
      `/outcomes/${outcome.id}`,
      makeOutcomeInput({ evidenceIds: [unknown] }),
    );
    expect(put.status).toBe(400);
    expect((await errorOf(put)).details).toEqual([
      expect.objectContaining({ field: 'evidenceIds.0' }),
    ]);
    const { outcomes } = await bodyOf<{ outcomes: AdminOutcome[] }>(await admin.get('/outcomes'));
    expect(outcomes.map((o) => o.evidenceIds)).toEqual([[mine.id]]);
  });
});
