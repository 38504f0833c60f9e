import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminEventDetail,
  AdminEventSummary,
  AdminOutcome,
} from '../../../src/shared/admin/admin-api';
import { UUID_V7 } from '../../../src/shared/ids';
import { publishedOutcomeSchema } from '../../../src/shared/schemas/outcome.schema';
import type { PullResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput, makeOutcomeInput } from '../../fixtures/admin-console.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import {
  adminAgent,
  bodyOf,
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
    const evidenceIds = Array.from(
      { length: 500 },
      (_, n) => `0190f5a8-0000-7000-8000-${String(n).padStart(12, '0')}`,
    );
    const outcome = await create({ evidenceIds });
    expect(outcome.evidenceIds).toHaveLength(500);
  });
});
