import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { Kysely, PostgresDialect } from 'kysely';
import type { CompiledQuery, DatabaseConnection, Dialect as KyselyDialect, Driver } from 'kysely';
import pg from 'pg';
import type { WorkshopEvent, WorkshopNote } from '../../src/shared';
import type { PushRecord } from '../../src/shared/sync/protocol';
import { createApp } from '../../src/server/app';
import type { AppDeps } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth/passwords';
import { insertAdmin } from '../../src/server/db/admins.repository';
import type { Database, Dialect } from '../../src/server/db/database';
import { migrateToLatest, migrateUpTo } from '../../src/server/db/migrate';
import { openDatabase, postgresTypes, sqliteDialect } from '../../src/server/db/open-database';
import type { SqliteHandle } from '../../src/server/db/open-database';
import type { WalSync } from '../../src/server/db/wal-sync';
import { getDefaultOrganisation } from '../../src/server/db/organisations.repository';
import { issueEnrolmentCode } from '../../src/server/enrolment';
import { uuidv7 } from '../../src/shared/ids';

/**
 * Set to a PostgreSQL URL to run the server tests against PostgreSQL instead of SQLite; each
 * test then gets its own schema, dropped afterwards.
 */
const POSTGRES_URL = process.env.INVOLVE_TEST_DATABASE_URL;

/** A clock tests move by hand. */
export class TestClock {
  constructor(public time: Date = new Date('2026-11-21T09:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.time.getTime());
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

/** A migrated database in a fresh temporary folder (or PostgreSQL schema). */
export interface TestDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The better-sqlite3 handle behind `db` on SQLite; undefined on PostgreSQL. */
  sqlite: SqliteHandle | undefined;
  /** What writes on `db` wait for on SQLite, to build a second Kysely over `sqlite`. */
  wal: WalSync | undefined;
  dataDir: string;
  /** Environment variables that point a child process (the CLI) at this database. */
  env: { DATA_DIR: string; DATABASE_URL: string };
  close(): Promise<void>;
}

/**
 * A fresh database (SQLite in a temp folder, or a schema of its own on PostgreSQL), migrated
 * to the latest schema, or with `upTo` only as far as that migration.
 */
export async function openTestDatabase(options: { upTo?: string } = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'involve-server-'));
  let databaseUrl: string | undefined;
  let dropSchema = async (): Promise<void> => {};
  if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') {
    const schema = `test_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    };
  }
  const opened = openDatabase({ dataDir, databaseUrl });
  const close = async () => {
    await opened.close();
    await dropSchema();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await (options.upTo === undefined
      ? migrateToLatest(opened.db, opened.dialect)
      : migrateUpTo(opened.db, opened.dialect, options.upTo));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    db: opened.db,
    dialect: opened.dialect,
    sqlite: opened.sqlite,
    wal: opened.wal,
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' },
    close,
  };
}

/** A strong-enough password for test admins. */
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_EMAIL = 'facilitator.lead@example.nhs.uk';

/** An app on a real database, with helpers for the steps most tests start with. */
export interface TestServer extends TestDatabase {
  app: Hono;
  clock: TestClock;
  /** Request log lines, to check what is (not) logged. */
  logs: string[];
  /** Unexpected errors reported by the app; tests expect this to stay empty. */
  errors: string[];
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Issues a code as an admin would and enrols a device over HTTP. */
  enrolDevice(name?: string): Promise<{ deviceId: string; token: string }>;
  /** Pushes records with a device token. */
  push(token: string, records: unknown[], headers?: Record<string, string>): Promise<Response>;
  pull(token: string, since?: string): Promise<Response>;
  /** Creates an admin (cheap scrypt parameters, for speed). */
  createAdmin(email?: string, password?: string): Promise<void>;
  /** Creates an admin if needed and signs in; answers the cookie header and CSRF token. */
  login(): Promise<{ cookie: string; csrfToken: string }>;
}

/** Runs every statement through `trace` on its way to the database. */
function tracingDialect(inner: KyselyDialect, trace: string[]): KyselyDialect {
  const traced = (connection: DatabaseConnection): DatabaseConnection =>
    new Proxy(connection, {
      get(target, property) {
        if (property === 'executeQuery') {
          return (query: CompiledQuery) => {
            trace.push(query.sql);
            return target.executeQuery(query);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver(): Driver {
      const driver = inner.createDriver();
      const originals = new WeakMap<DatabaseConnection, DatabaseConnection>();
      return {
        init: () => driver.init(),
        async acquireConnection() {
          const connection = await driver.acquireConnection();
          const wrapped = traced(connection);
          originals.set(wrapped, connection);
          return wrapped;
        },
        // The driver sends `begin`, `commit` and `rollback` through the traced connection.
        beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
        releaseConnection: (connection) =>
          driver.releaseConnection(originals.get(connection) ?? connection),
        destroy: () => driver.destroy(),
      };
    },
  };
}

/** What a trace holds where a write began waiting for the WAL to sync (SQLite). */
export const WAL_SYNC = '-- WAL sync';

/**
 * A second Kysely on the test database that records the SQL of every statement in `trace`,
 * `begin` and `commit` included, and on SQLite each WAL sync ({@link WAL_SYNC}). On SQLite it
 * shares the one better-sqlite3 handle (closed with the database, not here); on PostgreSQL it
 * has its own pool.
 */
function tracedDatabase(
  database: TestDatabase,
  trace: string[],
): { db: Kysely<Database>; close(): Promise<void> } {
  const { sqlite, wal } = database;
  if (sqlite !== undefined && wal !== undefined) {
    // Each sync of the WAL that a write waits for is noted where it begins.
    const tracedWal: WalSync = {
      sync: () => {
        trace.push(WAL_SYNC);
        return wal.sync();
      },
    };
    return {
      db: new Kysely<Database>({
        dialect: tracingDialect(sqliteDialect(sqlite, tracedWal), trace),
      }),
      close: async () => {},
    };
  }
  const pool = new pg.Pool({ connectionString: database.env.DATABASE_URL, types: postgresTypes() });
  const db = new Kysely<Database>({
    dialect: tracingDialect(new PostgresDialect({ pool }), trace),
  });
  return { db, close: () => db.destroy() };
}

/** How the test server is set up beyond the app's own dependencies. */
export interface TestServerOptions {
  /**
   * Where to record the SQL of every statement the app runs, `begin` and `commit` included,
   * and on SQLite each sync of the WAL that a write waits for ({@link WAL_SYNC}).
   * The server's own `db` stays untraced, for setting up and checking.
   */
  traceSql?: string[];
}

export async function startTestServer(
  overrides: Partial<AppDeps> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const opened = await openTestDatabase();
  const traced = options.traceSql && tracedDatabase(opened, options.traceSql);
  const database: TestDatabase = traced
    ? {
        ...opened,
        close: async () => {
          await traced.close();
          await opened.close();
        },
      }
    : opened;
  const clock = new TestClock();
  const logs: string[] = [];
  const errors: string[] = [];
  const app = createApp({
    staticDir: await mkdtemp(join(database.dataDir, 'client-')),
    db: traced ? traced.db : database.db,
    sqlite: database.sqlite,
    dialect: database.dialect,
    version: '0.0.0-test',
    now: clock.now,
    log: (line) => logs.push(line),
    logError: (line) => errors.push(line),
    ...overrides,
  });
  const request = async (path: string, init?: RequestInit) => app.request(path, init);
  let adminCreated = false;

  const server: TestServer = {
    ...database,
    app,
    clock,
    logs,
    errors,
    request,

    async enrolDevice(name = 'Tablet 1') {
      const organisation = await getDefaultOrganisation(database.db);
      const { code } = await issueEnrolmentCode(database.db, organisation.id, clock.now());
      const res = await request('/api/v1/devices/enrol', jsonPost({ code, name }));
      if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { deviceId: string; token: string };
    },

    push(token, records, headers = {}) {
      return request(
        '/api/v1/sync/push',
        jsonPost({ records }, { Authorization: `Bearer ${token}`, ...headers }),
      );
    },

    pull(token, since) {
      const query = since === undefined ? '' : `?since=${encodeURIComponent(since)}`;
      return request(`/api/v1/sync/pull${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    },

    async createAdmin(email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
      const organisation = await getDefaultOrganisation(database.db);
      await insertAdmin(database.db, {
        id: uuidv7(),
        organisationId: organisation.id,
        email,
        passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
        createdAt: clock.now().toISOString(),
      });
      adminCreated = true;
    },

    async login() {
      if (!adminCreated) await server.createAdmin();
      const res = await request(
        '/api/v1/admin/login',
        jsonPost({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      );
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: sessionCookie(res), csrfToken };
    },
  };
  return server;
}

/** `Cookie` header value carrying the session set by a login response. */
export function sessionCookie(res: Response): string {
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';', 1)[0]!;
}

/** A JSON POST request. */
export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** The push envelope for a record made by the factories. */
export function envelope(record: WorkshopEvent | WorkshopNote): PushRecord {
  return {
    id: record.id,
    kind: 'eventId' in record ? 'workshop-note' : 'event',
    schemaVersion: record.schemaVersion,
    data: record,
  };
}

/** The body of an API error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A response's JSON body, typed by the test that knows what to expect. */
export async function bodyOf<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function errorOf(res: Response): Promise<ErrorBody['error']> {
  return ((await res.json()) as ErrorBody).error;
}

/** Requests under `/api/v1/admin` as a signed-in admin. */
export interface AdminAgent {
  cookie: string;
  csrfToken: string;
  /** A read with the session cookie. */
  get(path: string): Promise<Response>;
  /** A change with the session cookie, the CSRF token and (if given) a JSON body. */
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response>;
}

/** Signs in (creating the admin if needed) and answers an agent for admin requests. */
export async function adminAgent(server: TestServer): Promise<AdminAgent> {
  const { cookie, csrfToken } = await server.login();
  const url = (path: string) => `/api/v1/admin${path}`;
  return {
    cookie,
    csrfToken,
    get: (path) => server.request(url(path), { headers: { cookie } }),
    send: (method, path, body) =>
      server.request(url(path), {
        method,
        headers: {
          cookie,
          'X-CSRF-Token': csrfToken,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}
