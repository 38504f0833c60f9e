import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { InvolveDb } from '../../../src/app/storage/db';
import { SIGN_UP_SCHEMA_VERSION } from '../../../src/shared/signup/signup-rules';
import { uuidv7 } from '../../../src/shared/ids';
import { CANARY, signUpInput } from '../../fixtures/signup-input';
import { DexieInboxRepository } from '../../../src/app/storage/dexie-inbox.repository';
import { fakeFeed, makeOutcome, receive } from '../../fixtures/pull-feed';
import { makeSurvey, makeSurveyResponse } from '../../fixtures/survey.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';

describe('device database upgrade', () => {
  it('carries changes queued by version 2 into the version 3 outbox with their records', async () => {
    const name = `upgrade-${Math.random()}`;
    // The database as version 2 of the app left it.
    const old = new Dexie(name);
    old.version(1).stores({
      events: 'id, updatedAt',
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    old.version(2).stores({ attention: 'recordId, eventId' });
    const event = makeEvent();
    const note = makeNote({ eventId: event.id, text: 'Queued before the update' });
    await old.table('events').put(event);
    await old.table('notes').put(note);
    const entry = (id: string, kind: string, at: string) => ({
      recordId: id,
      kind,
      schemaVersion: 1,
      recordUpdatedAt: at,
      eventId: event.id,
      queuedAt: at,
    });
    await old
      .table('outbox')
      .bulkPut([
        entry(event.id, 'event', '2026-11-21T10:00:00.000Z'),
        entry(note.id, 'workshop-note', '2026-11-21T10:00:01.000Z'),
      ]);
    old.close();

    const db = new InvolveDb(name);
    const queue = await db.queue.toArray();
    expect(queue.map((e) => [e.kind, e.recordId, e.data])).toEqual([
      ['event', event.id, event],
      ['workshop-note', note.id, note],
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.notes.get(note.id))?.text).toBe('Queued before the update');
    db.close();
  });

  it('keeps everything queued by version 4 when sign-ups get their own table (version 5)', async () => {
    const name = `upgrade-v5-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({
      events: 'id, updatedAt',
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    old.version(2).stores({ attention: 'recordId, eventId' });
    old.version(3).stores({ queue: '++seq, recordId, eventId' });
    old.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
    const event = makeEvent();
    const note = makeNote({ eventId: event.id });
    const response = makeSurveyResponse();
    // No version 4 screen saved sign-ups; one queued as a snapshot all the same must move.
    const at = '2026-11-21T15:31:00.000Z';
    const signUp = {
      ...signUpInput({ eventId: event.id }),
      id: uuidv7(),
      createdAt: at,
      updatedAt: at,
      deviceId: 'tablet-1',
      schemaVersion: SIGN_UP_SCHEMA_VERSION,
    };
    await old.table('events').put(event);
    await old.table('notes').put(note);
    const snapshot = (kind: string, data: { id: string; updatedAt: string }, eventId?: string) => ({
      recordId: data.id,
      kind,
      schemaVersion: 1,
      recordUpdatedAt: data.updatedAt,
      ...(eventId ? { eventId } : {}),
      queuedAt: data.updatedAt,
      data,
    });
    await old
      .table('queue')
      .bulkAdd([
        snapshot('event', event, event.id),
        snapshot('workshop-note', note, event.id),
        snapshot('survey-response', response),
        snapshot('sign-up', signUp, event.id),
      ]);
    const refused = {
      recordId: uuidv7(),
      kind: 'workshop-note',
      eventId: event.id,
      recordUpdatedAt: at,
      reason: 'must not be empty',
      at,
    };
    await old.table('attention').put(refused);
    const before = await old.table<{ seq: number }, number>('queue').toArray();
    old.close();

    const db = new InvolveDb(name);
    const queue = await db.queue.toArray();
    expect(queue.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(queue[3]).toEqual({
      seq: before[3]!.seq,
      recordId: signUp.id,
      kind: 'sign-up',
      schemaVersion: 1,
      recordUpdatedAt: at,
      queuedAt: at,
    });
    expect(JSON.stringify(queue)).not.toContain(CANARY.name);
    expect(await db.signups.toArray()).toEqual([signUp]);
    expect(await db.counters.count()).toBe(0);
    expect(await db.attention.toArray()).toEqual([refused]);
    expect(await db.notes.get(note.id)).toEqual(note);
    db.close();
  });

  it('keeps everything from version 5 and adds the pulled tables empty (version 6)', async () => {
    const name = `upgrade-v6-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({
      events: 'id, updatedAt',
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    old.version(2).stores({ attention: 'recordId, eventId' });
    old.version(3).stores({ queue: '++seq, recordId, eventId' });
    old.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
    old.version(5).stores({ signups: 'id', counters: 'name' });
    const event = makeEvent();
    const note = makeNote({ eventId: event.id });
    await old.table('events').put(event);
    await old.table('notes').put(note);
    await old.table('queue').add({
      recordId: note.id,
      kind: 'workshop-note',
      schemaVersion: 1,
      recordUpdatedAt: note.updatedAt,
      eventId: event.id,
      queuedAt: note.updatedAt,
      data: note,
    });
    await old.table('counters').put({ name: 'signups-sent', value: 3 });
    const before = Object.fromEntries(
      await Promise.all(old.tables.map(async (t) => [t.name, await t.toArray()] as const)),
    );
    old.close();

    const db = new InvolveDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(6);
    for (const [table, rows] of Object.entries(before))
      expect(await db.table(table).toArray(), table).toEqual(rows);
    expect(await db.publishedSurveys.count()).toBe(0);
    expect(await db.outcomes.count()).toBe(0);
    // No cursor yet: the first pull starts from the beginning of the feed.
    expect(await new DexieInboxRepository(db).cursor()).toBeUndefined();

    // The new tables work: a pulled page lands, and the welcome's query reads it.
    const feed = fakeFeed();
    const outcome = makeOutcome({ eventId: event.id });
    feed.publish('outcome', outcome);
    feed.publish('survey', makeSurvey({ id: 'discharge', version: 2 }));
    await receive(db, feed);
    expect(await db.outcomes.where('eventId').equals(event.id).toArray()).toEqual([outcome]);
    expect(await db.publishedSurveys.get(['discharge', 2])).toMatchObject({ version: 2 });
    expect(await db.queue.count()).toBe(1);
    db.close();
  });

  it('moves a withdrawal out of the synced event record, keeping everything else (version 7)', async () => {
    const name = `upgrade-v7-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({
      events: 'id, updatedAt',
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    old.version(2).stores({ attention: 'recordId, eventId' });
    old.version(3).stores({ queue: '++seq, recordId, eventId' });
    old.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
    old.version(5).stores({ signups: 'id', counters: 'name' });
    old.version(6).stores({
      publishedSurveys: '[id+version], id',
      outcomes: 'id, eventId, publishedAt',
      syncState: 'name',
    });
    const at = (day: number, time = '10:00') => `2026-11-${day}T${time}:00.000Z`;
    // Version 6 kept an unpublished event with notes by writing its withdrawal time into
    // `archivedAt`, leaving `updatedAt` as it was.
    const withdrawn = makeEvent({
      title: 'Unpublished, notes here',
      updatedAt: at(21),
      archivedAt: at(28),
    });
    // A person's own archive stamps both at once; an edit after it moves `updatedAt` on.
    const archivedHere = makeEvent({
      title: 'Archived here',
      updatedAt: at(22),
      archivedAt: at(22),
    });
    const archivedThenEdited = makeEvent({ updatedAt: at(24), archivedAt: at(23) });
    const plain = makeEvent({ title: 'Pulled before the update' });
    const note = makeNote({ eventId: withdrawn.id });
    await old.table('events').bulkPut([withdrawn, archivedHere, archivedThenEdited, plain]);
    await old.table('notes').put(note);
    await old.table('outcomes').put(makeOutcome());
    await old.table('syncState').put({ name: 'pull', cursor: '7', skippedKinds: {}, problems: [] });
    const before = Object.fromEntries(
      await Promise.all(old.tables.map(async (t) => [t.name, await t.toArray()] as const)),
    );
    old.close();

    const db = new InvolveDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(7);
    const { archivedAt: _withdrawal, ...unarchived } = withdrawn;
    expect(await db.events.get(withdrawn.id)).toEqual(unarchived);
    expect(await db.withdrawnEvents.toArray()).toEqual([{ id: withdrawn.id, withdrawnAt: at(28) }]);
    for (const event of [archivedHere, archivedThenEdited, plain])
      expect(await db.events.get(event.id)).toEqual(event);
    for (const [table, rows] of Object.entries(before))
      if (table !== 'events') expect(await db.table(table).toArray(), table).toEqual(rows);
    expect(await db.pulledEvents.count()).toBe(0);
    // Nothing was skipped, so an updated version carries on from the cursor.
    expect(await new DexieInboxRepository(db, undefined, '0.2.0').cursor()).toBe('7');

    // Pulled before there was a record of it, an event is kept (never deleted) if unpublished.
    const feed = fakeFeed();
    // The tablet already has the feed up to 7.
    for (let seq = 1; seq <= 7; seq++) feed.publish('outcome', makeOutcome());
    feed.publish('event', { ...plain, withdrawnAt: at(30) });
    await receive(db, feed, undefined, { appVersion: '0.2.0' });
    expect(await db.events.get(plain.id)).toEqual(plain);
    expect(await db.withdrawnEvents.get(plain.id)).toEqual({ id: plain.id, withdrawnAt: at(30) });
    db.close();
  });

  it('adds the held equality table empty, keeping an equality record already queued (version 8)', async () => {
    const name = `upgrade-v8-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({
      events: 'id, updatedAt',
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    old.version(2).stores({ attention: 'recordId, eventId' });
    old.version(3).stores({ queue: '++seq, recordId, eventId' });
    old.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
    old.version(5).stores({ signups: 'id', counters: 'name' });
    old.version(6).stores({
      publishedSurveys: '[id+version], id',
      outcomes: 'id, eventId, publishedAt',
      syncState: 'name',
    });
    old.version(7).stores({ pulledEvents: 'id', withdrawnEvents: 'id' });
    const queued = {
      recordId: 'eq-1',
      kind: 'equality-monitoring',
      schemaVersion: 1,
      recordUpdatedAt: '2026-11-21T00:00:00.000Z',
      queuedAt: '2026-11-21T00:00:00.000Z',
      data: { id: 'eq-1' },
    };
    await old.table('queue').add(queued);
    old.close();

    const db = new InvolveDb(name);
    await db.open();
    expect(db.verno).toBe(8);
    expect(await db.heldEquality.count()).toBe(0);
    // Queued before holding back began: it goes as it is.
    expect(await db.queue.toArray()).toEqual([{ ...queued, seq: 1 }]);
    db.close();
  });
});
