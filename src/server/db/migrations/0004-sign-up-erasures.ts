import type { Kysely } from 'kysely';

/**
 * `sign_up_erasures`: that a sign-up was erased, so a tablet that sends it again (its push
 * reached the server but the answer was lost) cannot bring the person back. It holds no
 * personal data: a SHA-256 of the sign-up's id (a random UUID, not derived from the person)
 * and when it was erased. Same conventions as before: TEXT timestamps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_up_erasures')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('erased_at', 'text', (col) => col.notNull())
    .execute();
}
