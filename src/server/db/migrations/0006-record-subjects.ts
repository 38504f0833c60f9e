import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database';
import { hasSqliteColumn } from './introspect';

/**
 * `records.subject_id`: what a record answers, for kinds that answer something (a survey
 * response's or an equality record's survey id; '' otherwise), indexed with the kind, so a
 * survey's results and export read that survey's rows rather than every response the
 * organisation holds. Rows stored before are filled from their JSON here, a page at a time.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // SQLite runs a migration without a transaction: one stopped part-way runs again from the
  // start, so each step must find its own work already done (PostgreSQL rolls it all back).
  if (dialect === 'postgres' || !(await hasSqliteColumn(db, 'records', 'subject_id')))
    await db.schema
      .alterTable('records')
      .addColumn('subject_id', 'text', (col) => col.notNull().defaultTo(''))
      .execute();
  await db.schema
    .createIndex('records_org_kind_subject_seq_idx')
    .ifNotExists()
    .on('records')
    .columns(['organisation_id', 'kind', 'subject_id', 'seq'])
    .execute();
  await fillRecordSubjects(db);
}

/** Sets `subject_id` from the stored JSON of every record of a kind that answers a survey. */
export async function fillRecordSubjects(db: Kysely<unknown>): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ seq: number; data: string }>`
      select seq, data from records
      where kind in ('survey-response', 'equality-monitoring') and seq > ${after}
      order by seq limit 1000`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const { surveyId } = JSON.parse(row.data) as { surveyId?: unknown };
      if (typeof surveyId === 'string')
        await sql`update records set subject_id = ${surveyId} where seq = ${row.seq}`.execute(db);
    }
    after = rows.at(-1)!.seq;
  }
}
