import type { Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Runs `work` in a transaction, or inside the caller's when `db` already is one, so a
 * repository call can be both used alone and composed into a larger unit of work.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
