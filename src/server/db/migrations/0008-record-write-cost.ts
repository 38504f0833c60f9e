import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * What every stored record costs to write, cut where it bought nothing:
 *
 * - `records` no longer has foreign keys to `organisations` and `devices`. The server sets
 *   both columns itself, from the device whose token sent the push, and neither table ever
 *   loses a row (a device is revoked, not deleted), so the keys could never fail. Checking
 *   them was not free: PostgreSQL runs a trigger with a query per key per row, 4.7 ms of the
 *   11.4 ms its statement for a 500-record push took (BENCHMARKS.md). The other tables keep
 *   theirs.
 * - The survey and the date indexes hold only the rows they serve: survey answers (a
 *   `subject_id`) and events (a `record_date`). Workshop notes, nearly every row, skip both.
 *   Queries on them say so in literals (`subject_id <> ''`, `kind = 'event'`), which is how
 *   both stores know that a partial index covers them, whatever the plan.
 *
 * SQLite cannot drop a foreign key, so there the table is built again: same columns, same rows
 * and seq numbers, and its AUTOINCREMENT counter carried over, so no number is ever used twice.
 * The whole migration run is one transaction on SQLite (migrate.ts) and on PostgreSQL.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    // Found by what they are, not by the names PostgreSQL gave them.
    const { rows: keys } = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where conrelid = 'records'::regclass and contype = 'f'`.execute(db);
    for (const { name } of keys)
      await sql`alter table records drop constraint ${sql.id(name)}`.execute(db);
    await sql`drop index if exists records_org_kind_subject_seq_idx`.execute(db);
    await sql`drop index if exists records_org_kind_date_id_idx`.execute(db);
  } else {
    await rebuildSqliteRecords(db);
  }
  await createIndexes(db);
}

/** The secondary indexes of `records` (the id's unique index comes with the table). */
async function createIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('records_org_kind_event_seq_idx')
    .ifNotExists()
    .on('records')
    .columns(['organisation_id', 'kind', 'event_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('records_org_seq_idx')
    .ifNotExists()
    .on('records')
    .columns(['organisation_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('records_org_kind_subject_seq_idx')
    .on('records')
    .columns(['organisation_id', 'kind', 'subject_id', 'seq'])
    .where(sql.ref('subject_id'), '<>', sql.lit(''))
    .execute();
  await db.schema
    .createIndex('records_org_kind_date_id_idx')
    .on('records')
    .columns(['organisation_id', 'kind', 'record_date', 'id'])
    .where(sql.ref('kind'), '=', sql.lit('event'))
    .execute();
}

const COLUMNS = sql.raw(
  'seq, id, organisation_id, kind, schema_version, event_id, device_id, data, ' +
    'record_updated_at, received_at, subject_id, record_date',
);

/** `records` again without foreign keys; see {@link up}. */
async function rebuildSqliteRecords(db: Kysely<unknown>): Promise<void> {
  const { rows: counter } = await sql<{
    seq: number;
  }>`select seq from sqlite_sequence where name = 'records'`.execute(db);
  await db.schema
    .createTable('records_rebuilt')
    .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('id', 'text', (col) => col.notNull().unique())
    .addColumn('organisation_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('schema_version', 'integer', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('record_updated_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('record_date', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await sql`insert into records_rebuilt (${COLUMNS}) select ${COLUMNS} from records order by seq`.execute(
    db,
  );
  await sql`drop table records`.execute(db);
  await sql`alter table records_rebuilt rename to records`.execute(db);
  // The copy left the counter at the largest seq copied (or none, if there were no rows); the
  // old one may be past it, if the newest rows were deleted, and no seq may be used twice.
  const { rows: copied } = await sql<{
    seq: number;
  }>`select seq from sqlite_sequence where name = 'records'`.execute(db);
  const next = Math.max(counter[0]?.seq ?? 0, copied[0]?.seq ?? 0);
  await sql`delete from sqlite_sequence where name = 'records'`.execute(db);
  await sql`insert into sqlite_sequence (name, seq) values ('records', ${next})`.execute(db);
}
