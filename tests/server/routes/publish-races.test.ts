import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminEventSummary,
  AdminOutcome,
  AdminSurveyDetail,
} from '../../../src/shared/admin/admin-api';
import type { WorkshopEvent } from '../../../src/shared/schemas/event.schema';
import type { SurveyDefinition } from '../../../src/shared/schemas/survey.schema';
import type { PullResponse, PushResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput, makeOutcomeInput } from '../../fixtures/admin-console.factory';
import { makeSurvey, words } from '../../fixtures/survey.factory';
import {
  adminAgent,
  bodyOf,
  envelope,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

/**
 * Publishers racing on PostgreSQL, where requests run on separate connections. Run with
 * INVOLVE_TEST_DATABASE_URL=postgres://...; skipped on SQLite, whose one connection runs
 * transactions one at a time (feed-lock.routes.test.ts checks the lock order there).
 * Each test holds the feed's counter row from another connection, so the requests queue up
 * behind it in the order they were sent.
 */
const onPostgres = !!process.env.INVOLVE_TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for a request to reach the lock and wait there. */
const SETTLE_MS = 300;

let server: TestServer;
let admin: AdminAgent;
let token: string;

beforeEach(async () => {
  if (!onPostgres) return;
  server = await startTestServer();
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
});

afterEach(async () => {
  if (!onPostgres) return;
  expect(server.errors).toEqual([]);
  await server.close();
});

/** Holds the feed's counter row from another connection until the answer is called. */
async function holdFeedLock(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: server.env.DATABASE_URL });
  await client.connect();
  await client.query('begin');
  await client.query("select value from counters where name = 'published' for update");
  return async () => {
    await client.query('commit');
    await client.end();
  };
}

/** What a tablet pulling from the start gets of one kind: the feed's latest word on each. */
async function feed(kind: string) {
  const res = await server.pull(token);
  return (await bodyOf<PullResponse>(res)).changes.filter((change) => change.kind === kind);
}

describe.skipIf(!onPostgres)('publish races on PostgreSQL', () => {
  it('an outcome edit racing its withdrawal leaves it withdrawn, in the console and the feed', async () => {
    const created = await bodyOf<AdminOutcome>(
      await admin.send('POST', '/outcomes', makeOutcomeInput()),
    );
    await admin.send('POST', `/outcomes/${created.id}/publish`);
    const release = await holdFeedLock();
    const withdraw = admin.send('POST', `/outcomes/${created.id}/withdraw`);
    await sleep(SETTLE_MS);
    const edit = admin.send('PUT', `/outcomes/${created.id}`, makeOutcomeInput({ weDid: 'New.' }));
    await sleep(SETTLE_MS);
    await release();
    expect((await withdraw).status).toBe(200);
    const edited = await edit;
    expect(edited.status).toBe(200);
    // The edit ran after the withdrawal and saw it.
    expect((await bodyOf<AdminOutcome>(edited)).withdrawnAt).toBeDefined();
    const list = await bodyOf<{ outcomes: AdminOutcome[] }>(await admin.get('/outcomes'));
    expect(list.outcomes[0]!.withdrawnAt).toBeDefined();
    const [change] = await feed('outcome');
    expect((change!.data as { withdrawnAt?: string }).withdrawnAt).toBeDefined();
  });

  it('an event edit racing its unpublishing does not put it back on tablets', async () => {
    const made = await bodyOf<AdminEventSummary>(
      await admin.send('POST', '/events', makeAdminEventInput()),
    );
    const id = made.event.id;
    await admin.send('POST', `/events/${id}/publish`);
    server.clock.advance(1000);
    const release = await holdFeedLock();
    const unpublish = admin.send('POST', `/events/${id}/unpublish`);
    await sleep(SETTLE_MS);
    const edit = admin.send('PUT', `/events/${id}`, makeAdminEventInput({ title: 'Renamed' }));
    await sleep(SETTLE_MS);
    await release();
    expect((await unpublish).status).toBe(200);
    expect((await edit).status).toBe(200);
    const detail = await bodyOf<AdminEventSummary>(await admin.get(`/events/${id}`));
    expect(detail.publishedAt).toBeNull();
    const [change] = await feed('event');
    expect((change!.data as { withdrawnAt?: string }).withdrawnAt).toBeDefined();
  });

  it('a tablet’s edit racing the unpublishing does not put the event back on tablets', async () => {
    const made = await bodyOf<AdminEventSummary>(
      await admin.send('POST', '/events', makeAdminEventInput()),
    );
    const event = made.event;
    await admin.send('POST', `/events/${event.id}/publish`);
    server.clock.advance(1000);
    const release = await holdFeedLock();
    const unpublish = admin.send('POST', `/events/${event.id}/unpublish`);
    await sleep(SETTLE_MS);
    const byTablet: WorkshopEvent = {
      ...event,
      title: 'Renamed on a tablet',
      updatedAt: '2026-11-21T10:00:00.000Z',
    };
    const push = server.push(token, [envelope(byTablet)]);
    await sleep(SETTLE_MS);
    await release();
    expect((await unpublish).status).toBe(200);
    const pushed = await bodyOf<PushResponse>(await push);
    expect(pushed.results[0]!.status).toBe('accepted');
    // The unpublishing went first; the push, after it, saw the event withdrawn and sent
    // nothing. The feed's latest word is still the withdrawal; the tablet's edit is stored.
    const [change] = await feed('event');
    expect(change!.data).toEqual({ ...event, withdrawnAt: expect.any(String) as unknown });
    const detail = await bodyOf<AdminEventSummary>(await admin.get(`/events/${event.id}`));
    expect(detail.event).toEqual(byTablet);
    expect(detail.publishedAt).toBeNull();
  });

  it('a tablet’s edit and a console edit of one published event both commit; the feed has the stored one', async () => {
    const made = await bodyOf<AdminEventSummary>(
      await admin.send('POST', '/events', makeAdminEventInput()),
    );
    const event = made.event;
    await admin.send('POST', `/events/${event.id}/publish`);
    server.clock.advance(60 * 60_000);
    const release = await holdFeedLock();
    const byTablet: WorkshopEvent = {
      ...event,
      title: 'Renamed on a tablet',
      updatedAt: '2026-11-21T09:30:00.000Z',
    };
    const push = server.push(token, [envelope(byTablet)]);
    await sleep(SETTLE_MS);
    const edit = admin.send(
      'PUT',
      `/events/${event.id}`,
      makeAdminEventInput({ title: 'Console' }),
    );
    await sleep(SETTLE_MS);
    await release();
    expect((await push).status).toBe(200);
    expect((await edit).status).toBe(200);
    const stored = await bodyOf<AdminEventSummary>(await admin.get(`/events/${event.id}`));
    expect(stored.event.title).toBe('Console');
    const [change] = await feed('event');
    expect(change!.data).toEqual(stored.event);
  });
});

describe.skipIf(!onPostgres)('survey publish racing a draft save on PostgreSQL', () => {
  it('sends tablets the definition the server published, saved a moment before', async () => {
    const first = makeSurvey({ title: words('Version as first saved') });
    expect((await admin.send('PUT', `/surveys/${first.id}`, first)).status).toBe(200);
    const { version } = (await bodyOf<AdminSurveyDetail>(await admin.get(`/surveys/${first.id}`)))
      .definition;
    // Another instance's PUT /surveys/:id in flight: the draft updated, not yet committed.
    const other = new pg.Client({ connectionString: server.env.DATABASE_URL });
    await other.connect();
    await other.query('begin');
    const second: SurveyDefinition = {
      ...first,
      version,
      title: words('Version as saved a moment later'),
    };
    await other.query(
      "update survey_versions set data = $1 where survey_id = $2 and version = $3 and status = 'draft'",
      [JSON.stringify(second), first.id, version],
    );
    const publishing = admin.send('POST', `/surveys/${first.id}/publish`);
    await sleep(SETTLE_MS);
    await other.query('commit');
    await other.end();
    expect((await publishing).status).toBe(200);
    const stored = await bodyOf<AdminSurveyDetail>(await admin.get(`/surveys/${first.id}`));
    expect(stored.definition.title.en.text).toBe('Version as saved a moment later');
    const [change] = await feed('survey');
    expect(change!.data).toEqual(stored.definition);
  });
});
