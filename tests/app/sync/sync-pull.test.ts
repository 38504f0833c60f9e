import { describe, expect, it, vi } from 'vitest';
import { DexieInboxRepository } from '../../../src/app/storage/dexie-inbox.repository';
import {
  DexieOutboxRepository,
  DexieSyncStatus,
} from '../../../src/app/storage/dexie-outbox.repository';
import type { Live } from '../../../src/app/storage/live';
import { KIOSK_DRAFT_KEY } from '../../../src/app/storage/survey-drafts';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import type { InboxPort } from '../../../src/app/sync/inbox-port';
import { SyncFailure, type SyncClient } from '../../../src/app/sync/sync-client';
import { SyncEngine, type SyncSnapshot } from '../../../src/app/sync/sync-engine';
import { processLock } from '../../../src/app/sync/sync-lock';
import type { PushRecord } from '../../../src/shared/sync/protocol';
import {
  fakeFeed,
  makeOutcome,
  readWithout,
  receive,
  revoked,
  type FakeFeed,
} from '../../fixtures/pull-feed';
import { makeSurvey, words } from '../../fixtures/survey.factory';
import { makeEvent } from '../../fixtures/workshop.factory';
import { eventInput, freshDevice } from '../workshop-test-kit';

/** The first value a live query gives. */
function current<T>(live: Live<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const sub = live.subscribe({
      next: (value) => {
        resolve(value);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

interface Options {
  pageSize?: number;
  /** The running version of Involve; 'test' unless told. */
  appVersion?: string;
  /** Stands between the engine and the real inbox, e.g. to make a page fail to store. */
  wrapInbox?: (inbox: DexieInboxRepository) => InboxPort;
  refreshIntervalMs?: number;
}

/** An enrolled tablet whose engine pushes to a server that accepts all, and pulls `feed`. */
async function setup(options: Options = {}) {
  const device = freshDevice();
  const enrolment = settingsEnrolment(device.settings);
  await enrolment.set({
    token: 'token-1',
    serverDeviceId: 'server-device',
    name: 'Ward 7 tablet',
    organisationName: 'Involve',
    enrolledAt: '2026-11-01T09:00:00.000Z',
  });
  const feed = fakeFeed(options.pageSize ?? 2);
  const calls: string[] = [];
  const pushes: PushRecord[][] = [];
  let pushFailure: SyncFailure | undefined;
  const client: SyncClient = {
    push(records) {
      calls.push('push');
      pushes.push(records);
      if (pushFailure) return Promise.reject(pushFailure);
      return Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) });
    },
    pull(since) {
      calls.push(`pull ${since ?? 'start'}`);
      return feed.pull(since);
    },
    enrol: () => Promise.reject(new Error('not used')),
  };
  const appVersion = options.appVersion ?? 'test';
  const real = new DexieInboxRepository(device.db, device.settings, appVersion);
  const inbox = options.wrapInbox ? options.wrapInbox(real) : real;
  const engine = new SyncEngine({
    outbox: new DexieOutboxRepository(device.db),
    inbox,
    client,
    enrolment,
    lock: processLock(),
    appVersion,
    isOnline: () => true,
    random: () => 0,
    now: () => new Date('2026-12-02T10:00:00.000Z'),
    ...(options.refreshIntervalMs === undefined
      ? {}
      : { refreshIntervalMs: options.refreshIntervalMs }),
  });
  const states: SyncSnapshot['state']['kind'][] = [];
  engine.subscribe((s) => states.push(s.state.kind));
  const flush = async () => {
    await engine.flush();
    engine.stop();
  };
  return {
    ...device,
    engine,
    feed,
    calls,
    pushes,
    states,
    inbox: real,
    flush,
    failPushes: (failure: SyncFailure | undefined) => (pushFailure = failure),
    report: () => current(new DexieSyncStatus(device.db).livePullReport()),
  };
}

function publishSome(feed: FakeFeed) {
  const event = makeEvent({ title: 'Carers’ forum, spring', deviceId: 'server' });
  const survey = makeSurvey({ id: 'discharge', title: words('Going home') });
  const outcomes = [
    makeOutcome({ youSaid: 'First', publishedAt: '2026-12-01T09:00:00.000Z' }),
    makeOutcome({ youSaid: 'Second', publishedAt: '2026-12-01T10:00:00.000Z' }),
    makeOutcome({ youSaid: 'Third', eventId: event.id, publishedAt: '2026-12-01T11:00:00.000Z' }),
  ];
  feed.publish('event', event);
  feed.publish('survey', survey);
  for (const outcome of outcomes) feed.publish('outcome', outcome);
  return { event, survey, outcomes };
}

describe('pulling what the server published', () => {
  it('pulls again every few minutes while the screen is visible, so a kiosk left on its welcome screen gets news', async () => {
    const { feed, db, engine } = await setup({ refreshIntervalMs: 60_000 });
    const settled = async (done: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await done()); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
    };
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stop = engine.start();
    try {
      await engine.flush();
      const askedAtStart = feed.asked.length;
      feed.publish('outcome', makeOutcome({ youSaid: 'Published later' }));
      // Nothing happens before the interval is up.
      vi.advanceTimersByTime(59_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(feed.asked.length).toBe(askedAtStart);
      vi.advanceTimersByTime(1_000);
      await settled(async () => (await db.outcomes.count()) === 1);
      expect((await db.outcomes.toArray()).map((o) => o.youSaid)).toEqual(['Published later']);

      // Hidden: no refresh.
      const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
      const askedBefore = feed.asked.length;
      vi.advanceTimersByTime(180_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(feed.asked.length).toBe(askedBefore);
      visibility.mockRestore();
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it('takes page after page until nothing more is waiting, and remembers where it got to', async () => {
    const { flush, feed, db, inbox, engine, states } = await setup({ pageSize: 2 });
    const { event, survey, outcomes } = publishSome(feed);
    await flush();

    expect(feed.asked).toEqual([undefined, '2', '4']);
    expect(await inbox.cursor()).toBe('5');
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await db.publishedSurveys.toArray()).toEqual([survey]);
    expect((await db.outcomes.toArray()).map((o) => o.youSaid).sort()).toEqual(
      outcomes.map((o) => o.youSaid).sort(),
    );
    expect(engine.snapshot.state).toEqual({ kind: 'idle' });
    expect(engine.snapshot.lastPullAt).toBe('2026-12-02T10:00:00.000Z');
    expect(states).toContain('receiving');

    // Next time it starts from there, and a page with nothing new writes nothing.
    const apply = vi.spyOn(inbox, 'apply');
    await flush();
    expect(feed.asked.at(-1)).toBe('5');
    expect(apply).not.toHaveBeenCalled();
    feed.publish('outcome', makeOutcome({ youSaid: 'Fourth' }));
    await flush();
    expect(feed.asked.at(-1)).toBe('5');
    expect(await inbox.cursor()).toBe('6');
    expect(await db.outcomes.count()).toBe(4);
  });

  it('pulls after each push round, and stores a published event without queueing it', async () => {
    const { flush, feed, calls, pushes, store, db } = await setup();
    const own = await store.createEvent(eventInput({ title: 'Our own workshop' }));
    const { event } = publishSome(feed);
    await flush();

    expect(calls.slice(0, 2)).toEqual(['push', 'pull start']);
    expect(pushes.flat().map((r) => r.id)).toEqual([own.id]);
    expect(await db.queue.count()).toBe(0);
    expect((await db.events.toArray()).map((e) => e.title).sort()).toEqual([
      'Carers’ forum, spring',
      'Our own workshop',
    ]);

    // The tablet then edits the published event: that edit goes through the outbox.
    await store.updateEvent(event.id, { ...eventInput(), title: 'Carers’ forum (room 2)' });
    expect((await db.queue.toArray()).map((e) => e.recordId)).toEqual([event.id]);
    await flush();
    expect(pushes.flat().map((r) => r.id)).toEqual([own.id, event.id]);
  });

  it('takes the organisation’s new name when the lead renames it, for the consent notice and the panel', async () => {
    const { flush, feed, settings } = await setup();
    const enrolment = settingsEnrolment(settings);
    await flush();
    expect((await enrolment.get())?.organisationName).toBe('Involve');

    feed.rename('Riverside NHS Foundation Trust');
    await flush();
    const renamed = await enrolment.get();
    expect(renamed?.organisationName).toBe('Riverside NHS Foundation Trust');
    // Nothing else about the enrolment changes.
    expect(renamed).toMatchObject({ token: 'token-1', name: 'Ward 7 tablet' });
  });

  it('leaves a newer enrolment alone: a name pulled for an old token is not written over it', async () => {
    const { feed, settings, engine } = await setup();
    const enrolment = settingsEnrolment(settings);
    feed.rename('Old Trust');
    let reenrolled = false;
    const pull = feed.pull.bind(feed);
    // The tablet is enrolled again (with another organisation) while the pull is on the wire.
    feed.pull = async (since) => {
      const page = await pull(since);
      if (!reenrolled) {
        reenrolled = true;
        await enrolment.set({
          token: 'token-2',
          serverDeviceId: 'server-device-2',
          name: 'Ward 7 tablet',
          organisationName: 'New Trust',
          enrolledAt: '2026-12-01T09:00:00.000Z',
        });
      }
      return page;
    };
    await engine.flush();
    engine.stop();
    expect((await enrolment.get())?.organisationName).toBe('New Trust');
  });

  it('moves the cursor only with the changes it covers: a page that fails to store is asked for again', async () => {
    let failOnce = true;
    const { flush, feed, db, inbox, engine } = await setup({
      pageSize: 2,
      wrapInbox: (real) => ({
        cursor: () => real.cursor(),
        apply: (page) => {
          if (page.cursor === '4' && failOnce) {
            failOnce = false;
            return Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'));
          }
          return real.apply(page);
        },
      }),
    });
    const { survey, outcomes } = publishSome(feed);
    await flush();

    expect(engine.snapshot.state.kind).toBe('retrying');
    expect(await inbox.cursor()).toBe('2');
    expect(await db.publishedSurveys.toArray()).toEqual([survey]);
    expect(await db.outcomes.count()).toBe(0);

    await flush();
    // The page that failed (asked for after '2') is asked for again.
    expect(feed.asked).toEqual([undefined, '2', '2', '4']);
    expect(await inbox.cursor()).toBe('5');
    expect(await db.outcomes.count()).toBe(outcomes.length);
    expect(engine.snapshot.state).toEqual({ kind: 'idle' });
  });

  it('stores a page and its cursor together: if the cursor cannot be written, neither is the page', async () => {
    const { feed, db, inbox } = await setup();
    feed.publish('outcome', makeOutcome());
    db.syncState.hook('creating', () => {
      throw new Error('disk error');
    });
    const { readPullPage } = await import('../../../src/app/sync/pull-changes');
    const page = await readPullPage(await feed.pull(undefined));
    await expect(inbox.apply(page)).rejects.toThrow();
    expect(await db.outcomes.count()).toBe(0);
    expect(await inbox.cursor()).toBeUndefined();
  });

  it('keeps the cursor where it was when the network fails mid-pull, and retries later', async () => {
    const { flush, feed, inbox, engine } = await setup({ pageSize: 2 });
    publishSome(feed);
    await flush();
    feed.publish('outcome', makeOutcome());
    feed.failWith(new SyncFailure('network', undefined, 'Failed to fetch'));
    await flush();
    expect(engine.snapshot.state).toMatchObject({ kind: 'retrying', failure: 'network' });
    expect(await inbox.cursor()).toBe('5');
    feed.failWith(undefined);
    await flush();
    expect(await inbox.cursor()).toBe('6');
  });

  it('skips a change that is not valid, says which on the sync panel, and takes those after it', async () => {
    const { flush, feed, db, inbox, report, engine } = await setup({ pageSize: 10 });
    const good = makeOutcome({ youSaid: 'Before the bad one' });
    const bad = { ...makeOutcome(), youSaid: '' };
    const event = makeEvent({ title: 'After the bad one' });
    feed.publish('outcome', good);
    feed.publish('outcome', bad);
    feed.publish('event', event);
    await flush();

    expect(engine.snapshot.state).toEqual({ kind: 'idle' });
    expect(await inbox.cursor()).toBe('3');
    expect((await db.outcomes.toArray()).map((o) => o.id)).toEqual([good.id]);
    expect(await db.events.get(event.id)).toEqual(event);
    const { skippedKinds, problems } = await report();
    expect(skippedKinds).toEqual({});
    expect(problems).toMatchObject([{ seq: 2, kind: 'outcome', id: bad.id, field: 'youSaid' }]);
    expect(problems[0]?.reason).toMatch(/\w/);

    // Once the admin publishes it again, fixed, it arrives and the problem is cleared.
    feed.publish('outcome', { ...bad, youSaid: 'Fixed' });
    await flush();
    expect((await db.outcomes.get(bad.id))?.youSaid).toBe('Fixed');
    expect((await report()).problems).toEqual([]);
  });

  it('reports a change whose record has a different id from the change', async () => {
    const { flush, feed, db, report } = await setup();
    const outcome = makeOutcome();
    feed.publish('outcome', outcome, 'some-other-id');
    await flush();
    expect(await db.outcomes.count()).toBe(0);
    expect((await report()).problems).toEqual([
      expect.objectContaining({ id: 'some-other-id', field: 'id' }),
    ]);
  });

  it('skips and counts kinds it does not know, without stopping', async () => {
    const { flush, feed, db, report, engine } = await setup({ pageSize: 2 });
    feed.publish('newsletter', { id: 'n-1', body: 'Hello' });
    feed.publish('newsletter', { id: 'n-2', body: 'Again' });
    feed.publish('outcome', makeOutcome());
    await flush();
    expect(engine.snapshot.state).toEqual({ kind: 'idle' });
    expect(await db.outcomes.count()).toBe(1);
    expect(await report()).toEqual({ skippedKinds: { newsletter: 2 }, problems: [] });
  });

  it('stops, as push does, when the server refuses the tablet (401)', async () => {
    const { flush, feed, inbox, engine, db } = await setup();
    publishSome(feed);
    feed.failWith(revoked());
    await flush();
    expect(engine.snapshot.state).toEqual({
      kind: 'refused',
      code: 'device_revoked',
      message: 'This device’s access was removed.',
    });
    expect(await inbox.cursor()).toBeUndefined();
    expect(await db.outcomes.count()).toBe(0);
  });

  it('does not pull when the push round failed', async () => {
    const { flush, feed, calls, store, failPushes, engine } = await setup();
    await store.createEvent(eventInput());
    publishSome(feed);
    failPushes(revoked());
    await flush();
    expect(engine.snapshot.state.kind).toBe('refused');
    expect(calls).toEqual(['push']);
    expect(feed.asked).toEqual([]);
  });

  it('stops showing an outcome once it is withdrawn', async () => {
    const { flush, feed, db } = await setup();
    const outcome = makeOutcome();
    feed.publish('outcome', outcome);
    await flush();
    expect(await db.outcomes.get(outcome.id)).toEqual(outcome);
    feed.publish('outcome', { ...outcome, withdrawnAt: '2026-12-02T08:00:00.000Z' });
    await flush();
    expect(await db.outcomes.count()).toBe(0);
  });
});

describe('pulled events against the tablet’s own copy', () => {
  const at = (time: string) => `2026-12-01T${time}:00.000Z`;

  it('keeps the newer copy: last writer wins by updatedAt', async () => {
    const { flush, feed, db } = await setup();
    const event = makeEvent({ title: 'Published', updatedAt: at('09:00') });
    feed.publish('event', event);
    await flush();

    // This tablet changed it later than the server's copy that now arrives.
    await db.events.put({ ...event, title: 'Edited on the tablet', updatedAt: at('10:00') });
    feed.publish('event', { ...event, title: 'Older server copy', updatedAt: at('09:30') });
    await flush();
    expect((await db.events.get(event.id))?.title).toBe('Edited on the tablet');

    feed.publish('event', { ...event, title: 'Newer server copy', updatedAt: at('11:00') });
    await flush();
    expect((await db.events.get(event.id))?.title).toBe('Newer server copy');
  });

  it('keeps this tablet’s archiving when a newer copy of the event arrives: archiving is local', async () => {
    const { flush, feed, db } = await setup();
    const event = makeEvent({ title: 'Published', updatedAt: at('09:00') });
    feed.publish('event', event);
    await flush();
    await db.events.put({ ...event, archivedAt: at('09:10'), updatedAt: at('09:10') });

    feed.publish('event', { ...event, title: 'Renamed by the organiser', updatedAt: at('10:00') });
    await flush();
    const stored = await db.events.get(event.id);
    expect(stored?.title).toBe('Renamed by the organiser');
    expect(stored?.archivedAt).toBe(at('09:10'));
  });

  it('removes an unpublished event the tablet holds no notes for', async () => {
    const { flush, feed, db } = await setup();
    const event = makeEvent();
    feed.publish('event', event);
    await flush();
    feed.publish('event', { ...event, withdrawnAt: at('12:00') });
    await flush();
    expect(await db.events.get(event.id)).toBeUndefined();
  });

  it('keeps an unpublished event that has notes here, marked withdrawn on this tablet only, and brings it back if published again', async () => {
    const { flush, feed, db, store } = await setup();
    const event = makeEvent({ title: 'Listening day' });
    feed.publish('event', event);
    await flush();
    await store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Taken on this tablet',
    });
    feed.publish('event', { ...event, withdrawnAt: at('12:00') });
    await flush();
    // The record (which syncs) is as published; the withdrawal is kept beside it.
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await db.withdrawnEvents.toArray()).toEqual([
      { id: event.id, withdrawnAt: at('12:00') },
    ]);
    expect(await db.notes.where('eventId').equals(event.id).count()).toBe(1);
    expect(await db.queue.count()).toBe(0);

    feed.publish('event', event);
    await flush();
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await db.withdrawnEvents.count()).toBe(0);
  });

  it('ignores an unpublished event the tablet never had', async () => {
    const { flush, feed, db } = await setup();
    feed.publish('event', { ...makeEvent(), withdrawnAt: at('12:00') });
    await flush();
    expect(await db.events.count()).toBe(0);
  });
});

describe('what an older version of Involve could not use', () => {
  it('is read again from the start of the feed after an update, so it arrives', async () => {
    const { flush, feed, db, settings, inbox, report } = await setup({
      appVersion: '1.1.0',
      pageSize: 2,
    });
    const { event, outcomes } = publishSome(feed);
    // Version 1.0.0 did not know outcomes: it skipped them and moved on.
    await receive(db, feed, settings, { appVersion: '1.0.0', read: readWithout('outcome') });
    expect(await db.outcomes.count()).toBe(0);
    expect(await report()).toEqual({ skippedKinds: { outcome: 3 }, problems: [] });
    expect((await db.syncState.get('pull'))?.cursor).toBe('5');
    // To version 1.1.0, that cursor skipped things: it starts again.
    expect(await inbox.cursor()).toBeUndefined();

    // The tablet is updated: its first sync reads everything again.
    const before = feed.asked.length;
    await flush();
    expect(feed.asked.slice(before)).toEqual([undefined, '2', '4']);
    expect((await db.outcomes.toArray()).map((o) => o.youSaid).sort()).toEqual(
      outcomes.map((o) => o.youSaid).sort(),
    );
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await report()).toEqual({ skippedKinds: {}, problems: [] });
    expect(await inbox.cursor()).toBe('5');

    // Once is enough: the next sync carries on from where it got to.
    await flush();
    expect(feed.asked.at(-1)).toBe('5');
    expect(feed.asked.slice(before)).toEqual([undefined, '2', '4', '5']);
  });

  it('is read again after an update from a version that did not record its own', async () => {
    const { flush, feed, db, settings, report } = await setup({ appVersion: '1.1.0' });
    publishSome(feed);
    // A tablet whose pull state was written before versions were kept with it.
    await receive(db, feed, settings, { read: readWithout('outcome') });
    expect((await db.syncState.get('pull'))?.appVersion).toBeUndefined();

    const before = feed.asked.length;
    await flush();
    expect(feed.asked[before]).toBeUndefined();
    expect(await db.outcomes.count()).toBe(3);
    expect(await report()).toEqual({ skippedKinds: {}, problems: [] });
  });

  it('is tried once by each version: what it still cannot use is listed and counted once', async () => {
    const { flush, feed, db, settings, report } = await setup({
      appVersion: '1.1.0',
      pageSize: 10,
    });
    const bad = { ...makeOutcome(), youSaid: '' };
    feed.publish('outcome', bad);
    feed.publish('newsletter', { id: 'n-1', body: 'Hello' });
    feed.publish('outcome', makeOutcome({ youSaid: 'Fine' }));
    await receive(db, feed, settings, { appVersion: '1.0.0' });
    const skipped = {
      skippedKinds: { newsletter: 1 },
      problems: [expect.objectContaining({ seq: 1, id: bad.id, field: 'youSaid' })],
    };
    expect(await report()).toEqual(skipped);

    const before = feed.asked.length;
    await flush();
    await flush();
    expect(feed.asked.slice(before)).toEqual([undefined, '3']);
    expect(await report()).toEqual(skipped);
    expect(await db.outcomes.count()).toBe(1);
  });

  it('is nothing when nothing was skipped: an update carries on from the cursor', async () => {
    const { flush, feed, db, settings } = await setup({ appVersion: '1.1.0' });
    publishSome(feed);
    await receive(db, feed, settings, { appVersion: '1.0.0' });
    const before = feed.asked.length;
    await flush();
    expect(feed.asked.slice(before)).toEqual(['5']);
  });

  it('reading the whole feed again leaves what the tablet holds as it was', async () => {
    const { flush, feed, db, settings, store, report } = await setup({
      appVersion: '1.1.0',
      pageSize: 3,
    });
    const at = (time: string) => `2026-12-01T${time}:00.000Z`;
    const editedHere = makeEvent({ title: 'Published', updatedAt: at('09:00') });
    const gone = makeEvent({ title: 'Unpublished, never used here' });
    const kept = makeEvent({ title: 'Unpublished, notes here' });
    const plain = makeEvent({ title: 'Published, untouched' });
    const outcome = makeOutcome({ youSaid: 'Stays' });
    const withdrawnOutcome = makeOutcome({ youSaid: 'Withdrawn' });
    for (const event of [editedHere, gone, kept, plain]) feed.publish('event', event);
    feed.publish('outcome', outcome);
    feed.publish('outcome', withdrawnOutcome);
    for (const v of [1, 2, 3]) feed.publish('survey', makeSurvey({ id: 'discharge', version: v }));
    feed.publish('newsletter', { id: 'n-1' });
    await receive(db, feed, settings, { appVersion: '1.0.0' });

    await store.updateEvent(editedHere.id, { ...eventInput(), title: 'Edited on the tablet' });
    await store.addNote({ eventId: kept.id, themeId: 'training', questionId: 'ideal', text: 'Hi' });
    feed.publish('event', { ...gone, withdrawnAt: at('12:00') });
    feed.publish('event', { ...kept, withdrawnAt: at('12:00') });
    feed.publish('outcome', { ...withdrawnOutcome, withdrawnAt: at('12:00') });
    await receive(db, feed, settings, { appVersion: '1.0.0' });
    await db.queue.clear(); // sent
    const held = async () =>
      Object.fromEntries(
        await Promise.all(
          db.tables
            .filter((t) => t.name !== 'syncState')
            .map(async (t) => [t.name, await t.toArray()] as const),
        ),
      );
    const before = await held();
    expect((before['events'] as { title: string }[]).map((e) => e.title).sort()).toEqual([
      'Edited on the tablet',
      'Published, untouched',
      'Unpublished, notes here',
    ]);
    expect(before['withdrawnEvents']).toEqual([{ id: kept.id, withdrawnAt: at('12:00') }]);

    const asked = feed.asked.length;
    await flush();
    expect(feed.asked[asked]).toBeUndefined();
    expect(await held()).toEqual(before);
    expect(await report()).toEqual({ skippedKinds: { newsletter: 1 }, problems: [] });
  });
});

describe('published survey versions', () => {
  const version = (v: number) => makeSurvey({ id: 'discharge', version: v });

  it('keeps the newest two versions, and any version a draft in progress answers', async () => {
    const { flush, feed, db, settings } = await setup();
    feed.publish('survey', version(1));
    await flush();
    // Someone on the kiosk is part-way through version 1.
    await settings.set(KIOSK_DRAFT_KEY, { surveyId: 'discharge', surveyVersion: 1 });
    for (const v of [2, 3, 4]) {
      feed.publish('survey', version(v));
      await flush();
    }
    const versions = async () =>
      (await db.publishedSurveys.where('id').equals('discharge').toArray()).map((s) => s.version);
    expect(await versions()).toEqual([1, 3, 4]);

    // The draft is done; the next version lets version 1 go.
    await settings.delete(KIOSK_DRAFT_KEY);
    feed.publish('survey', version(5));
    await flush();
    expect(await versions()).toEqual([4, 5]);
  });
});
