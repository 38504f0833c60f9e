import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { InvolveDb } from '../../src/app/storage/db';
import { DexieOutboxRepository } from '../../src/app/storage/dexie-outbox.repository';
import { DexieWorkshopStore } from '../../src/app/storage/dexie-workshop.store';
import { idbSettings } from '../../src/app/storage/settings';
import { settingsEnrolment } from '../../src/app/sync/enrolment';
import { httpSyncClient } from '../../src/app/sync/sync-client';
import { SyncEngine } from '../../src/app/sync/sync-engine';
import { processLock } from '../../src/app/sync/sync-lock';
import { DEFAULT_THEMES, KEY_QUESTION_IDS } from '../../src/shared';
import { startTestServer, type TestServer } from './server-test-kit';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fault =
  'drop-request' | 'drop-response' | 'error-500' | 'commit-then-500' | 'timeout' | 'pass';

/**
 * A fetch that stands between the real client and the real server and misbehaves: it drops
 * requests, loses answers after the server committed, answers 500, and hangs until the
 * client gives up (sometimes delivering the request late).
 */
function faultyFetch(server: TestServer, random: () => number, seen: Map<Fault, number>) {
  const pick = (): Fault => {
    const r = random();
    if (r < 0.15) return 'drop-request';
    if (r < 0.3) return 'drop-response';
    if (r < 0.4) return 'error-500';
    if (r < 0.45) return 'commit-then-500';
    if (r < 0.52) return 'timeout';
    return 'pass';
  };
  const serverError = () =>
    new Response(JSON.stringify({ error: { code: 'internal_error', message: 'Injected' } }), {
      status: 500,
      headers: { 'Content-Type': 'application/json' },
    });
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const fault = pick();
    seen.set(fault, (seen.get(fault) ?? 0) + 1);
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const { signal, ...rest } = init ?? {};
    const deliver = () => server.app.request(path, rest);
    switch (fault) {
      case 'drop-request':
        throw new TypeError('Failed to fetch');
      case 'drop-response':
        await deliver();
        throw new TypeError('Failed to fetch');
      case 'error-500':
        return serverError();
      case 'commit-then-500':
        await deliver();
        return serverError();
      case 'timeout':
        return new Promise<Response>((_, reject) => {
          signal?.addEventListener('abort', () => {
            // Half the time the request still reaches the server, after the client gave up.
            if (random() < 0.5) void deliver();
            reject(new DOMException('The operation was aborted.', 'AbortError'));
          });
        });
      case 'pass':
        return deliver();
    }
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sync under fault injection', () => {
  it('delivers 2,000 records exactly once through dropped, lost, failed and timed-out requests', async () => {
    server = await startTestServer({
      rateLimits: { device: { limit: 1_000_000, windowMs: 60_000 } },
    });
    // The tablet side stamps records with the real clock: a server clock fixed in the past
    // would find them more than a day ahead once that day has gone by, and refuse them.
    server.clock.time = new Date();
    const { token, deviceId } = await server.enrolDevice('Fault tablet');

    const db = new InvolveDb(`faults-${Math.random()}`);
    const settings = idbSettings(createStore(`faults-settings-${Math.random()}`, 'kv'));
    const store = new DexieWorkshopStore(db, 'client-device-1');
    const enrolment = settingsEnrolment(settings);
    await enrolment.set({
      token,
      serverDeviceId: deviceId,
      name: 'Fault tablet',
      organisationName: 'Involve',
      enrolledAt: new Date().toISOString(),
    });

    const random = prng(20261121);
    const faults = new Map<Fault, number>();
    const engine = new SyncEngine({
      outbox: new DexieOutboxRepository(db),
      client: httpSyncClient({ fetch: faultyFetch(server, random, faults), timeoutMs: 25 }),
      enrolment,
      lock: processLock(),
      appVersion: 'test',
      batchSize: 50,
      isOnline: () => true,
      // Retry at once: the test drives the passes itself instead of waiting out backoff.
      random: () => 0,
    });

    const event = await store.createEvent({
      title: 'Fault workshop',
      date: '2026-11-21',
      place: 'Hall',
      themes: DEFAULT_THEMES.map((th) => ({ ...th })),
      groups: [],
    });
    const created = [event.id];
    const texts = new Map<string, string>();
    for (let i = 0; i < 1999; i++) {
      const questionId = KEY_QUESTION_IDS[i % 3]!;
      const note = await store.addNote({
        eventId: event.id,
        themeId: DEFAULT_THEMES[i % 7]!.id,
        questionId,
        polarity: questionId === 'worked' ? 'worked' : undefined,
        text: `Note ${i}`,
      });
      created.push(note.id);
      texts.set(note.id, note.text);
      // Sync runs while capture goes on, and some notes are edited after being sent.
      if (i % 100 === 99) {
        void engine.flush();
        const earlier = created[1 + Math.floor(random() * i)]!;
        await store.updateNote(earlier, { text: `Edited ${i}` });
        texts.set(earlier, `Edited ${i}`);
      }
    }

    let passes = 0;
    while ((await db.queue.count()) > 0 && passes < 5000) {
      await engine.flush();
      passes += 1;
    }
    engine.stop();

    expect(await db.queue.count()).toBe(0);
    expect(await db.attention.count()).toBe(0);
    const rows = await server.db.selectFrom('records').select(['id', 'data']).execute();
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(created));
    for (const row of rows) {
      const data = JSON.parse(row.data) as { text?: string };
      if (texts.has(row.id)) expect(data.text).toBe(texts.get(row.id));
    }
    // Every kind of fault happened, and often.
    for (const fault of [
      'drop-request',
      'drop-response',
      'error-500',
      'commit-then-500',
      'timeout',
    ] as const)
      expect(faults.get(fault) ?? 0).toBeGreaterThan(3);
    expect(server.errors).toEqual([]);
  }, 120_000);
});
