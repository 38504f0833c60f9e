import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNUPS_SENT } from '../../../src/app/storage/db';
import {
  DexieOutboxRepository,
  DexieSyncStatus,
} from '../../../src/app/storage/dexie-outbox.repository';
import type { Live } from '../../../src/app/storage/live';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import { SyncFailure, type SyncClient } from '../../../src/app/sync/sync-client';
import { SyncEngine, type SyncSnapshot } from '../../../src/app/sync/sync-engine';
import { processLock } from '../../../src/app/sync/sync-lock';
import type { PushRecord, PushResult } from '../../../src/shared/sync/protocol';
import { CANARY, signUpInput } from '../../fixtures/signup-input';
import { eventInput, freshDevice } from '../workshop-test-kit';

type Answer = (records: PushRecord[]) => PushResult[] | Promise<PushResult[]>;

const acceptAll: Answer = (records) => records.map((r) => ({ id: r.id, status: 'accepted' }));

/** A server stand-in that records what it was sent and answers as told. */
function fakeClient(answer: Answer = acceptAll) {
  const pushes: PushRecord[][] = [];
  let next: Answer = answer;
  const client: SyncClient = {
    async push(records) {
      pushes.push(records);
      return { results: await next(records) };
    },
    pull: () => Promise.reject(new Error('not used: these engines have no inbox')),
    enrol: () => Promise.reject(new Error('not used')),
  };
  return { client, pushes, answer: (a: Answer) => (next = a) };
}

async function setup(
  answer?: Answer,
  options: {
    batchSize?: number;
    maxBatchSize?: number;
    enrolled?: boolean;
    random?: () => number;
    now?: () => Date;
    isOnline?: () => boolean;
  } = {},
) {
  const device = freshDevice();
  const enrolment = settingsEnrolment(device.settings);
  if (options.enrolled !== false)
    await enrolment.set({
      token: 'token-1',
      serverDeviceId: 'server-device',
      name: 'Ward 7 tablet',
      organisationName: 'Involve',
      enrolledAt: new Date().toISOString(),
    });
  const fake = fakeClient(answer);
  const states: SyncSnapshot[] = [];
  const engine = new SyncEngine({
    outbox: new DexieOutboxRepository(device.db),
    client: fake.client,
    enrolment,
    lock: processLock(),
    appVersion: 'test',
    batchSize: options.batchSize ?? 500,
    ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    ...(options.now === undefined ? {} : { now: options.now }),
    isOnline: options.isOnline ?? (() => true),
    random: options.random ?? (() => 0),
    // Only the triggers a test fires: no refresh while it runs.
    refreshIntervalMs: 24 * 60 * 60 * 1000,
  });
  engine.subscribe((s) => states.push(s));
  const event = await device.store.createEvent(eventInput());
  return { ...device, engine, event, states, ...fake };
}

async function addNotes(
  store: Awaited<ReturnType<typeof setup>>['store'],
  eventId: string,
  n: number,
) {
  const notes = [];
  for (let i = 0; i < n; i++)
    notes.push(
      await store.addNote({ eventId, themeId: 'training', questionId: 'ideal', text: `Note ${i}` }),
    );
  return notes;
}

describe('sync engine', () => {
  it('sends the whole outbox in bounded batches and empties it', async () => {
    const { engine, store, event, db, pushes, states } = await setup(undefined, { batchSize: 4 });
    await addNotes(store, event.id, 9);
    await engine.flush();
    expect(pushes.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(pushes.flat().map((r) => r.kind)).toContain('event');
    expect(await db.queue.count()).toBe(0);
    expect(engine.snapshot.state).toEqual({ kind: 'idle' });
    expect(engine.snapshot.lastSuccessAt).toBeDefined();
    expect(states.map((s) => s.state.kind)).toContain('sending');
  });

  it('grows its pushes while the server answers quickly, up to the most allowed', async () => {
    const { engine, store, event, db, pushes } = await setup(undefined, {
      batchSize: 2,
      maxBatchSize: 8,
    });
    await addNotes(store, event.id, 30);
    await engine.flush();
    const sizes = pushes.map((p) => p.length);
    expect(sizes.slice(0, 2)).toEqual([2, 2]);
    expect(Math.max(...sizes)).toBe(8);
    // Never smaller again until the queue runs out.
    expect(sizes.slice(0, -1)).toEqual([...sizes.slice(0, -1)].sort((a, b) => a - b));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(31);
    expect(await db.queue.count()).toBe(0);
  });

  it('keeps its pushes small while answers are slow (a weak signal)', async () => {
    let t = Date.parse('2026-11-21T10:00:00.000Z');
    // Each reading of the clock is 1.5 s after the last: every answer seems slow.
    const now = () => new Date((t += 1500));
    const { engine, store, event, pushes } = await setup(undefined, {
      batchSize: 2,
      maxBatchSize: 8,
      now,
    });
    await addNotes(store, event.id, 9);
    await engine.flush();
    expect(pushes.map((p) => p.length)).toEqual([2, 2, 2, 2, 2]);
  });

  it('sends smaller pushes after one timed out, until a pass goes through (a slow link)', async () => {
    const { engine, store, event, db, answer, pushes } = await setup(undefined, {
      batchSize: 400,
      maxBatchSize: 1600,
    });
    await addNotes(store, event.id, 299);
    // This link carries at most 60 records before the tablet gives up waiting.
    const answered: number[] = [];
    answer((records) => {
      if (records.length > 60) throw new SyncFailure('timeout', undefined, 'No answer in time');
      answered.push(records.length);
      return acceptAll(records);
    });
    for (let pass = 0; pass < 8 && (await db.queue.count()) > 0; pass++) await engine.flush();
    engine.stop();
    expect(await db.queue.count()).toBe(0);
    // 300 timed out, then 200, then 100: the pushes that went through were of 50, and the
    // pass did not grow them back towards the size that timed out.
    expect(pushes.map((p) => p.length).slice(0, 2)).toEqual([300, 200]);
    expect(answered.every((n) => n <= 50)).toBe(true);
    expect(answered.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('clears duplicates as sent, since the server already has them', async () => {
    const { engine, store, event, db } = await setup((records) =>
      records.map((r) => ({ id: r.id, status: 'duplicate' })),
    );
    await addNotes(store, event.id, 3);
    await engine.flush();
    expect(await db.queue.count()).toBe(0);
  });

  it('moves a refused change to "needs attention" and keeps sending the rest', async () => {
    const { engine, store, event, db, answer, pushes } = await setup(undefined, { batchSize: 2 });
    const [bad] = await addNotes(store, event.id, 5);
    answer((records) =>
      records.map((r) =>
        r.id === bad!.id
          ? { id: r.id, status: 'rejected', reason: 'must not be empty', field: 'data.text' }
          : { id: r.id, status: 'accepted' },
      ),
    );
    await engine.flush();
    expect(pushes.flat()).toHaveLength(6);
    expect(await db.queue.count()).toBe(0);
    expect(await db.attention.toArray()).toEqual([
      expect.objectContaining({
        recordId: bad!.id,
        reason: 'must not be empty',
        field: 'data.text',
      }),
    ]);
    expect(engine.snapshot.state.kind).toBe('idle');

    // Fixing the note queues it again; once accepted, it no longer needs attention.
    answer(acceptAll);
    await store.updateNote(bad!.id, { text: 'Fixed' });
    await engine.flush();
    expect(await db.attention.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
  });

  it('sends a note again when it was edited while its first version was on the way', async () => {
    const { engine, store, event, db, answer, pushes } = await setup();
    const [note] = await addNotes(store, event.id, 1);
    let edited = false;
    answer(async (records) => {
      if (!edited) {
        edited = true;
        await store.updateNote(note!.id, { text: 'Edited during the send' });
      }
      return acceptAll(records);
    });
    await engine.flush();
    const sentTexts = pushes
      .flat()
      .filter((r) => r.id === note!.id)
      .map((r) => (r.data as { text: string }).text);
    expect(sentTexts).toEqual(['Note 0', 'Edited during the send']);
    expect(await db.queue.count()).toBe(0);
  });

  it('keeps everything and says when it will retry after a network failure', async () => {
    const { engine, store, event, db, answer } = await setup();
    await addNotes(store, event.id, 3);
    answer(() => {
      throw new SyncFailure('network', undefined, 'Failed to fetch');
    });
    await engine.flush();
    const state = engine.snapshot.state;
    expect(state.kind).toBe('retrying');
    if (state.kind === 'retrying') {
      expect(state.failure).toBe('network');
      expect(Date.parse(state.retryAt)).not.toBeNaN();
    }
    expect(await db.queue.count()).toBe(4);
    answer(acceptAll);
    await engine.flush();
    engine.stop();
    expect(await db.queue.count()).toBe(0);
    expect(engine.snapshot.state.kind).toBe('idle');
  });

  it('stops and says why when the server refuses the tablet, keeping every change', async () => {
    const { engine, store, event, db, answer, pushes } = await setup();
    await addNotes(store, event.id, 2);
    answer(() => {
      throw new SyncFailure('refused', 'device_revoked', 'This device’s access was removed.');
    });
    await engine.flush();
    expect(engine.snapshot.state).toEqual({
      kind: 'refused',
      code: 'device_revoked',
      message: 'This device’s access was removed.',
    });
    expect(await db.queue.count()).toBe(3);
    expect(pushes).toHaveLength(1);
  });

  it('halves the batch when the server says it is too large', async () => {
    const { engine, store, event, db, answer, pushes } = await setup(undefined, { batchSize: 8 });
    await addNotes(store, event.id, 7);
    answer((records) => {
      if (records.length > 2) throw new SyncFailure('too-large', 'payload_too_large', 'Too big');
      return acceptAll(records);
    });
    await engine.flush();
    // With two pushes in flight, both halves of 4 are tried before batches settle at 2.
    expect(pushes.map((p) => p.length)).toEqual([8, 4, 4, 2, 2, 2, 2]);
    expect(await db.queue.count()).toBe(0);
  });

  it('sends nothing and says so when the tablet is not enrolled', async () => {
    const { engine, store, event, db, pushes } = await setup(undefined, { enrolled: false });
    await addNotes(store, event.id, 1);
    await engine.flush();
    expect(engine.snapshot.state).toEqual({ kind: 'not-enrolled' });
    expect(pushes).toHaveLength(0);
    expect(await db.queue.count()).toBe(2);
  });

  it('folds overlapping flushes into one sender, sending each change once', async () => {
    const { engine, store, event, db, pushes } = await setup(undefined, { batchSize: 3 });
    await addNotes(store, event.id, 8);
    await Promise.all([engine.flush(), engine.flush(), engine.flush()]);
    const ids = pushes.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(9);
    expect(await db.queue.count()).toBe(0);
  });
});

describe('sync engine, when things go wrong', () => {
  it('retries later, keeping the changes, when the server leaves some out of its answer', async () => {
    const { engine, store, event, db, answer } = await setup();
    const [skipped] = await addNotes(store, event.id, 3);
    answer((records) =>
      records.filter((r) => r.id !== skipped!.id).map((r) => ({ id: r.id, status: 'accepted' })),
    );
    await engine.flush();
    engine.stop();
    expect(engine.snapshot.state.kind).toBe('retrying');
    expect((await db.queue.toArray()).map((e) => e.recordId)).toEqual([skipped!.id]);
  });

  it('says it will retry, instead of staying on "sending", when storage fails mid-send', async () => {
    const { engine, store, event, db, answer } = await setup();
    await addNotes(store, event.id, 2);
    answer((records) => {
      db.close(); // the browser dropped the IndexedDB connection while the push was out
      return acceptAll(records);
    });
    await engine.flush();
    engine.stop();
    expect(engine.snapshot.state.kind).toBe('retrying');
  });

  it('backs off even when the server asks for no wait at all', async () => {
    const { engine, store, event, answer } = await setup(undefined, { random: () => 0.5 });
    await addNotes(store, event.id, 1);
    answer(() => {
      // A 429 whose Retry-After was missing or 0 arrives as "no wait asked for".
      throw new SyncFailure('rate-limited', 'rate_limited', 'Slow down', undefined);
    });
    const before = Date.now();
    await engine.flush();
    engine.stop();
    const state = engine.snapshot.state;
    expect(state.kind).toBe('retrying');
    // First failure, jitter 0.5: half of 2 s. Not at once, not in a tight loop.
    if (state.kind === 'retrying')
      expect(Date.parse(state.retryAt) - before).toBeGreaterThanOrEqual(900);
  });
});

/** Resolves when the engine next settles after sending: the end of the next pass that sends. */
function passEnds(engine: SyncEngine): Promise<SyncSnapshot> {
  return new Promise((resolve) => {
    let sending = false;
    let done = false;
    const off = engine.subscribe((s) => {
      if (done) return;
      if (s.state.kind === 'sending') sending = true;
      else if (sending) {
        done = true;
        resolve(s);
        queueMicrotask(() => off());
      }
    });
  });
}

/** Resolves when the engine says the state is `kind`. */
function stateBecomes(engine: SyncEngine, kind: SyncSnapshot['state']['kind']): Promise<void> {
  return new Promise((resolve) => {
    const off = engine.subscribe((s) => {
      if (s.state.kind !== kind) return;
      resolve();
      queueMicrotask(() => off());
    });
  });
}

describe('sync engine, the browser triggers start() wires', () => {
  let visibility: DocumentVisibilityState = 'visible';
  beforeEach(() => {
    visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => visibility,
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(document, 'visibilityState');
  });

  it('sends what was saved offline when the browser says it is online again', async () => {
    let online = false;
    const { engine, store, event, db, pushes } = await setup(undefined, {
      isOnline: () => online,
    });
    const notes = await addNotes(store, event.id, 3);
    const offline = stateBecomes(engine, 'offline');
    const stop = engine.start();
    await offline; // the start trigger found no network and sent nothing
    expect(pushes).toEqual([]);
    expect(await db.queue.count()).toBe(4);

    online = true;
    const sent = passEnds(engine);
    window.dispatchEvent(new Event('online'));
    expect((await sent).state).toEqual({ kind: 'idle' });
    expect(pushes.flat().map((r) => r.id)).toEqual([event.id, ...notes.map((n) => n.id)]);
    expect(await db.queue.count()).toBe(0);

    // Going offline shows at once on the panel.
    online = false;
    window.dispatchEvent(new Event('offline'));
    expect(engine.snapshot.state).toEqual({ kind: 'offline' });

    // Once stopped, the browser's events trigger nothing.
    stop();
    const flush = vi.spyOn(engine, 'flush');
    online = true;
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(flush).not.toHaveBeenCalled();
  });

  it('sends when the tab becomes visible again, not when it is hidden', async () => {
    const { engine, store, event, db, pushes } = await setup();
    const started = passEnds(engine);
    const stop = engine.start();
    await started; // the start trigger sent the event
    expect(pushes.flat().map((r) => r.id)).toEqual([event.id]);

    // Saved while the tab is in the background (no save trigger wired in this engine).
    const notes = await addNotes(store, event.id, 2);
    const flush = vi.spyOn(engine, 'flush');
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(flush).not.toHaveBeenCalled();
    expect(await db.queue.count()).toBe(2);

    visibility = 'visible';
    const sent = passEnds(engine);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(flush).toHaveBeenCalledOnce();
    expect((await sent).state).toEqual({ kind: 'idle' });
    expect(pushes.flat().map((r) => r.id)).toEqual([event.id, ...notes.map((n) => n.id)]);
    expect(await db.queue.count()).toBe(0);
    stop();
  });
});

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

describe('sync engine, sign-ups', () => {
  it('sends the full sign-up, then deletes it from the tablet and counts it', async () => {
    const { engine, signups, db, pushes } = await setup();
    const saved = await signups.save(signUpInput());
    await engine.flush();

    expect(pushes.flat().filter((r) => r.kind === 'sign-up')).toEqual([
      { id: saved.id, kind: 'sign-up', schemaVersion: 1, data: saved },
    ]);
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
    expect(await db.counters.get(SIGNUPS_SENT)).toEqual({ name: SIGNUPS_SENT, value: 1 });
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 1 });
    // Nothing of the person is left anywhere on the tablet.
    for (const table of db.tables) {
      const rows = JSON.stringify(await table.toArray());
      expect(rows).not.toContain(CANARY.name);
      expect(rows).not.toContain(CANARY.email);
    }
  });

  it('deletes a sign-up the server already had (a duplicate) as well', async () => {
    const { engine, signups, db } = await setup((records) =>
      records.map((r) => ({ id: r.id, status: 'duplicate' })),
    );
    await signups.save(signUpInput());
    await signups.save(signUpInput({ name: 'Second person' }));
    await engine.flush();
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 2 });
  });

  it('keeps a refused sign-up, listing it as needing attention without the person’s name', async () => {
    const { engine, signups, db, answer } = await setup();
    const refused = await signups.save(signUpInput());
    const other = await signups.save(signUpInput({ name: 'Accepted person' }));
    answer((records) =>
      records.map((r) =>
        r.id === refused.id
          ? {
              id: r.id,
              status: 'rejected',
              reason: 'is not a UK phone number',
              field: 'data.phone',
            }
          : { id: r.id, status: 'accepted' },
      ),
    );
    await engine.flush();

    expect(await db.signups.toArray()).toEqual([refused]);
    expect(await db.signups.get(other.id)).toBeUndefined();
    expect(await db.queue.count()).toBe(0);
    expect(await db.attention.toArray()).toEqual([
      expect.objectContaining({ recordId: refused.id, kind: 'sign-up', field: 'data.phone' }),
    ]);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 1, sent: 1 });

    const items = await current(new DexieSyncStatus(db).liveAttention());
    expect(items).toEqual([
      expect.objectContaining({
        recordId: refused.id,
        kind: 'sign-up',
        excerpt: undefined,
        eventTitle: undefined,
        reason: 'is not a UK phone number',
      }),
    ]);
    expect(JSON.stringify(items)).not.toContain(CANARY.name);
    expect(JSON.stringify(items)).not.toContain(CANARY.email);
  });

  it.each([
    ['a network failure', new SyncFailure('network', undefined, 'Failed to fetch')],
    ['a server error (500)', new SyncFailure('server', 'internal', 'Something went wrong')],
  ])('keeps a sign-up, still queued, after %s', async (_, failure) => {
    const { engine, signups, db, answer } = await setup();
    const saved = await signups.save(signUpInput());
    answer(() => {
      throw failure;
    });
    await engine.flush();
    engine.stop();
    expect(engine.snapshot.state.kind).toBe('retrying');
    expect(await db.signups.toArray()).toEqual([saved]);
    expect((await db.queue.toArray()).map((e) => [e.kind, e.recordId])).toEqual([
      ['event', expect.any(String)],
      ['sign-up', saved.id],
    ]);
    expect(await db.counters.count()).toBe(0);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 1, sent: 0 });

    answer(acceptAll);
    await engine.flush();
    engine.stop();
    expect(await db.signups.count()).toBe(0);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 1 });
  });

  it('keeps a sign-up the server left out of its answer', async () => {
    const { engine, signups, db, answer } = await setup();
    const saved = await signups.save(signUpInput());
    answer((records) =>
      records.filter((r) => r.id !== saved.id).map((r) => ({ id: r.id, status: 'accepted' })),
    );
    await engine.flush();
    engine.stop();
    expect(await db.signups.toArray()).toEqual([saved]);
    expect((await db.queue.toArray()).map((e) => e.recordId)).toEqual([saved.id]);
  });

  it('keeps a sign-up saved again while its first version was on the way, until that is sent', async () => {
    const { engine, signups, db, answer, pushes } = await setup();
    const saved = await signups.save(signUpInput());
    let again = false;
    answer(async (records) => {
      if (!again) {
        again = true;
        await signups.save(signUpInput({ id: saved.id, phone: '07700 900456' }));
      }
      return acceptAll(records);
    });
    await engine.flush();
    const sentPhones = pushes
      .flat()
      .filter((r) => r.id === saved.id)
      .map((r) => (r.data as { phone: string }).phone);
    expect(sentPhones).toEqual([CANARY.phone, '07700 900456']);
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 1 });
  });

  it('reads the sign-ups of a batch with one bulkGet, in batches mixed with notes', async () => {
    const { engine, store, signups, event, db, pushes } = await setup(undefined, {
      batchSize: 4,
    });
    const saved = [];
    for (let i = 0; i < 3; i++) {
      await addNotes(store, event.id, 1);
      saved.push(await signups.save(signUpInput({ name: `Person ${i}` })));
    }
    const bulkGet = vi.spyOn(db.signups, 'bulkGet');
    const get = vi.spyOn(db.signups, 'get');
    await engine.flush();

    // event, note, sign-up, note | sign-up, note, sign-up
    expect(pushes.map((p) => p.map((r) => r.kind))).toEqual([
      ['event', 'workshop-note', 'sign-up', 'workshop-note'],
      ['sign-up', 'workshop-note', 'sign-up'],
    ]);
    expect(bulkGet).toHaveBeenCalledTimes(2);
    expect(get).not.toHaveBeenCalled();
    expect(
      pushes
        .flat()
        .filter((r) => r.kind === 'sign-up')
        .map((r) => r.data),
    ).toEqual(saved);
    expect(await db.signups.count()).toBe(0);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 3 });
  });

  it('counts sign-up references among the changes waiting on the tablet', async () => {
    const { store, signups } = await setup();
    await signups.save(signUpInput());
    expect(await current(store.liveCounts())).toMatchObject({ unsent: 2 });
  });
});
