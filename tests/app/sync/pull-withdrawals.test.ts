import { describe, expect, it } from 'vitest';
import {
  DexieOutboxRepository,
  DexieSyncStatus,
} from '../../../src/app/storage/dexie-outbox.repository';
import { fakeFeed, receive } from '../../fixtures/pull-feed';
import { makeEvent } from '../../fixtures/workshop.factory';
import { eventInput, freshDevice } from '../workshop-test-kit';

const WITHDRAWN = '2026-12-03T10:00:00.000Z';

/** The server has everything this tablet queued. */
async function acknowledged(db: ReturnType<typeof freshDevice>['db']) {
  await db.queue.clear();
}

describe('an event the organiser unpublishes', () => {
  it('stays on the tablet that made it, even with no notes yet', async () => {
    const { db, store, settings } = freshDevice();
    const own = await store.createEvent(eventInput({ title: 'Next week, made here' }));
    await acknowledged(db);
    const feed = fakeFeed(10);
    // The organiser publishes the tablet's event to share it, then unpublishes it.
    feed.publish('event', own);
    await receive(db, feed, settings);
    feed.publish('event', { ...own, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(own.id)).toEqual(own);
    expect(await db.withdrawnEvents.get(own.id)).toEqual({ id: own.id, withdrawnAt: WITHDRAWN });
    expect(await db.queue.count()).toBe(0);
  });

  it('stays when it carries this tablet’s id, even if it arrives from the feed (storage was cleared)', async () => {
    const { db, settings } = freshDevice();
    await settings.set('deviceId', 'tablet-7');
    const mine = makeEvent({ title: 'Made here long ago', deviceId: 'tablet-7' });
    const theirs = makeEvent({ title: 'Made elsewhere', deviceId: 'tablet-9' });
    const feed = fakeFeed(10);
    feed.publish('event', mine);
    feed.publish('event', theirs);
    await receive(db, feed, settings);
    feed.publish('event', { ...mine, withdrawnAt: WITHDRAWN });
    feed.publish('event', { ...theirs, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(mine.id)).toEqual(mine);
    expect(await db.events.get(theirs.id)).toBeUndefined();
    expect(await db.pulledEvents.get(theirs.id)).toBeUndefined();
  });

  it('stays when it was edited here, even once the server has the edit', async () => {
    const { db, store, settings } = freshDevice();
    const published = makeEvent({ title: 'Listening day', deviceId: 'server' });
    const feed = fakeFeed(10);
    feed.publish('event', published);
    await receive(db, feed, settings);
    const edited = await store.updateEvent(
      published.id,
      eventInput({ title: 'Listening day, 2pm' }),
    );
    await acknowledged(db);
    feed.publish('event', { ...published, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(published.id)).toEqual(edited);
    expect(await db.withdrawnEvents.get(published.id)).toEqual({
      id: published.id,
      withdrawnAt: WITHDRAWN,
    });
  });

  it('stays when a survey was answered for it here, even once the answer is sent', async () => {
    const { db, surveys, settings } = freshDevice();
    const published = makeEvent({ title: 'Drop-in', deviceId: 'server' });
    const feed = fakeFeed(10);
    feed.publish('event', published);
    await receive(db, feed, settings);
    await surveys.saveResponse({
      surveyId: 'fft',
      surveyVersion: 1,
      language: 'en',
      presentation: 'standard',
      kiosk: false,
      eventId: published.id,
      status: 'complete',
      answers: [{ questionId: 'fft', choice: 'good' }],
    });
    await acknowledged(db);
    feed.publish('event', { ...published, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(published.id)).toEqual(published);
  });

  it('is deleted when it only came from the feed and nothing was done with it here', async () => {
    const { db, settings } = freshDevice();
    const published = makeEvent({ deviceId: 'server' });
    const feed = fakeFeed(10);
    feed.publish('event', published);
    await receive(db, feed, settings);
    expect(await db.pulledEvents.get(published.id)).toEqual({ id: published.id });
    feed.publish('event', { ...published, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(published.id)).toBeUndefined();
    expect(await db.pulledEvents.count()).toBe(0);
    expect(await db.withdrawnEvents.count()).toBe(0);
  });

  it('is marked withdrawn on this tablet only: nothing is written into the synced record, so no edit spreads it', async () => {
    const { db, store, settings } = freshDevice();
    const made = await store.createEvent(eventInput());
    await store.addNote({
      eventId: made.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Taken here',
    });
    await acknowledged(db);
    const feed = fakeFeed(10);
    feed.publish('event', made);
    await receive(db, feed, settings);
    feed.publish('event', { ...made, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    expect(await db.events.get(made.id)).toEqual(made);
    expect(await db.queue.count()).toBe(0);

    await store.updateEvent(made.id, eventInput({ title: 'Renamed' }));
    const batch = await new DexieOutboxRepository(db).nextBatch(10, undefined);
    expect(batch).toHaveLength(1);
    expect(batch[0]?.record).toMatchObject({ id: made.id, title: 'Renamed' });
    expect(batch[0]?.record).not.toHaveProperty('archivedAt');
  });

  it('stays on the sync panel while it has notes here, and leaves it when nothing of it is here', async () => {
    const { db, store, settings } = freshDevice();
    const withNotes = await store.createEvent(eventInput({ title: 'With notes' }));
    const empty = await store.createEvent(eventInput({ title: 'Nothing taken' }));
    await store.addNote({
      eventId: withNotes.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Still to be sent',
    });
    const feed = fakeFeed(10);
    for (const event of [withNotes, empty]) feed.publish('event', event);
    await receive(db, feed, settings);
    await acknowledged(db);
    for (const event of [withNotes, empty])
      feed.publish('event', { ...event, withdrawnAt: WITHDRAWN });
    await receive(db, feed, settings);

    const rows = await new DexieSyncStatus(db).summary();
    expect(rows.map((r) => [r.title, r.notes])).toEqual([['With notes', 1]]);
  });
});
