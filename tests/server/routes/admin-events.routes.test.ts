import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminEventDetail, AdminEventSummary } from '../../../src/shared/admin/admin-api';
import { UUID_V7 } from '../../../src/shared/ids';
import type { WorkshopEvent } from '../../../src/shared/schemas/event.schema';
import type { PullResponse, PushResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput } from '../../fixtures/admin-console.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
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

beforeEach(async () => {
  server = await startTestServer();
  admin = await adminAgent(server);
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

async function createEvent(overrides = {}): Promise<AdminEventSummary> {
  const res = await admin.send('POST', '/events', makeAdminEventInput(overrides));
  expect(res.status).toBe(201);
  return bodyOf<AdminEventSummary>(res);
}

async function pushOk(token: string, records: Parameters<typeof envelope>[0][]): Promise<void> {
  const res = await server.push(token, records.map(envelope));
  expect(res.status).toBe(200);
  const { results } = await bodyOf<PushResponse>(res);
  expect(results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
}

async function pulled(token: string): Promise<PullResponse['changes']> {
  const res = await server.pull(token);
  expect(res.status).toBe(200);
  return (await bodyOf<PullResponse>(res)).changes;
}

describe('POST /api/v1/admin/events', () => {
  it('stores the event as an `event` record made by the server, with a fresh UUIDv7', async () => {
    const input = makeAdminEventInput({ title: '  Carers’ forum  ' });
    const res = await admin.send('POST', '/events', input);
    expect(res.status).toBe(201);
    const created = await bodyOf<AdminEventSummary>(res);
    const at = server.clock.now().toISOString();
    expect(created).toEqual({
      event: {
        ...input,
        title: 'Carers’ forum',
        id: expect.stringMatching(UUID_V7) as unknown,
        createdAt: at,
        updatedAt: at,
        deviceId: 'server',
        schemaVersion: 1,
      },
      madeOn: 'console',
      publishedAt: null,
      noteCount: 0,
      deviceCount: 0,
    });
    // Read back through the same admin API as a tablet's events.
    const records = await admin.get(`/records?kind=event`);
    const { records: stored } = await bodyOf<{ records: { id: string; data: unknown }[] }>(records);
    expect(stored).toEqual([
      expect.objectContaining({ id: created.event.id, data: created.event }),
    ]);
  });

  it('does not list the console as a device', async () => {
    await createEvent();
    await server.enrolDevice('Tablet 1');
    const res = await admin.get('/devices');
    const { devices } = await bodyOf<{ devices: { name: string }[] }>(res);
    expect(devices.map((d) => d.name)).toEqual(['Tablet 1']);
  });
});

describe('GET /api/v1/admin/events', () => {
  it('lists console and tablet events alike, newest date first, with note and device counts', async () => {
    const fromConsole = await createEvent({ title: 'Console event', date: '2026-12-03' });
    const tablet1 = await server.enrolDevice('Ward 3 tablet');
    const tablet2 = await server.enrolDevice('Ward 4 tablet');
    const fromTablet = makeEvent({ title: 'Tablet event', date: '2026-11-21' });
    const deletedEvent = makeEvent({ deletedAt: '2026-11-21T10:00:00.000Z' });
    await pushOk(tablet1.token, [fromTablet, deletedEvent]);
    await pushOk(tablet1.token, [
      makeNote({ eventId: fromTablet.id }),
      makeNote({ eventId: fromTablet.id }),
      makeNote({ eventId: fromConsole.event.id }),
    ]);
    await pushOk(tablet2.token, [
      makeNote({ eventId: fromTablet.id }),
      makeNote({ eventId: fromTablet.id, deletedAt: '2026-11-21T10:05:00.000Z' }),
    ]);

    const res = await admin.get('/events');
    expect(res.status).toBe(200);
    const { events } = await bodyOf<{ events: AdminEventSummary[] }>(res);
    expect(events.map((e) => [e.event.title, e.madeOn, e.noteCount, e.deviceCount])).toEqual([
      ['Console event', 'console', 1, 1],
      ['Tablet event', { deviceName: 'Ward 3 tablet' }, 3, 2],
    ]);
  });

  /** Every page of the list at `limit` a page, and how many pages it took. */
  async function allPages(limit: number): Promise<{ titles: string[]; pages: number }> {
    const titles: string[] = [];
    let after = '';
    for (let pages = 1; ; pages++) {
      const res = await admin.get(`/events?limit=${limit}${after}`);
      expect(res.status).toBe(200);
      const page = await bodyOf<{ events: AdminEventSummary[]; next: string | null }>(res);
      titles.push(...page.events.map((e) => e.event.title));
      if (page.next === null) return { titles, pages };
      expect(page.events).toHaveLength(limit);
      after = `&after=${page.next}`;
    }
  }

  it('pages newest date first, the last made first within a day, each event once', async () => {
    const { token } = await server.enrolDevice('Ward 3 tablet');
    // Made in this order; two days have three events each, so pages split a day.
    const made = [
      ['A', '2026-11-20'],
      ['B', '2026-12-01'],
      ['C', '2026-11-20'],
      ['D', '2026-11-25'],
      ['E', '2026-12-01'],
      ['F', '2026-11-20'],
      ['G', '2026-12-01'],
    ] as const;
    for (const [title, date] of made) {
      if (title === 'C' || title === 'G') await pushOk(token, [makeEvent({ title, date })]);
      else await createEvent({ title, date });
      server.clock.advance(1000);
    }
    await pushOk(token, [makeEvent({ title: 'Deleted', deletedAt: '2026-11-21T10:00:00.000Z' })]);
    const expected = ['G', 'E', 'B', 'D', 'F', 'C', 'A'];
    expect(await allPages(3)).toEqual({ titles: expected, pages: 3 });
    expect(await allPages(7)).toEqual({ titles: expected, pages: 1 });
    expect(await allPages(1)).toEqual({ titles: expected, pages: 7 });
  });

  it('pages past events stored without a date (by an older server during an upgrade), last', async () => {
    for (const [title, date] of [
      ['Old 1', '2026-11-01'],
      ['New', '2026-12-01'],
      ['Old 2', '2026-11-02'],
    ] as const) {
      await createEvent({ title, date });
      server.clock.advance(1000);
    }
    // An instance still on the previous version stores events with no record_date.
    await server.db
      .updateTable('records')
      .set({ record_date: '' })
      .where('kind', '=', 'event')
      .where('data', 'like', '%"Old %')
      .execute();
    expect(await allPages(1)).toEqual({ titles: ['New', 'Old 2', 'Old 1'], pages: 3 });
  });

  it('moves an event whose date is edited, in the console or on a tablet', async () => {
    const { token } = await server.enrolDevice('Ward 3 tablet');
    const early = await createEvent({ title: 'Early', date: '2026-10-01' });
    await createEvent({ title: 'Middle', date: '2026-11-01' });
    const tablet = makeEvent({
      title: 'Tablet',
      date: '2026-09-01',
      updatedAt: '2026-11-21T08:00:00.000Z',
    });
    await pushOk(token, [tablet]);
    expect((await allPages(2)).titles).toEqual(['Middle', 'Early', 'Tablet']);

    const edit = makeAdminEventInput({ title: 'Early', date: '2026-12-01' });
    expect((await admin.send('PUT', `/events/${early.event.id}`, edit)).status).toBe(200);
    await pushOk(token, [{ ...tablet, date: '2026-11-15', updatedAt: '2026-11-21T09:30:00.000Z' }]);
    expect((await allPages(2)).titles).toEqual(['Early', 'Tablet', 'Middle']);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?after=12', 'after'],
    [`?after=${Buffer.from('["2026-11-01","not-a-uuid"]').toString('base64url')}`, 'after'],
  ])('answers 400 validation_failed to %s', async (query, field) => {
    const res = await admin.get(`/events${query}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('GET /api/v1/admin/events/:id', () => {
  it('has every live note from every tablet, text verbatim in JSON (never HTML)', async () => {
    const { event } = await createEvent();
    const tablet1 = await server.enrolDevice('Tablet 1');
    const tablet2 = await server.enrolDevice('Tablet 2');
    const script = makeNote({
      eventId: event.id,
      text: '<script>alert("hi")</script> & <b>bold</b>',
      createdAt: '2026-11-21T10:01:00.000Z',
    });
    const other = makeNote({ eventId: event.id, createdAt: '2026-11-21T10:02:00.000Z' });
    const deleted = makeNote({ eventId: event.id, deletedAt: '2026-11-21T10:03:00.000Z' });
    const elsewhere = makeNote();
    await pushOk(tablet1.token, [script, deleted, elsewhere]);
    await pushOk(tablet2.token, [other]);

    const res = await admin.get(`/events/${event.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const raw = await res.text();
    expect(raw).toContain('"text":"<script>alert(\\"hi\\")</script> & <b>bold</b>"');
    expect(raw).not.toContain('&lt;');
    const detail = JSON.parse(raw) as AdminEventDetail;
    expect(detail.notes).toEqual([script, other]);
    expect(detail.noteCount).toBe(2);
    expect(detail.deviceCount).toBe(2);
    expect(detail.outcomes).toEqual([]);
    expect(detail.event).toEqual(event);
  });

  it('answers 404 with a sentence for an unknown id, a malformed id and a deleted event', async () => {
    const token = (await server.enrolDevice()).token;
    const deleted = makeEvent({ deletedAt: '2026-11-21T10:00:00.000Z' });
    await pushOk(token, [deleted]);
    for (const id of ['0190f5a8-0000-7000-8000-000000000000', 'not-an-id', deleted.id]) {
      const res = await admin.get(`/events/${id}`);
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({
        code: 'not_found',
        message: 'There is no event with this id.',
      });
    }
  });
});

describe('PUT /api/v1/admin/events/:id', () => {
  it('edits a tablet event, bumping updatedAt; a later tablet edit still wins', async () => {
    const { token } = await server.enrolDevice('Ward 3 tablet');
    const original = makeEvent({ title: 'Before', updatedAt: '2026-11-21T08:00:00.000Z' });
    await pushOk(token, [original]);
    server.clock.advance(60_000);

    const edit = makeAdminEventInput({ title: 'After' });
    const res = await admin.send('PUT', `/events/${original.id}`, edit);
    expect(res.status).toBe(200);
    const edited = await bodyOf<AdminEventSummary>(res);
    expect(edited.event).toEqual({
      ...original,
      ...edit,
      updatedAt: server.clock.now().toISOString(),
    });
    // Still the tablet's event: who made it does not change with an edit.
    expect(edited.madeOn).toEqual({ deviceName: 'Ward 3 tablet' });

    // The tablet edits it again, later: its version is stored, as for any record.
    const later = { ...original, title: 'Tablet again', updatedAt: '2026-11-21T09:30:00.000Z' };
    await pushOk(token, [later]);
    const after = await bodyOf<AdminEventDetail>(await admin.get(`/events/${original.id}`));
    expect(after.event.title).toBe('Tablet again');

    // An older tablet copy does not overwrite the console's edit.
    const res2 = await admin.send(
      'PUT',
      `/events/${original.id}`,
      makeAdminEventInput({ title: 'Console' }),
    );
    expect(res2.status).toBe(200);
    const stale = await server.push(token, [envelope({ ...original, title: 'Stale' })]);
    expect((await bodyOf<PushResponse>(stale)).results[0]?.status).toBe('duplicate');
    const kept = await bodyOf<AdminEventDetail>(await admin.get(`/events/${original.id}`));
    expect(kept.event.title).toBe('Console');
  });

  it('wins over a stored version dated ahead of the server clock', async () => {
    const { token } = await server.enrolDevice();
    const ahead = new Date(server.clock.now().getTime() + 60 * 60_000).toISOString();
    const original = makeEvent({ updatedAt: ahead });
    await pushOk(token, [original]);
    const res = await admin.send(
      'PUT',
      `/events/${original.id}`,
      makeAdminEventInput({ title: 'Fixed' }),
    );
    expect(res.status).toBe(200);
    const edited = await bodyOf<AdminEventSummary>(res);
    expect(Date.parse(edited.event.updatedAt)).toBe(Date.parse(ahead) + 1);
    expect(edited.event.title).toBe('Fixed');
  });

  it('answers 404 for an unknown event', async () => {
    const res = await admin.send(
      'PUT',
      '/events/0190f5a8-0000-7000-8000-000000000000',
      makeAdminEventInput(),
    );
    expect(res.status).toBe(404);
  });
});

describe('publishing events', () => {
  it('publish → pull carries the event; edit → pull carries the edit; unpublish → pull carries withdrawnAt', async () => {
    const { token } = await server.enrolDevice();
    const { event } = await createEvent();
    expect(await pulled(token)).toEqual([]);

    server.clock.advance(1000);
    const published = await admin.send('POST', `/events/${event.id}/publish`);
    expect(published.status).toBe(200);
    const publishedAt = server.clock.now().toISOString();
    expect((await bodyOf<AdminEventSummary>(published)).publishedAt).toBe(publishedAt);
    expect(await pulled(token)).toEqual([
      { seq: expect.any(Number) as unknown, kind: 'event', id: event.id, data: event },
    ]);

    server.clock.advance(1000);
    const edit = await admin.send(
      'PUT',
      `/events/${event.id}`,
      makeAdminEventInput({ place: 'Library' }),
    );
    const edited = (await bodyOf<AdminEventSummary>(edit)).event;
    expect(await pulled(token)).toEqual([
      expect.objectContaining({ kind: 'event', id: event.id, data: edited }),
    ]);

    server.clock.advance(1000);
    const unpublished = await admin.send('POST', `/events/${event.id}/unpublish`);
    expect(unpublished.status).toBe(200);
    expect((await bodyOf<AdminEventSummary>(unpublished)).publishedAt).toBeNull();
    const withdrawnAt = server.clock.now().toISOString();
    const changes = await pulled(token);
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'event', id: event.id, data: { ...edited, withdrawnAt } }),
    ]);

    // Listed as not published; unpublishing again changes nothing in the feed.
    const { events } = await bodyOf<{ events: AdminEventSummary[] }>(await admin.get('/events'));
    expect(events[0]?.publishedAt).toBeNull();
    await admin.send('POST', `/events/${event.id}/unpublish`);
    expect((await pulled(token))[0]?.seq).toBe(changes[0]?.seq);

    // Publishing again sends it without withdrawnAt.
    server.clock.advance(1000);
    const again = await admin.send('POST', `/events/${event.id}/publish`);
    expect((await bodyOf<AdminEventSummary>(again)).publishedAt).toBe(
      server.clock.now().toISOString(),
    );
    expect(await pulled(token)).toEqual([
      expect.objectContaining({ kind: 'event', id: event.id, data: edited }),
    ]);
  });

  it('unpublishing an event never published sends tablets nothing', async () => {
    const { token } = await server.enrolDevice();
    const { event } = await createEvent();
    const res = await admin.send('POST', `/events/${event.id}/unpublish`);
    expect(res.status).toBe(200);
    expect(await pulled(token)).toEqual([]);
  });

  it('publishes a tablet-made event too, and answers 404 for an unknown one', async () => {
    const { token } = await server.enrolDevice();
    const event: WorkshopEvent = makeEvent();
    await pushOk(token, [event]);
    expect((await admin.send('POST', `/events/${event.id}/publish`)).status).toBe(200);
    expect((await pulled(token)).map((c) => c.id)).toEqual([event.id]);
    const unknown = await admin.send(
      'POST',
      '/events/0190f5a8-0000-7000-8000-000000000000/publish',
    );
    expect(unknown.status).toBe(404);
  });
});

describe('a tablet’s edit of a published event', () => {
  /** An event made in the console and published, as tablets pull it. */
  async function publishedEvent(title = 'Old title'): Promise<WorkshopEvent> {
    const { event } = await createEvent({ title });
    server.clock.advance(1000);
    expect((await admin.send('POST', `/events/${event.id}/publish`)).status).toBe(200);
    return event;
  }

  async function feedOf(token: string, since?: string) {
    const res = await server.pull(token, since);
    expect(res.status).toBe(200);
    return bodyOf<PullResponse>(res);
  }

  it('reaches the other tablets by pull, in the push that stored it', async () => {
    const a = await server.enrolDevice('A');
    const b = await server.enrolDevice('B');
    const event = await publishedEvent();
    const seen = await feedOf(b.token);
    const pulled = seen.changes[0]!.data as WorkshopEvent;
    expect(pulled.title).toBe('Old title');

    const byA = { ...pulled, title: 'Title fixed on A', updatedAt: '2026-11-21T10:00:00.000Z' };
    await pushOk(a.token, [byA]);
    const next = await feedOf(b.token, seen.cursor);
    expect(next.changes).toEqual([
      { seq: expect.any(Number) as unknown, kind: 'event', id: event.id, data: byA },
    ]);
    // The console shows the same version, and still says it is published.
    const detail = await bodyOf<AdminEventDetail>(await admin.get(`/events/${event.id}`));
    expect(detail.event).toEqual(byA);
    expect(detail.publishedAt).not.toBeNull();
  });

  it('sends the winning version only: an older copy changes nothing in the feed', async () => {
    const a = await server.enrolDevice('A');
    const event = await publishedEvent();
    const newer = { ...event, title: 'Newer', updatedAt: '2026-11-21T10:00:00.000Z' };
    await pushOk(a.token, [newer]);
    const { cursor } = await feedOf(a.token);
    // An older copy in the same batch as a note, and again alone: duplicates, nothing sent.
    const older = { ...event, title: 'Older', updatedAt: '2026-11-21T09:30:00.000Z' };
    const res = await server.push(a.token, [
      envelope(older),
      envelope(makeNote({ eventId: event.id })),
    ]);
    expect((await bodyOf<PushResponse>(res)).results.map((r) => r.status)).toEqual([
      'duplicate',
      'accepted',
    ]);
    expect((await feedOf(a.token, cursor)).changes).toEqual([]);
    const all = await feedOf(a.token);
    expect(all.changes.map((c) => (c.data as WorkshopEvent).title)).toEqual(['Newer']);
  });

  it('sends nothing for an event never published or unpublished, and a deletion tells tablets to drop it', async () => {
    const a = await server.enrolDevice('A');
    const never = makeEvent({ title: 'Never published' });
    const unpublished = await publishedEvent('Unpublished');
    server.clock.advance(1000);
    await admin.send('POST', `/events/${unpublished.id}/unpublish`);
    const { cursor, changes } = await feedOf(a.token);
    expect(changes).toHaveLength(1);
    await pushOk(a.token, [
      never,
      { ...unpublished, title: 'Edited after', updatedAt: '2026-11-21T10:00:00.000Z' },
    ]);
    expect((await feedOf(a.token, cursor)).changes).toEqual([]);

    const live = await publishedEvent('Live');
    const { cursor: before } = await feedOf(a.token);
    const deleted = {
      ...live,
      deletedAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T10:00:00.000Z',
    };
    await pushOk(a.token, [deleted]);
    expect((await feedOf(a.token, before)).changes.map((c) => c.data)).toEqual([deleted]);
  });

  it('never carries archivedAt: archiving is the tablet’s own, and alone sends nothing', async () => {
    const a = await server.enrolDevice('A');
    const event = await publishedEvent();
    const { cursor } = await feedOf(a.token);
    const archived = {
      ...event,
      archivedAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T10:00:00.000Z',
    };
    await pushOk(a.token, [archived]);
    // Nothing to send: tablets would see the same event, and A would get its own back
    // without archivedAt.
    expect((await feedOf(a.token, cursor)).changes).toEqual([]);

    // Renamed while archived: the rename goes out, the archiving does not.
    const renamed = { ...archived, title: 'Renamed on A', updatedAt: '2026-11-21T10:05:00.000Z' };
    await pushOk(a.token, [renamed]);
    const { archivedAt: _archived, ...shared } = renamed;
    const sent = await feedOf(a.token, cursor);
    expect(sent.changes.map((c) => c.data)).toEqual([shared]);

    // Nor when the console edits, publishes or unpublishes the stored (archived) record.
    server.clock.advance(60 * 60_000);
    const edit = await admin.send(
      'PUT',
      `/events/${event.id}`,
      makeAdminEventInput({ place: 'Library' }),
    );
    const stored = (await bodyOf<AdminEventSummary>(edit)).event;
    expect(stored.archivedAt).toBe(archived.archivedAt);
    server.clock.advance(1000);
    await admin.send('POST', `/events/${event.id}/publish`);
    server.clock.advance(1000);
    await admin.send('POST', `/events/${event.id}/unpublish`);
    const withdrawnAt = server.clock.now().toISOString();
    const { archivedAt: _stored, ...feedCopy } = stored;
    expect((await feedOf(a.token, sent.cursor)).changes.map((c) => c.data)).toEqual([
      { ...feedCopy, withdrawnAt },
    ]);
  });
});

describe('made on', () => {
  it('is decided by the device the server stored the event from, never by its deviceId', async () => {
    const tablet = await server.enrolDevice('Ward 3 tablet');
    // A tablet's event claiming to be the console's.
    const posing = makeEvent({ title: 'Posing', deviceId: 'server' });
    await pushOk(tablet.token, [posing]);
    const { events } = await bodyOf<{ events: AdminEventSummary[] }>(await admin.get('/events'));
    expect(events.map((e) => [e.event.title, e.madeOn])).toEqual([
      ['Posing', { deviceName: 'Ward 3 tablet' }],
    ]);
    const one = await bodyOf<AdminEventDetail>(await admin.get(`/events/${posing.id}`));
    expect(one.madeOn).toEqual({ deviceName: 'Ward 3 tablet' });

    // A console event is the console's, whatever its deviceId says.
    const { event } = await createEvent({ title: 'From the console' });
    const detail = await bodyOf<AdminEventDetail>(await admin.get(`/events/${event.id}`));
    expect(detail.madeOn).toBe('console');
  });
});

describe('logs', () => {
  it('hold route patterns only: no titles or note text', async () => {
    const { token } = await server.enrolDevice();
    const { event } = await createEvent({ title: 'Zebedee canary forum' });
    await pushOk(token, [makeNote({ eventId: event.id, text: 'canary note text' })]);
    await admin.get(`/events/${event.id}`);
    const text = server.logs.join('\n');
    expect(text).not.toContain('canary');
    expect(text).not.toContain(event.id);
    expect(text).toContain('GET /api/v1/admin/events/:id 200');
  });
});
