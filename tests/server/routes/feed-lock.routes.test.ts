import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminEventSummary, AdminOutcome } from '../../../src/shared/admin/admin-api';
import type { WorkshopEvent } from '../../../src/shared/schemas/event.schema';
import type { PushResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput, makeOutcomeInput } from '../../fixtures/admin-console.factory';
import { makeSurvey } from '../../fixtures/survey.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import {
  adminAgent,
  bodyOf,
  envelope,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

/**
 * The feed lock (published.repository.ts, `withFeedLock`) must be the first statement of every
 * transaction that may publish: on PostgreSQL, a transaction that reads what it publishes and
 * only then waits for the lock publishes what it read before the wait (publish-races.test.ts
 * shows the races on PostgreSQL). These tests read the SQL the app sends, so they hold on
 * SQLite too.
 */

let server: TestServer;
let admin: AdminAgent;
let token: string;
const trace: string[] = [];

beforeEach(async () => {
  trace.length = 0;
  server = await startTestServer({}, { traceSql: trace });
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

const isLock = (sql: string) => /^update "counters" set "value" = "value" where/.test(sql);

/** The statements of each transaction the app ran while `request` was in flight. */
async function transactionsOf(request: () => Promise<Response>, status = 200): Promise<string[][]> {
  trace.length = 0;
  const res = await request();
  expect(res.status).toBe(status);
  const transactions: string[][] = [];
  let current: string[] | undefined;
  for (const sql of trace) {
    // SQLite's transactions begin IMMEDIATE (taking the write lock), PostgreSQL's plainly.
    if (sql === 'begin' || sql === 'begin immediate') current = [];
    else if (sql === 'commit' || sql === 'rollback') {
      if (current) transactions.push(current);
      current = undefined;
    } else current?.push(sql);
  }
  return transactions;
}

/** The one transaction of a request that publishes, which must open with the lock. */
function publishing(transactions: string[][]): string[] {
  const found = transactions.filter((statements) =>
    statements.some((sql) => sql.startsWith('insert into "published"')),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('every transaction that may publish takes the feed lock first', () => {
  it('events: edit, publish and unpublish', async () => {
    const made = await bodyOf<AdminEventSummary>(
      await admin.send('POST', '/events', makeAdminEventInput()),
    );
    const id = made.event.id;
    const publish = await transactionsOf(() => admin.send('POST', `/events/${id}/publish`));
    expect(isLock(publishing(publish)[0]!)).toBe(true);
    server.clock.advance(1000);
    const edit = await transactionsOf(() =>
      admin.send('PUT', `/events/${id}`, makeAdminEventInput({ title: 'Renamed' })),
    );
    expect(isLock(publishing(edit)[0]!)).toBe(true);
    server.clock.advance(1000);
    const unpublish = await transactionsOf(() => admin.send('POST', `/events/${id}/unpublish`));
    expect(isLock(publishing(unpublish)[0]!)).toBe(true);
    // An edit of an unpublished event publishes nothing, yet might have: the lock comes first.
    server.clock.advance(1000);
    const quiet = await transactionsOf(() =>
      admin.send('PUT', `/events/${id}`, makeAdminEventInput({ title: 'Quietly' })),
    );
    const writing = quiet.filter((t) => t.some((sql) => sql.startsWith('update "records"')));
    expect(writing).toHaveLength(1);
    expect(isLock(writing[0]![0]!)).toBe(true);
  });

  it('outcomes: edit, publish and withdraw', async () => {
    const made = await bodyOf<AdminOutcome>(
      await admin.send('POST', '/outcomes', makeOutcomeInput()),
    );
    const path = `/outcomes/${made.id}`;
    const publish = await transactionsOf(() => admin.send('POST', `${path}/publish`));
    expect(isLock(publishing(publish)[0]!)).toBe(true);
    const edit = await transactionsOf(() =>
      admin.send('PUT', path, makeOutcomeInput({ weDid: 'New words.' })),
    );
    expect(isLock(publishing(edit)[0]!)).toBe(true);
    const withdraw = await transactionsOf(() => admin.send('POST', `${path}/withdraw`));
    expect(isLock(publishing(withdraw)[0]!)).toBe(true);
  });

  it('surveys: publish', async () => {
    const survey = makeSurvey();
    expect((await admin.send('PUT', `/surveys/${survey.id}`, survey)).status).toBe(200);
    const publish = await transactionsOf(() => admin.send('POST', `/surveys/${survey.id}/publish`));
    expect(isLock(publishing(publish)[0]!)).toBe(true);
  });
});

describe('a push', () => {
  async function pushOk(records: (WorkshopEvent | ReturnType<typeof makeNote>)[]) {
    return transactionsOf(async () => {
      const res = await server.push(token, records.map(envelope));
      const { results } = await bodyOf<PushResponse>(res.clone());
      expect(results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
      return res;
    });
  }

  const mentions = (transactions: string[][], table: string) =>
    transactions.flat().filter((sql) => sql.includes(`"${table}"`));

  it('without events neither takes the lock nor looks for publications', async () => {
    const transactions = await pushOk([makeNote(), makeNote()]);
    // Every statement of the push, in a transaction or not.
    expect(mentions([trace], 'counters')).toEqual([]);
    expect(mentions([trace], 'event_publications')).toEqual([]);
    if (server.dialect === 'sqlite') {
      // The rows through the prepared statements (not traced), then the sighting, together.
      expect(transactions).toEqual([[expect.stringMatching(/^update "devices"/)]]);
    } else {
      // One statement, its own transaction: the rows and the device's sighting in it.
      expect(transactions).toEqual([]);
      const writes = trace.filter((sql) => /insert into "records"|update "devices"/.test(sql));
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatch(/update "devices".*insert into "records"/s);
    }
  });

  it('with events takes the lock first and looks for live publications in one query', async () => {
    const events = [makeEvent(), makeEvent(), makeEvent()];
    const transactions = await pushOk([...events, makeNote({ eventId: events[0]!.id })]);
    expect(transactions).toHaveLength(1);
    expect(isLock(transactions[0]![0]!)).toBe(true);
    expect(mentions(transactions, 'event_publications')).toHaveLength(1);
  });

  it('re-publishes an accepted event that tablets are given, after taking the lock', async () => {
    const event = makeEvent();
    await pushOk([event]);
    expect((await admin.send('POST', `/events/${event.id}/publish`)).status).toBe(200);
    const edit = { ...event, title: 'Edited on a tablet', updatedAt: '2026-11-21T10:05:00.000Z' };
    const transactions = await pushOk([edit]);
    expect(isLock(publishing(transactions)[0]!)).toBe(true);
  });
});
