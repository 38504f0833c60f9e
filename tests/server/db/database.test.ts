import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { publish, pullSince, withFeedLock } from '../../../src/server/db/published.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { DEFAULT_ORGANISATION_NAME } from '../../../src/server/db/migrations/0001-initial';
import { insertDevice } from '../../../src/server/db/devices.repository';
import { upsertRecordBatch } from '../../../src/server/db/records.repository';
import { uuidv7 } from '../../../src/shared/ids';
import { openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;

beforeEach(async () => {
  database = await openTestDatabase();
});

afterEach(async () => {
  await database.close();
});

describe('migrations', () => {
  it('create the default organisation once, and running again changes nothing', async () => {
    await migrateToLatest(database.db, database.dialect);
    await migrateToLatest(database.db, database.dialect);
    const organisations = await database.db.selectFrom('organisations').selectAll().execute();
    expect(organisations).toHaveLength(1);
    expect(organisations[0]!.name).toBe(DEFAULT_ORGANISATION_NAME);
  });

  it('finish on SQLite after a start stopped part-way through a migration', async (ctx) => {
    ctx.skip(database.dialect !== 'sqlite', 'PostgreSQL runs each migration in a transaction');
    // What a server killed mid-migration leaves: the new columns and indexes are there (SQLite
    // runs migrations without a transaction), but the migrations were never recorded as done.
    await sql`delete from kysely_migration where name in ('0006-record-subjects', '0007-record-dates', '0008-record-write-cost')`.execute(
      database.db,
    );
    await migrateToLatest(database.db, database.dialect);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(
      database.db,
    );
    expect(rows.map((r) => r.name)).toContain('0008-record-write-cost');
  });

  it('open SQLite in WAL mode with foreign keys enforced', async (ctx) => {
    ctx.skip(database.dialect !== 'sqlite', 'SQLite pragmas; PostgreSQL has neither');
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    expect(journal.rows[0]!.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    expect(fk.rows[0]!.foreign_keys).toBe(1);
    // Waiting for another process's write lock is the driver's (sqlite-processes.test.ts),
    // not SQLite's busy handler, which would stop the whole process while it waits.
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db);
    expect(busy.rows[0]!.timeout).toBe(0);
  });

  it('upgrade records stored before 0008 without losing a row or reusing a seq', async () => {
    // A database as the release before 0008 left it: records with foreign keys, full indexes.
    const old = await openTestDatabase({ upTo: '0007-record-dates' });
    try {
      const organisationId = (await getDefaultOrganisation(old.db)).id;
      const at = '2026-11-21T10:00:00.000Z';
      await insertDevice(old.db, {
        id: 'device-1',
        organisationId,
        name: 'Tablet',
        tokenHash: 'hash-1',
        createdAt: at,
      });
      const origin = { organisationId, deviceId: 'device-1', receivedAt: at };
      const note = (text: string) => {
        const id = uuidv7();
        const data = JSON.stringify({ id, text });
        return {
          id,
          kind: 'workshop-note',
          schemaVersion: 1,
          eventId: 'event-1',
          updatedAt: at,
          data,
        };
      };
      await upsertRecordBatch(old.db, origin, ['a', 'b', 'c'].map(note));
      const all = () => old.db.selectFrom('records').selectAll().orderBy('seq').execute();
      const stored = await all();
      // The newest row goes, so the count is now past the largest seq in the table.
      await old.db.deleteFrom('records').where('seq', '=', stored[2]!.seq).execute();
      expect(await foreignKeysOfRecords(old)).toHaveLength(2);

      await migrateToLatest(old.db, old.dialect);

      expect(await all()).toEqual(stored.slice(0, 2));
      await upsertRecordBatch(old.db, origin, [note('d')]);
      expect((await all()).at(-1)!.seq).toBeGreaterThan(stored[2]!.seq);
      expect(await foreignKeysOfRecords(old)).toEqual([]);
      // The survey and date indexes now hold only the rows they serve.
      const partial = await partialIndexesOfRecords(old);
      expect(partial).toEqual(['records_org_kind_date_id_idx', 'records_org_kind_subject_seq_idx']);
    } finally {
      await old.close();
    }
  });

  it('make admin emails unique', async () => {
    const organisation = await getDefaultOrganisation(database.db);
    const admin = {
      organisation_id: organisation.id,
      email: 'a@example.org',
      password_hash: 'x',
      created_at: 'now',
    };
    await database.db
      .insertInto('admins')
      .values({ id: 'a1', ...admin })
      .execute();
    await expect(
      database.db
        .insertInto('admins')
        .values({ id: 'a2', ...admin })
        .execute(),
    ).rejects.toThrow();
  });
});

describe('published feed', () => {
  it('numbers publications in order and never reuses a number', async () => {
    const { id: organisationId } = await getDefaultOrganisation(database.db);
    const change = (id: string, data: unknown) => ({
      organisationId,
      kind: 'event',
      id,
      data,
      publishedAt: '2026-11-21T10:00:00.000Z',
    });
    expect(await withFeedLock(database.db, (trx) => publish(trx, change('a', { v: 1 })))).toBe(1);
    expect(await withFeedLock(database.db, (trx) => publish(trx, change('b', { v: 1 })))).toBe(2);
    // Re-publishing b removes its old entry, the highest number; the next is still new.
    expect(await withFeedLock(database.db, (trx) => publish(trx, change('b', { v: 2 })))).toBe(3);
    expect(await withFeedLock(database.db, (trx) => publish(trx, change('c', { v: 1 })))).toBe(4);
    const page = await pullSince(database.db, organisationId, 0, 10);
    expect(page.changes.map((c) => [c.seq, c.id, c.data])).toEqual([
      [1, 'a', '{"v":1}'],
      [3, 'b', '{"v":2}'],
      [4, 'c', '{"v":1}'],
    ]);
    expect((await pullSince(database.db, organisationId, 3, 10)).changes).toHaveLength(1);
  });
});

/** The foreign keys of `records`, as the store lists them. */
async function foreignKeysOfRecords(database: TestDatabase): Promise<unknown[]> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql`select * from pragma_foreign_key_list('records')`.execute(database.db)
      : await sql`select conname from pg_constraint
          where conrelid = 'records'::regclass and contype = 'f'`.execute(database.db);
  return rows;
}

/** The names of the partial indexes on `records` (those with a WHERE), in name order. */
async function partialIndexesOfRecords(database: TestDatabase): Promise<string[]> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'records' and sql like '% where %'
          order by name`.execute(database.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'records' and schemaname = current_schema()
            and indexdef like '% WHERE %'
          order by indexname`.execute(database.db);
  return rows.map((row) => row.name);
}
