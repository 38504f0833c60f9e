import { describe, expect, it } from 'vitest';
import { InvolveDb } from '../../../src/app/storage/db';
import { DexieWorkshopStore } from '../../../src/app/storage/dexie-workshop.store';
import { eventInput } from '../workshop-test-kit';

describe('workshop store', () => {
  it('dates each change after the last even when the tablet clock goes back', async () => {
    let clock = new Date('2026-11-21T12:00:00.000Z');
    const store = new DexieWorkshopStore(
      new InvolveDb(`clock-${Math.random()}`),
      'd1',
      () => clock,
    );
    const event = await store.createEvent(eventInput());
    const note = await store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'First',
    });
    clock = new Date('2026-11-20T08:00:00.000Z'); // the clock was corrected backwards
    const edited = await store.updateNote(note.id, { text: 'Second' });
    const deleted = await store.deleteNote(note.id);
    expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse(note.updatedAt));
    expect(Date.parse(deleted.updatedAt)).toBeGreaterThan(Date.parse(edited.updatedAt));
  });

  it('keeps both of two edits made at the same moment', async () => {
    const db = new InvolveDb(`concurrent-${Math.random()}`);
    const store = new DexieWorkshopStore(db, 'd1');
    const event = await store.createEvent(eventInput());
    const note = await store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Before',
    });
    await Promise.all([
      store.updateNote(note.id, { text: 'Edited text' }),
      store.updateNote(note.id, { voice: 'carer' }),
    ]);
    expect(await db.notes.get(note.id)).toMatchObject({ text: 'Edited text', voice: 'carer' });
    const queued = await db.queue.where('recordId').equals(note.id).toArray();
    expect(queued.at(-1)?.data).toMatchObject({ text: 'Edited text', voice: 'carer' });
  });
});
