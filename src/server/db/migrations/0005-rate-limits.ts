import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * `rate_limits`: fixed-window counters every server instance shares, for the limits that guard
 * secrets (admin sign-in, enrolment codes): with them in one process each, N instances would
 * allow N times the guesses. The key is a SHA-256 of what is counted (it may be an address),
 * and a row lives one window.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key_hash', 'text', (col) => col.primaryKey())
    .addColumn('window_start', dialect === 'postgres' ? 'bigint' : 'integer', (col) =>
      col.notNull(),
    )
    .addColumn('hits', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('rate_limits_window_idx')
    .on('rate_limits')
    .column('window_start')
    .execute();
}
