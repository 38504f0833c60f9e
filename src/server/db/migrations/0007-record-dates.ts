import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database';
import { hasSqliteColumn } from './introspect';

/**
 * `records.record_date`: the day a record is about, for kinds that have one (an event's
 * `date`, `YYYY-MM-DD`; '' otherwise), indexed with the kind, so the console lists events
 * newest first a page at a time instead of reading and sorting every event. Rows stored
 * before are filled from their JSON here, a page at a time.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // SQLite runs a migration without a transaction: one stopped part-way runs again from the
  // start, so each step must find its own work already done (PostgreSQL rolls it all back).
  if (dialect === 'postgres' || !(await hasSqliteColumn(db, 'records', 'record_date')))
    await db.schema
      .alterTable('records')
      .addColumn('record_date', 'text', (col) => col.notNull().defaultTo(''))
      .execute();
  await db.schema
    .createIndex('records_org_kind_date_id_idx')
    .ifNotExists()
    .on('records')
    .columns(['organisation_id', 'kind', 'record_date', 'id'])
    .execute();
  await fillRecordDates(db);
}

/** Sets `record_date` from the stored JSON of every event. */
export async function fillRecordDates(db: Kysely<unknown>): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ seq: number; data: string }>`
      select seq, data from records
      where kind = 'event' and seq > ${after}
      order by seq limit 1000`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const { date } = JSON.parse(row.data) as { date?: unknown };
      if (typeof date === 'string')
        await sql`update records set record_date = ${date} where seq = ${row.seq}`.execute(db);
    }
    after = rows.at(-1)!.seq;
  }
}
