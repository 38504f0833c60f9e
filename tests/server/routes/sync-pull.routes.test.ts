import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PULL_LIMIT } from '../../../src/shared/sync/protocol';
import type { PullResponse } from '../../../src/shared/sync/protocol';
import { publish, withFeedLock } from '../../../src/server/db/published.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { uuidv7 } from '../../../src/shared/ids';
import { PLACEHOLDER_ORGANISATION_NAME } from '../../../src/shared/organisation';
import { makeEvent } from '../../fixtures/workshop.factory';
import { bodyOf, errorOf, startTestServer, type TestServer } from '../server-test-kit';

let server: TestServer;
let token: string;
let organisationId: string;

beforeEach(async () => {
  server = await startTestServer();
  ({ token } = await server.enrolDevice());
  organisationId = (await getDefaultOrganisation(server.db)).id;
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

async function publishEvents(count: number, org = organisationId) {
  const events = Array.from({ length: count }, () => makeEvent());
  await withFeedLock(server.db, async (trx) => {
    for (const event of events) {
      await publish(trx, {
        organisationId: org,
        kind: 'event',
        id: event.id,
        data: event,
        publishedAt: server.clock.now().toISOString(),
      });
    }
  });
  return events;
}

async function pulled(since?: string): Promise<PullResponse> {
  const res = await server.pull(token, since);
  expect(res.status).toBe(200);
  return bodyOf<PullResponse>(res);
}

describe('GET /api/v1/sync/pull', () => {
  it('answers an empty feed with the cursor it was given', async () => {
    const organisationName = PLACEHOLDER_ORGANISATION_NAME;
    expect(await pulled()).toEqual({ changes: [], cursor: '0', hasMore: false, organisationName });
    expect(await pulled('7')).toEqual({
      changes: [],
      cursor: '7',
      hasMore: false,
      organisationName,
    });
  });

  it('returns what was published, oldest first, with the cursor to continue from', async () => {
    const events = await publishEvents(3);
    const page = await pulled('0');
    expect(page.changes.map((c) => c.id)).toEqual(events.map((e) => e.id));
    expect(page.changes[0]).toEqual({ seq: 1, kind: 'event', id: events[0]!.id, data: events[0] });
    expect(page.cursor).toBe(String(page.changes[2]!.seq));
    expect(page.hasMore).toBe(false);
    expect(await pulled(page.cursor)).toMatchObject({
      changes: [],
      cursor: page.cursor,
      hasMore: false,
    });
  });

  it('pages by cursor: at most PULL_LIMIT changes, hasMore until the end', async () => {
    const events = await publishEvents(PULL_LIMIT + 3);
    const first = await pulled();
    expect(first.changes).toHaveLength(PULL_LIMIT);
    expect(first.hasMore).toBe(true);
    const second = await pulled(first.cursor);
    expect(second.changes).toHaveLength(3);
    expect(second.hasMore).toBe(false);
    expect([...first.changes, ...second.changes].map((c) => c.id)).toEqual(events.map((e) => e.id));
  });

  it('moves a re-published item to the end and sends only its latest version', async () => {
    const [a, b] = await publishEvents(2);
    const cursor = (await pulled()).cursor;
    const edited = { ...a!, title: 'Renamed' };
    await withFeedLock(server.db, (trx) =>
      publish(trx, {
        organisationId,
        kind: 'event',
        id: a!.id,
        data: edited,
        publishedAt: server.clock.now().toISOString(),
      }),
    );
    const since = await pulled(cursor);
    expect(since.changes.map((c) => [c.id, c.data])).toEqual([[a!.id, edited]]);
    const all = await pulled();
    expect(all.changes.map((c) => c.id)).toEqual([b!.id, a!.id]);
  });

  it("never shows another organisation's publications", async () => {
    const otherOrg = uuidv7();
    await server.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other trust', created_at: server.clock.now().toISOString() })
      .execute();
    await publishEvents(2, otherOrg);
    const mine = await publishEvents(1);
    expect((await pulled()).changes.map((c) => c.id)).toEqual([mine[0]!.id]);
  });

  it.each(['abc', '-1', '1.5', '', '1e3', '9'.repeat(16)])(
    'answers 400 validation_failed naming "since" for the cursor %j',
    async (since) => {
      const res = await server.pull(token, since);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual([{ field: 'since', message: expect.any(String) as unknown }]);
    },
  );

  it('needs a device token', async () => {
    const res = await server.request('/api/v1/sync/pull');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_token');
  });

  it('records when the device was last seen', async () => {
    server.clock.advance(5000);
    await pulled();
    const device = await server.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
    expect(device.last_seen_at).toBe(server.clock.now().toISOString());
  });
});
