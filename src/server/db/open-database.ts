import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './database';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer';
import { syncedWal, type WalSync, type SyncedFile } from './wal-sync';

/** Where the data lives: a SQLite file under `dataDir`, or PostgreSQL when a URL is given. */
export interface DatabaseConfig {
  dataDir: string;
  databaseUrl?: string | undefined;
  /**
   * SQLite: checkpoint the WAL from a thread of its own instead of inside commits (see
   * `sqlite-checkpointer.ts`), reporting failures here, and a failed sync of the WAL too. For
   * the server, whose pushes must not wait for checkpoints; short-lived processes (the admin
   * CLI, tests) leave it to SQLite.
   */
  checkpointInBackground?: { onError: (message: string) => void } | undefined;
  /**
   * SQLite: what syncs the WAL file (given its path) before a write resolves; {@link syncedWal}
   * unless a test asks otherwise.
   */
  syncWal?: ((walFile: string) => SyncedFile) | undefined;
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
  /**
   * SQLite: what every write on `db` waits for before it resolves (see `wal-sync.ts`); for a
   * second Kysely over the same handle ({@link sqliteDialect}).
   */
  wal?: WalSync | undefined;
  close(): Promise<void>;
}

/** An open better-sqlite3 database. */
export type SqliteHandle = SqliteDatabase.Database;

/** File name of the embedded database inside `DATA_DIR`. */
export const SQLITE_FILE = 'involve.sqlite';

/**
 * How long a SQLite writer waits for another process's write lock (another server worker, the
 * admin CLI) before failing. Writers hold it for one push's statements, milliseconds.
 */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** SQLite's own default: checkpoint inside the commit that takes the WAL past this many pages. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** The WAL file's size kept on disk once a checkpoint has emptied it. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

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

/** How long a statement waiting for another process's write lock sleeps between tries. */
const SQLITE_LOCK_POLL_MS = 1;

/**
 * better-sqlite3's error when the file is locked by another connection: the write lock, or
 * (SQLITE_BUSY_RECOVERY) another process recovering the WAL after a crash.
 */
function isBusy(error: unknown): boolean {
  return error instanceof SqliteDatabase.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

/**
 * Runs a statement on `sqlite`, waiting for the file's write lock while another process holds
 * it: tried again every millisecond from a timer, the event loop free between tries, for up to
 * {@link SQLITE_BUSY_TIMEOUT_MS} in all. A statement refused with SQLITE_BUSY did nothing, so
 * trying it again is safe. Inside a transaction (begun IMMEDIATE, so holding the lock) it runs
 * once.
 */
async function waitingForLock<T>(sqlite: SqliteHandle, run: () => Promise<T>): Promise<T> {
  if (sqlite.inTransaction) return run();
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, SQLITE_LOCK_POLL_MS));
  }
}

/** Raw statements that change no rows: reads, and the undoing of a transaction. */
const CHANGES_NOTHING = /^\s*(select|rollback)\b/i;

/** Whether `query` may have changed rows. */
function mayWrite(query: CompiledQuery): boolean {
  const { kind } = query.query;
  if (kind === 'SelectQueryNode') return false;
  return kind !== 'RawNode' || !CHANGES_NOTHING.test(query.sql);
}

/**
 * Kysely's connection for one caller (a query, or a transaction), with every statement run
 * through {@link waitingForLock}, noting whether it left a write to sync: a statement that may
 * have written outside a transaction, or a transaction's commit. The driver syncs it as the
 * caller gives the connection back ({@link ImmediateSqliteDriver.releaseConnection}).
 */
class WaitingConnection implements DatabaseConnection {
  /** Whether a write has been committed through this connection and not yet synced. */
  unsynced = false;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly sqlite: SqliteHandle,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await waitingForLock(this.sqlite, () => this.inner.executeQuery<R>(query));
    if (!this.sqlite.inTransaction && mayWrite(query)) this.unsynced = true;
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Kysely's better-sqlite3 driver, with two changes for several processes on one file (server
 * workers, the admin CLI), and one for durability: a caller that committed a write is answered
 * once it is on disk (see {@link ImmediateSqliteDriver.releaseConnection}).
 *
 * A transaction begins IMMEDIATE: it takes the database's write lock at `begin`. Kysely's own
 * driver sends a plain (DEFERRED) `begin`, which takes the lock only at the first write; a
 * transaction that has read by then (a sign-up push checks erasures first, a survey save
 * reads the versions it numbers from) and finds that another process committed meanwhile
 * fails at once with SQLITE_BUSY_SNAPSHOT, which no busy timeout retries, because what it
 * read is stale. With every transaction IMMEDIATE they run one after another, each reading
 * what the one before committed. (Every transaction we run writes, so none is worth keeping
 * DEFERRED; reads outside transactions are unaffected and, in WAL mode, never wait for a
 * writer.)
 *
 * Waiting for the lock is ours, not SQLite's (its `busy_timeout` is 0): SQLite's busy handler
 * sleeps the whole process, for 1, 2, 5, 10, 15, 20, 25 ms and longer in turn, so a worker
 * that found the lock taken stopped reading and checking other pushes meanwhile, and took the
 * lock up to tens of milliseconds after it was free. See {@link waitingForLock}.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    private readonly sqlite: SqliteHandle,
    private readonly wal: WalSync,
  ) {
    super({ database: sqlite });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new WaitingConnection(await super.acquireConnection(), this.sqlite);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * If this caller committed a write, waits until it is on disk before giving the one
   * connection to the next caller: Kysely resolves the caller's query or transaction only
   * after this, so a write is answered once durable, and a failed sync fails the caller (after
   * the transaction, so it is the disk's error that is reported). The write lock is already
   * free for other processes, and the event loop goes on reading pushes meanwhile.
   *
   * Tried and not kept: giving the connection back first, so that the next transaction ran
   * during the fsync. It took more records a second saturated but answered each push later at
   * the paced target, by 20–30 ms at the p50 (BENCHMARKS.md, "Night, 2026-12-07").
   */
  override async releaseConnection(connection?: DatabaseConnection): Promise<void> {
    try {
      if (connection instanceof WaitingConnection && connection.unsynced) await this.wal.sync();
    } finally {
      await super.releaseConnection();
    }
  }
}

/**
 * The SQLite dialect over an open better-sqlite3 handle, with IMMEDIATE transactions, whose
 * writes resolve once `wal` has synced them (see {@link WaitingConnection}).
 */
export function sqliteDialect(sqlite: SqliteHandle, wal: WalSync): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new ImmediateSqliteDriver(sqlite, wal);
    }
  })({ database: sqlite });
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
  const file = join(config.dataDir, SQLITE_FILE);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (the admin CLI, backups) work while the server writes.
  sqlite.pragma('journal_mode = WAL');
  // A device deletes a record from its outbox once we acknowledge it, so an acknowledged
  // commit must survive a power cut. NORMAL leaves the WAL unsynced at commit; every write
  // then waits for `wal` to sync it, off this thread (wal-sync.ts), before it resolves.
  sqlite.pragma('synchronous = NORMAL');
  // Where SQLite keeps the WAL: next to the file it opened, which is the target if
  // `involve.sqlite` is a symbolic link.
  const [main] = sqlite.pragma('database_list') as { file: string }[];
  const walFile = `${main?.file ?? file}-wal`;
  const onDiskFailure = config.checkpointInBackground?.onError;
  const wal = (config.syncWal ?? ((path) => syncedWal(path, { onFailure: onDiskFailure })))(
    walFile,
  );
  // Statements wait for another process's write lock in the driver, without blocking.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('foreign_keys = ON');
  // Erasing a person must not leave their details in freed pages of the file.
  sqlite.pragma('secure_delete = ON');
  let checkpointer: Checkpointer | undefined;
  if (config.checkpointInBackground !== undefined) {
    sqlite.pragma('wal_autocheckpoint = 0');
    // After a checkpoint empties it, the WAL file is cut back to this size.
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const { onError } = config.checkpointInBackground;
    checkpointer = startCheckpointer(file, {
      onError,
      onGone: () => {
        onError('SQLite checkpoints itself again, inside commits');
        sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      },
    });
  }
  const db = new Kysely<Database>({ dialect: sqliteDialect(sqlite, wal) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    wal,
    close: async () => {
      try {
        await checkpointer?.stop();
        await db.destroy();
      } finally {
        // After SQLite has closed the file (see `syncedWal`).
        await wal.close();
      }
    },
  };
}
