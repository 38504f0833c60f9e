import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Whether an SQLite `table` has `column` yet: for migration steps that must be safe to run
 * twice, as SQLite migrations run without a transaction.
 */
export async function hasSqliteColumn(
  db: Kysely<unknown>,
  table: string,
  column: string,
): Promise<boolean> {
  const { rows } = await sql<{
    name: string;
  }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.some((row) => row.name === column);
}
