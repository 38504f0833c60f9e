import { CompiledQuery, sql } from 'kysely';
import type { Compilable, Kysely, QueryCreator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { deviceSeenQuery, insertDevice } from '../../../src/server/db/devices.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import {
  eventsPageQuery,
  listEvents,
  listRecords,
  pagesOfRecordData,
  recordDataPageQuery,
  upsertRecordBatch,
} from '../../../src/server/db/records.repository';
import { fillRecordSubjects } from '../../../src/server/db/migrations/0006-record-subjects';
import { fillRecordDates } from '../../../src/server/db/migrations/0007-record-dates';
import type {
  BatchOrigin,
  RecordToStore,
  UpsertPath,
} from '../../../src/server/db/records.repository';
import { inTransaction } from '../../../src/server/db/transaction';
import { uuidv7 } from '../../../src/shared/ids';
import { openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;
let organisationId: string;
const deviceId = 'device-1';
const at = '2026-11-21T10:00:00.000Z';

beforeEach(async () => {
  database = await openTestDatabase();
  organisationId = (await getDefaultOrganisation(database.db)).id;
  await insertDevice(database.db, {
    id: deviceId,
    organisationId,
    name: 'Tablet',
    tokenHash: 'hash-1',
    createdAt: at,
  });
});

afterEach(async () => {
  await database.close();
});

function record(overrides: Partial<RecordToStore> = {}): RecordToStore {
  const id = overrides.id ?? uuidv7();
  return {
    id,
    kind: 'workshop-note',
    schemaVersion: 1,
    eventId: 'event-1',
    data: JSON.stringify({ id, v: overrides.updatedAt ?? at }),
    updatedAt: at,
    ...overrides,
  };
}

const origin = () => ({ organisationId, deviceId, receivedAt: at });

/** The store's fast way to write: SQLite's prepared statements, or PostgreSQL's array statement. */
const fastPath = (): UpsertPath => database.sqlite ?? 'postgres';

/**
 * The two ways `upsertRecordBatch` writes on each store: Kysely's multi-row statements, and
 * the store's fast path.
 */
const paths: { name: string; handle: () => UpsertPath | undefined }[] = [
  { name: 'through Kysely', handle: () => undefined },
  {
    name: 'through the fast path (prepared SQLite statements, or one PostgreSQL statement)',
    handle: fastPath,
  },
];

describe.each(paths)('upsertRecordBatch $name', ({ handle }) => {
  const upsert = (db: Kysely<Database>, batchOrigin: BatchOrigin, batch: RecordToStore[]) =>
    upsertRecordBatch(db, batchOrigin, batch, handle());

  it('stores a large batch across several statements in one call', async () => {
    const batch = Array.from({ length: 250 }, () => record());
    const outcomes = await upsert(database.db, origin(), batch);
    expect(outcomes).toEqual(batch.map(() => 'accepted'));
    const { records } = await listRecords(database.db, { organisationId, after: 0, limit: 500 });
    expect(records.map((r) => r.id)).toEqual(batch.map((r) => r.id));
  });

  it('stores text exactly, whatever characters it holds', async () => {
    // What an array parameter must escape (quotes, backslashes, braces, commas, the word
    // NULL), control characters and separators, escapes written as text (which nothing may
    // decode), and text beyond the Basic Multilingual Plane.
    const awkward = [
      'NULL',
      '{a,b}',
      'say "hi"',
      'C:\\notes\\',
      'গ্রুপ 😀',
      '',
      '\\u0000 and \\ud800',
      '\u0001\t\n\u2028',
    ];
    const batch = awkward.map((text) =>
      record({ eventId: `event ${text}`, data: JSON.stringify({ text }) }),
    );
    expect(await upsert(database.db, origin(), batch)).toEqual(batch.map(() => 'accepted'));
    const { records } = await listRecords(database.db, { organisationId, after: 0, limit: 10 });
    expect(records.map((r) => ({ eventId: r.eventId, data: r.data }))).toEqual(
      batch.map((r) => ({ eventId: r.eventId, data: r.data })),
    );
  });

  it('answers each record in input order, deduplicating within the batch', async () => {
    const a = record({ updatedAt: '2026-11-21T10:00:00.000Z' });
    const aNewer = { ...a, updatedAt: '2026-11-21T11:00:00.000Z', data: '"newer"' };
    const aSame = { ...aNewer, data: '"same time, later in batch"' };
    const b = record();
    const outcomes = await upsert(database.db, origin(), [a, b, aNewer, aSame]);
    expect(outcomes).toEqual(['duplicate', 'accepted', 'accepted', 'duplicate']);
    const stored = await database.db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('id', '=', a.id)
      .execute();
    expect(stored).toEqual([{ id: a.id, data: '"newer"' }]);
  });

  it('answers each record exactly when rows stored already lie after many new ones', async () => {
    // In id order: 180 new, one stored at the same version, one stored at an older one, 68 new.
    const ids = Array.from({ length: 250 }, () => uuidv7());
    const older = '2026-11-21T09:00:00.000Z';
    const same = record({ id: ids[180]! });
    const updated = record({ id: ids[181]!, updatedAt: older, data: '"older"' });
    await upsert(database.db, origin(), [same, updated]);
    const batch = ids.map((id) => record({ id, data: JSON.stringify({ id, n: 2 }) }));
    const outcomes = await upsert(database.db, origin(), batch);
    expect(outcomes).toEqual(ids.map((_, n) => (n === 180 ? 'duplicate' : 'accepted')));
    const rows = await database.db
      .selectFrom('records')
      .select(['seq', 'id', 'data'])
      .orderBy('seq')
      .execute();
    // Each once; what was already stored at this version kept, the older one replaced.
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(rows.find((row) => row.id === same.id)!.data).toBe(same.data);
    expect(rows.find((row) => row.id === updated.id)!.data).toBe(
      JSON.stringify({ id: updated.id, n: 2 }),
    );
  });

  it('handles an empty batch', async () => {
    expect(await upsert(database.db, origin(), [])).toEqual([]);
  });

  it("never overwrites another organisation's record with the same id", async () => {
    const otherOrg = uuidv7();
    await database.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other', created_at: at })
      .execute();
    await insertDevice(database.db, {
      id: 'device-2',
      organisationId: otherOrg,
      name: 'Theirs',
      tokenHash: 'hash-2',
      createdAt: at,
    });
    const mine = record();
    await upsert(database.db, origin(), [mine]);
    const theirs = { ...mine, updatedAt: '2027-01-01T00:00:00.000Z', data: '"hijack"' };
    const outcomes = await upsert(
      database.db,
      { organisationId: otherOrg, deviceId: 'device-2', receivedAt: at },
      [theirs],
    );
    expect(outcomes).toEqual(['duplicate']);
    const row = await database.db
      .selectFrom('records')
      .select(['organisation_id', 'data'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ organisation_id: organisationId, data: mine.data });
  });

  it('rolls the whole batch back when one statement fails', async () => {
    const batch = Array.from({ length: 150 }, () => record());
    // A record without data breaks NOT NULL in the second statement (rows go in id order).
    const last = batch.at(-1)!;
    batch[149] = { ...last, data: null as unknown as string };
    await expect(upsert(database.db, origin(), batch)).rejects.toThrow();
    expect(await database.db.selectFrom('records').select('id').execute()).toEqual([]);
  });

  it("joins the caller's transaction: a failure after the upsert rolls its rows back", async () => {
    const batch = Array.from({ length: 150 }, () => record());
    await expect(
      inTransaction(database.db, async (trx) => {
        expect(await upsert(trx, origin(), batch)).toEqual(batch.map(() => 'accepted'));
        // Visible inside the transaction...
        const inside = await trx.selectFrom('records').select('id').execute();
        expect(inside).toHaveLength(150);
        throw new Error('a later step of the same unit of work failed');
      }),
    ).rejects.toThrow('a later step');
    // ...and gone with it.
    expect(await database.db.selectFrom('records').select('id').execute()).toEqual([]);
    // The connection is usable afterwards, and the same records are new again.
    expect(await upsert(database.db, origin(), batch)).toEqual(batch.map(() => 'accepted'));
  });

  describe('with a write alongside (the device sighting a push commits with its batch)', () => {
    const seenAt = '2026-11-21T11:00:00.000Z';
    const sighting = (qc: QueryCreator<Database>) =>
      deviceSeenQuery(qc, deviceId, { seenAt, appVersion: '9.9.9', outboxCount: 7 });
    const lastSeen = () =>
      database.db
        .selectFrom('devices')
        .select(['last_seen_at', 'app_version', 'outbox_count'])
        .where('id', '=', deviceId)
        .executeTakeFirstOrThrow();

    it('commits both, and still writes it when every record is a duplicate or there are none', async () => {
      const batch = [record(), record()];
      expect(await upsertRecordBatch(database.db, origin(), batch, handle(), sighting)).toEqual([
        'accepted',
        'accepted',
      ]);
      expect(await lastSeen()).toEqual({
        last_seen_at: seenAt,
        app_version: '9.9.9',
        outbox_count: 7,
      });
      const { records } = await listRecords(database.db, { organisationId, after: 0, limit: 10 });
      expect(records).toHaveLength(2);

      for (const again of [batch, []]) {
        await database.db
          .updateTable('devices')
          .set({ last_seen_at: null })
          .where('id', '=', deviceId)
          .execute();
        expect(await upsertRecordBatch(database.db, origin(), again, handle(), sighting)).toEqual(
          again.map(() => 'duplicate'),
        );
        expect((await lastSeen()).last_seen_at).toBe(seenAt);
      }
    });

    it('stores no record when the write alongside fails', async () => {
      const failing = (qc: QueryCreator<Database>) =>
        qc
          .updateTable('devices')
          // NOT NULL: refused by both stores, after (or within) the batch's own writes.
          .set({ name: sql<string>`null` })
          .where('id', '=', deviceId);
      const batch = Array.from({ length: 150 }, () => record());
      await expect(
        upsertRecordBatch(database.db, origin(), batch, handle(), failing),
      ).rejects.toThrow();
      expect(await database.db.selectFrom('records').select('id').execute()).toEqual([]);
      expect(await upsert(database.db, origin(), batch)).toEqual(batch.map(() => 'accepted'));
    });
  });

  it("commits with the caller's transaction, together with its other writes", async () => {
    const batch = [record(), record()];
    await inTransaction(database.db, async (trx) => {
      await upsert(trx, origin(), batch);
      await trx
        .updateTable('devices')
        .set({ last_seen_at: at })
        .where('id', '=', deviceId)
        .execute();
    });
    const { records } = await listRecords(database.db, { organisationId, after: 0, limit: 10 });
    expect(records.map((r) => r.id)).toEqual(batch.map((r) => r.id).sort());
    const device = await database.db
      .selectFrom('devices')
      .select('last_seen_at')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(device.last_seen_at).toBe(at);
  });

  it('waits for a transaction in progress instead of writing into it', async () => {
    const first = record();
    const second = record();
    let holding = () => {};
    const inside = new Promise<void>((resolve) => (holding = resolve));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // One unit of work holds the connection across an await, then fails...
    const failing = inTransaction(database.db, async (trx) => {
      await upsert(trx, origin(), [first]);
      holding();
      await released;
      throw new Error('rolled back');
    });
    await inside;
    // ...while another push arrives: it must not land in the failing transaction.
    const pushed = upsert(database.db, origin(), [second]);
    release();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await pushed).toEqual(['accepted']);
    const ids = (await database.db.selectFrom('records').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual([second.id]);
  });
});

describe('upsertRecordBatch fast paths', () => {
  it('refuses a handle that is not the connection behind the database, writing nothing', async (ctx) => {
    ctx.skip(
      database.sqlite === undefined,
      'SQLite only: prepared statements on its one connection',
    );
    const other = await openTestDatabase();
    try {
      await expect(
        upsertRecordBatch(database.db, origin(), [record()], other.sqlite),
      ).rejects.toThrow('not the connection of this transaction');
      expect(await database.db.selectFrom('records').select('id').execute()).toEqual([]);
      expect(await other.db.selectFrom('records').select('id').execute()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("leaves the caller's transaction as it was when a statement fails, so it can go on", async (ctx) => {
    ctx.skip(
      database.sqlite === undefined,
      'SQLite only: on PostgreSQL a failed statement ends the transaction',
    );
    const stored = record();
    await upsertRecordBatch(database.db, origin(), [stored], fastPath());
    const kept = record();
    // Every row new, or one stored already (the batch is then written a second time, with
    // the statements that answer ids): either way a record without data breaks NOT NULL in
    // the batch's last statement (rows go in id order), after the others have written theirs.
    for (const holdsStored of [false, true]) {
      const batch = Array.from({ length: 150 }, () => record());
      if (holdsStored) batch[10] = stored;
      const last = batch.at(-1)!;
      batch[149] = { ...last, data: null as unknown as string };
      await inTransaction(database.db, async (trx) => {
        await upsertRecordBatch(trx, origin(), [kept], fastPath());
        await expect(upsertRecordBatch(trx, origin(), batch, fastPath())).rejects.toThrow();
        // The caller handles the failure and commits what it did before.
      });
      const ids = (await database.db.selectFrom('records').select('id').execute()).map((r) => r.id);
      expect(ids.sort()).toEqual([stored.id, kept.id].sort());
    }
  });

  it('answers and stores exactly what the Kysely path does, seq numbers included', async () => {
    const twin = await openTestDatabase();
    try {
      // The same organisations and devices on both, with the same ids, so rows compare equal.
      // (The twin's own default organisation stays unused.)
      const otherOrg = uuidv7();
      await twin.db
        .insertInto('organisations')
        .values({ id: organisationId, name: 'Ours', created_at: at })
        .execute();
      await insertDevice(twin.db, {
        id: deviceId,
        organisationId,
        name: 'Tablet',
        tokenHash: 'hash-1',
        createdAt: at,
      });
      for (const db of [database.db, twin.db]) {
        await db
          .insertInto('organisations')
          .values({ id: otherOrg, name: 'Other', created_at: at })
          .execute();
        await insertDevice(db, {
          id: 'device-2',
          organisationId: otherOrg,
          name: 'Theirs',
          tokenHash: 'hash-2',
          createdAt: at,
        });
      }
      // Seeded, so a failure replays.
      const seen = new Set<string>();
      let seed = 20261122;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      // Batches up to 250 records, so both full multi-row chunks and single rows are written.
      const ids = Array.from({ length: 300 }, () => uuidv7());
      const times = ['09', '10', '11', '12'].map((h) => `2026-11-21T${h}:00:00.000Z`);
      for (let n = 0; n < 30; n++) {
        const mine = random() < 0.8;
        const batchOrigin: BatchOrigin = mine
          ? {
              organisationId,
              deviceId,
              receivedAt: `2026-11-22T00:00:${String(n).padStart(2, '0')}.000Z`,
            }
          : { organisationId: otherOrg, deviceId: 'device-2', receivedAt: at };
        const batch = Array.from({ length: 1 + Math.floor(random() * 250) }, () => {
          const updatedAt = times[Math.floor(random() * times.length)]!;
          const id = ids[Math.floor(random() * ids.length)]!;
          return record({ id, updatedAt, data: JSON.stringify({ id, updatedAt, n }) });
        });
        const viaKysely = await upsertRecordBatch(twin.db, batchOrigin, batch);
        const viaStatement = await upsertRecordBatch(database.db, batchOrigin, batch, fastPath());
        expect(viaStatement).toEqual(viaKysely);
        for (const outcome of viaKysely) seen.add(outcome);
      }
      // Stored records after many new ones in id order: the fast path's first try stores the
      // new ones, finds the stored, and is undone; what it stores then must be the same.
      const fresh = Array.from({ length: 250 }, () => uuidv7());
      const ours: BatchOrigin = { organisationId, deviceId, receivedAt: at };
      for (const batch of [[fresh[180]!, fresh[181]!], fresh].map((batchIds) =>
        batchIds.map((id) => record({ id, data: JSON.stringify({ id, n: batchIds.length }) })),
      )) {
        const viaKysely = await upsertRecordBatch(twin.db, ours, batch);
        expect(await upsertRecordBatch(database.db, ours, batch, fastPath())).toEqual(viaKysely);
      }
      expect([...seen].sort()).toEqual(['accepted', 'duplicate']);
      const rows = (db: Kysely<Database>) =>
        db.selectFrom('records').selectAll().orderBy('seq').execute();
      const expected = await rows(twin.db);
      expect(expected.length).toBeGreaterThan(200);
      expect(await rows(database.db)).toEqual(expected);
    } finally {
      await twin.close();
    }
  });
});

describe('listRecords', () => {
  it('answers hasMore only when another page exists', async () => {
    await upsertRecordBatch(database.db, origin(), [record(), record(), record()]);
    const full = await listRecords(database.db, { organisationId, after: 0, limit: 3 });
    expect(full.hasMore).toBe(false);
    const partial = await listRecords(database.db, { organisationId, after: 0, limit: 2 });
    expect(partial.hasMore).toBe(true);
    const rest = await listRecords(database.db, {
      organisationId,
      after: partial.records.at(-1)!.seq,
      limit: 2,
    });
    expect(rest.records).toHaveLength(1);
    expect(rest.hasMore).toBe(false);
  });
});

describe('records by what they answer', () => {
  const response = (surveyId: string): RecordToStore => {
    const id = uuidv7();
    return record({
      id,
      kind: 'survey-response',
      eventId: '',
      subjectId: surveyId,
      data: JSON.stringify({ id, surveyId }),
    });
  };

  it.each(paths)(
    'reads one survey’s responses a page at a time, in order of arrival ($name)',
    async ({ handle }) => {
      const batch = Array.from({ length: 7 }, (_, i) => response(i % 2 ? 'fft' : 'ward'));
      await upsertRecordBatch(database.db, origin(), batch, handle());
      const pages: string[][] = [];
      for await (const page of pagesOfRecordData(
        database.db,
        organisationId,
        'survey-response',
        'ward',
        { pageSize: 2 },
      ))
        pages.push(page.map((data) => (JSON.parse(data) as { id: string }).id));
      expect(pages.map((p) => p.length)).toEqual([2, 2]);
      const ward = batch
        .filter((_, i) => i % 2 === 0)
        .map((r) => r.id)
        .sort();
      expect(pages.flat()).toEqual(ward);
      const all: string[] = [];
      for await (const page of pagesOfRecordData(database.db, organisationId, 'survey-response'))
        all.push(...page);
      expect(all).toHaveLength(7);
    },
  );

  it('fills in what records stored before the column answer', async () => {
    const stored = [response('fft'), response('ward'), record()];
    await upsertRecordBatch(database.db, origin(), stored);
    await database.db.updateTable('records').set({ subject_id: '' }).execute();
    await fillRecordSubjects(database.db as unknown as Kysely<unknown>);
    const rows = await database.db
      .selectFrom('records')
      .select(['id', 'subject_id'])
      .orderBy('seq')
      .execute();
    expect(new Map(rows.map((r) => [r.id, r.subject_id]))).toEqual(
      new Map([
        [stored[0]!.id, 'fft'],
        [stored[1]!.id, 'ward'],
        [stored[2]!.id, ''],
      ]),
    );
  });
});

describe('records by the day they are about', () => {
  const event = (date: string): RecordToStore => {
    const id = uuidv7();
    return record({
      id,
      kind: 'event',
      eventId: id,
      recordDate: date,
      data: JSON.stringify({ id, date }),
    });
  };

  it.each(paths)(
    'stores an event’s date beside it, and a newer copy moves it ($name)',
    async ({ handle }) => {
      const first = event('2026-11-20');
      await upsertRecordBatch(database.db, origin(), [first, record()], handle());
      const moved = { ...first, recordDate: '2026-12-01', updatedAt: '2026-11-21T11:00:00.000Z' };
      await upsertRecordBatch(database.db, origin(), [moved], handle());
      const rows = await database.db
        .selectFrom('records')
        .select(['kind', 'record_date'])
        .orderBy('seq')
        .execute();
      expect(rows).toEqual([
        { kind: 'event', record_date: '2026-12-01' },
        { kind: 'workshop-note', record_date: '' },
      ]);
    },
  );

  it('fills in what events stored before the column are about', async () => {
    const stored = [event('2026-11-20'), record(), event('2027-01-02')];
    await upsertRecordBatch(database.db, origin(), stored);
    await database.db.updateTable('records').set({ record_date: '' }).execute();
    await fillRecordDates(database.db as unknown as Kysely<unknown>);
    const rows = await database.db
      .selectFrom('records')
      .select(['id', 'record_date'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.record_date)).toEqual(['2026-11-20', '', '2027-01-02']);
  });
});

describe('the indexes that only some kinds of record need', () => {
  interface PlanNode {
    'Relation Name'?: string;
    'Index Name'?: string;
    Plans?: PlanNode[];
  }
  const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

  /** The indexes the database would read `records` through to answer `query`. */
  async function indexesRead(query: Compilable): Promise<string[]> {
    const { sql: text, parameters } = query.compile();
    if (database.dialect === 'sqlite') {
      const plan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
      );
      return plan.rows.flatMap(
        (r) => /^SEARCH records USING (?:COVERING )?INDEX (\w+)/.exec(r.detail)?.slice(1) ?? [],
      );
    }
    // With a few events PostgreSQL may as well read them all through another index and sort
    // them; denied sorting, it shows whether this index can serve the query at all.
    const plan = await database.db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
      return trx.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        CompiledQuery.raw(`explain (format json) ${text}`, [...parameters]),
      );
    });
    return flatten(plan.rows[0]!['QUERY PLAN'][0].Plan)
      .filter((node) => node['Relation Name'] === 'records')
      .flatMap((node) => (node['Index Name'] === undefined ? [] : [node['Index Name']]));
  }

  it('still serve the event list and a survey’s answers, though notes are not in them', async () => {
    // Mostly notes, as a real store is, and a few events and survey answers among them.
    const batch = Array.from({ length: 2000 }, (_, i) => {
      const id = uuidv7();
      if (i % 100 === 0)
        return record({ id, kind: 'event', eventId: id, recordDate: '2026-11-20' });
      if (i % 100 === 50)
        return record({ id, kind: 'survey-response', eventId: '', subjectId: 'fft' });
      return record({ id });
    });
    await upsertRecordBatch(database.db, origin(), batch, fastPath());
    if (database.dialect === 'postgres')
      await database.db.executeQuery(CompiledQuery.raw('analyze records'));

    expect(await indexesRead(eventsPageQuery(database.db, { organisationId, limit: 20 }))).toEqual([
      'records_org_kind_date_id_idx',
    ]);
    const after = { date: '2026-11-20', id: batch[1000]!.id };
    expect(
      await indexesRead(eventsPageQuery(database.db, { organisationId, after, limit: 20 })),
    ).toEqual(['records_org_kind_date_id_idx']);
    expect(
      await indexesRead(
        recordDataPageQuery(database.db, organisationId, 'survey-response', 'fft', { size: 20 }),
      ),
    ).toEqual(['records_org_kind_subject_seq_idx']);
    // And they answer what they did before.
    const { events } = await listEvents(database.db, { organisationId, limit: 50 });
    expect(events).toHaveLength(20);
    const answers: string[] = [];
    for await (const page of pagesOfRecordData(
      database.db,
      organisationId,
      'survey-response',
      'fft',
    ))
      answers.push(...page);
    expect(answers).toHaveLength(20);
  });
});
