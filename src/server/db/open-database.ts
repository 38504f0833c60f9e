import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './database';

/** Where the data lives: a SQLite file under `dataDir`, or PostgreSQL when a URL is given. */
export interface DatabaseConfig {
  dataDir: string;
  databaseUrl?: string | undefined;
}

/** An open database. Call {@link OpenDatabase.close} once, on shutdown. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * The better-sqlite3 handle behind `db` when the dialect is SQLite (undefined on
   * PostgreSQL). Hot paths use it for statements prepared once per handle; they must run
   * inside a Kysely transaction on `db`, which holds this one connection (see
   * `records.repository.ts`).
   */
  sqlite?: SqliteHandle | undefined;
  close(): Promise<void>;
}

/** An open better-sqlite3 database. */
export type SqliteHandle = SqliteDatabase.Database;

/** File name of the embedded database inside `DATA_DIR`. */
export const SQLITE_FILE = 'involve.sqlite';

/** How long a SQLite writer waits for another process's lock (the admin CLI) before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** PostgreSQL's type id for BIGINT (int8). */
const INT8_OID = 20;

/**
 * PostgreSQL returns BIGINT (our seq columns, COUNT) as strings to protect precision beyond
 * 2^53. Our numbers stay far below that, so parse them to numbers and keep one row type for
 * both dialects. Set per pool, not globally on the pg module.
 */
export function postgresTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  return types;
}

/**
 * Opens the database: PostgreSQL (a pg Pool) when `databaseUrl` is set, otherwise the
 * embedded SQLite file `${dataDir}/involve.sqlite`, created if missing. Does not migrate;
 * call `migrateToLatest` next.
 */
export function openDatabase(config: DatabaseConfig): OpenDatabase {
  if (config.databaseUrl !== undefined) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, types: postgresTypes() });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }

  mkdirSync(config.dataDir, { recursive: true });
  const sqlite = new SqliteDatabase(join(config.dataDir, SQLITE_FILE));
  // WAL lets readers (the admin CLI, backups) work while the server writes.
  sqlite.pragma('journal_mode = WAL');
  // A device deletes a record from its outbox once we acknowledge it, so an acknowledged
  // commit must survive a power cut: FULL syncs the WAL on every commit (NORMAL would not).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // Erasing a person must not leave their details in freed pages of the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}
