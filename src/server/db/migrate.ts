import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import type { Database, Dialect } from './database';
import * as initial from './migrations/0001-initial';
import * as signUps from './migrations/0002-sign-ups';
import * as adminConsole from './migrations/0003-admin-console';
import * as signUpErasures from './migrations/0004-sign-up-erasures';
import * as rateLimits from './migrations/0005-rate-limits';
import * as recordSubjects from './migrations/0006-record-subjects';
import * as recordDates from './migrations/0007-record-dates';
import * as recordWriteCost from './migrations/0008-record-write-cost';

/** A migration that may need to know the dialect for DDL (never for queries). */
interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/**
 * Every migration, in order. Names sort lexically, which is the order Kysely applies them in;
 * never rename or edit one that has shipped — add the next file instead.
 */
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-sign-ups': signUps,
  '0003-admin-console': adminConsole,
  '0004-sign-up-erasures': signUpErasures,
  '0005-rate-limits': rateLimits,
  '0006-record-subjects': recordSubjects,
  '0007-record-dates': recordDates,
  '0008-record-write-cost': recordWriteCost,
};

/** Migrations live in code rather than on disk, so bundling or a read-only image cannot lose them. */
class InMemoryMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}

  getMigrations(): Promise<Record<string, Migration>> {
    const bound: Record<string, Migration> = {};
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      bound[name] = { up: (db) => migration.up(db, this.dialect) };
    }
    return Promise.resolve(bound);
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined) throw new MigrationError('PostgreSQL has no current schema');
  return schema;
}

/** Thrown by {@link migrateToLatest} with the failing migration's name. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * First key of the two-key advisory lock that serialises our migrations ("INVL"). The second is
 * a hash of the schema, so Involve schemas side by side in one database (staging beside
 * production, parallel test runs) do not wait for each other. The two-key space never meets
 * Kysely's own one-key lock.
 */
export const MIGRATION_LOCK_KEY = 0x494e564c;

/**
 * How long a process starting on a SQLite file waits for another that is migrating it (or
 * writing) before giving up: building an index over a large table takes a while.
 */
const SQLITE_MIGRATION_WAIT_MS = 600_000;

/**
 * Brings the schema up to date. Safe to run at every start and from several processes at once:
 * applied migrations are skipped, and one process migrates while the others wait, then find
 * nothing left to do. On PostgreSQL an advisory lock does that. Kysely's migrator locks too,
 * but only around applying migrations and on one key for the whole database; ours covers the
 * whole run, per schema, and is a guarantee of ours rather than a library detail
 * (`tests/server/db/migrate-concurrency.test.ts`). On SQLite Kysely takes no lock and applies
 * each migration outside a transaction, so the whole run is one IMMEDIATE transaction: it
 * holds the file's write lock throughout (server workers, the admin CLI and extra processes
 * wait for it), and a migration that fails leaves nothing half done.
 */
export function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  return migrateUnderLock(db, dialect, (migrator) => migrator.migrateToLatest());
}

/**
 * Brings the schema up to the migration `name` and no further, as {@link migrateToLatest}
 * does: for tests of a later migration over data stored before it.
 */
export function migrateUpTo(db: Kysely<Database>, dialect: Dialect, name: string): Promise<void> {
  return migrateUnderLock(db, dialect, (migrator) => migrator.migrateTo(name));
}

type MigrationRun = (migrator: Migrator) => Promise<MigrationResultSet>;

async function migrateUnderLock(
  db: Kysely<Database>,
  dialect: Dialect,
  run: MigrationRun,
): Promise<void> {
  if (dialect === 'sqlite') {
    await db.connection().execute(async (connection) => {
      await beginImmediateWaitingLong(connection);
      try {
        await migrate(connection, dialect, run);
      } catch (err) {
        // An error SQLite already rolled back for (a full disk) leaves nothing to roll back.
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw err;
      }
      await sql`commit`.execute(connection);
    });
    return;
  }
  // A session lock lives on one connection: take it, migrate and release it on that one.
  // If the process dies meanwhile, PostgreSQL ends the session and the lock with it.
  await db.connection().execute(async (connection) => {
    const schema = await currentSchema(connection);
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)}, hashtext(${schema}))`.execute(
      connection,
    );
    try {
      await migrate(connection, dialect, run, schema);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)}, hashtext(${schema}))`.execute(
        connection,
      );
    }
  });
}

/** `begin immediate` on this SQLite connection, waiting up to {@link SQLITE_MIGRATION_WAIT_MS}. */
async function beginImmediateWaitingLong(connection: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(connection);
  await sql.raw(`pragma busy_timeout = ${SQLITE_MIGRATION_WAIT_MS}`).execute(connection);
  try {
    await sql`begin immediate`.execute(connection);
  } finally {
    await sql.raw(`pragma busy_timeout = ${rows[0]?.timeout ?? 0}`).execute(connection);
  }
}

async function migrate(
  db: Kysely<Database>,
  dialect: Dialect,
  run: MigrationRun,
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InMemoryMigrationProvider(dialect),
    // Without a schema, Kysely takes migration tables found in *any* PostgreSQL schema for
    // ours, so a database holding several Involve schemas (staging beside production, or
    // parallel test runs) would skip creating them. Pin them to the connection's schema.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await run(migrator);
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
  throw new MigrationError(`Database migration ${failed} failed`, { cause: error });
}
