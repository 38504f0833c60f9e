import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { InvolveDb } from '../../../src/app/storage/db';
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
});
