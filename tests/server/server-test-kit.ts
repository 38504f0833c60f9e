import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { WorkshopEvent, WorkshopNote } from '../../src/shared';
import type { PushRecord } from '../../src/shared/sync/protocol';
import { createApp } from '../../src/server/app';
import type { AppDeps } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth/passwords';
import { insertAdmin } from '../../src/server/db/admins.repository';
import type { Database, Dialect } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open-database';
import type { SqliteHandle } from '../../src/server/db/open-database';
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
  dataDir: string;
  /** Environment variables that point a child process (the CLI) at this database. */
  env: { DATA_DIR: string; DATABASE_URL: string };
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
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
    await migrateToLatest(opened.db, opened.dialect);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    db: opened.db,
    dialect: opened.dialect,
    sqlite: opened.sqlite,
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

export async function startTestServer(overrides: Partial<AppDeps> = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  const clock = new TestClock();
  const logs: string[] = [];
  const errors: string[] = [];
  const app = createApp({
    staticDir: await mkdtemp(join(database.dataDir, 'client-')),
    db: database.db,
    sqlite: database.sqlite,
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
