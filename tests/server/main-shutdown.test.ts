import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDefaultOrganisation } from '../../src/server/db/organisations.repository';
import { issueEnrolmentCode } from '../../src/server/enrolment';
import type { PushResponse } from '../../src/shared/sync/protocol';
import { makeEvent, makeNote } from '../fixtures/workshop.factory';
import { envelope, openTestDatabase } from './server-test-kit';
import type { TestDatabase } from './server-test-kit';

// Each test starts the real server (src/server/main.ts) with tsx, which takes a second or two.
const TIMEOUT_MS = 30_000;

let database: TestDatabase;
const servers: ChildProcess[] = [];

beforeEach(async () => {
  database = await openTestDatabase();
});

afterEach(async () => {
  for (const child of servers.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await database.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** A running main.ts. */
interface StartedServer {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
}

/**
 * Starts main.ts on this test's database, with no drain unless `env` says; resolves once it
 * listens (with several workers: once they all do).
 */
async function startServerProcess(env: Record<string, string> = {}): Promise<StartedServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      ...database.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STATIC_DIR: database.dataDir,
      SHUTDOWN_DRAIN_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Involve listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  return { child, port, exited, output: () => output };
}

/**
 * A request whose body is sent later, so it stays in flight as long as the test likes.
 * `accepted` resolves once the server has read its headers and handed it to the app (it asks
 * `Expect: 100-continue`, which Node answers at that moment).
 */
function slowPost(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): { req: ClientRequest; response: Promise<IncomingMessage>; accepted: Promise<void> } {
  const req = request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      Expect: '100-continue',
      ...headers,
    },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  req.flushHeaders();
  return { req, response, accepted };
}

/** Waits (polling, never for a set time) until `check` holds; fails naming what it waited for. */
async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * Whether a new connection to the server is refused. A TCP connection of its own: a request
 * could go on a kept-alive connection, whose closing by the server says nothing about the port
 * (and with workers, only about the worker at its other end).
 */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      // Reset: the connection reached the queue of a listener that then closed without
      // taking it, which says the same as a refusal.
      if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET') resolve(true);
      else reject(err);
    });
  });
}

/** Enrols a device with the running server; answers its id and token. */
async function enrol(port: number): Promise<{ deviceId: string; token: string }> {
  const organisation = await getDefaultOrganisation(database.db);
  const { code } = await issueEnrolmentCode(database.db, organisation.id, new Date());
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/devices/enrol`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: 'Tablet' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { deviceId: string; token: string };
}

/** A push body: an event and `notes` notes of it. */
function batchOf(notes: number): { ids: string[]; body: string } {
  const event = makeEvent();
  const records = [event, ...Array.from({ length: notes }, () => makeNote({ eventId: event.id }))];
  return {
    ids: records.map((r) => r.id),
    body: JSON.stringify({ records: records.map(envelope) }),
  };
}

async function push(port: number, token: string, body: string): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as PushResponse).results.map((r) => r.status);
}

/** How many of these records the database holds. */
async function storedOf(ids: string[]): Promise<number> {
  const rows = await database.db
    .selectFrom('records')
    .select('id')
    .where('id', 'in', ids)
    .execute();
  return rows.length;
}

function bodyOf(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.once('end', () => {
      resolve(text);
    });
    res.once('error', reject);
  });
}

// Alone, and as the primary of two workers (each then drains as a lone server does).
describe.each([1, 2])('main.ts shutdown on SIGTERM, WORKERS=%i', (workers) => {
  const startServer = (env: Record<string, string> = {}) =>
    startServerProcess({ WORKERS: String(workers), ...env });

  it(
    'finishes a request in flight, refuses new connections, closes the database and exits 0',
    async () => {
      const { child, port, exited } = await startServer();
      const ready = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
      expect(ready.status).toBe(200);

      const inFlight = slowPost(port, '/api/v1/devices/enrol');
      await inFlight.accepted;
      inFlight.req.write('{"code":"NOT-A-');
      child.kill('SIGTERM');
      await waitUntil(() => refused(port), 'the server to stop taking connections');

      // Still running: it waits for the request, but takes no new connection.
      expect(child.exitCode).toBeNull();

      inFlight.req.end('CODE","name":"Tablet"}');
      const res = await inFlight.response;
      const body = await bodyOf(res);
      // An answer from the route itself (an unknown code), not a dropped connection.
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(JSON.parse(body)).toHaveProperty('error.code');
      expect(res.headers.connection).toBe('close');

      expect(await exited).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'finishes a push in flight: every record stored, answered accepted; sent again, stored once',
    async () => {
      const { child, port, exited } = await startServer();
      const { token } = await enrol(port);
      const { ids, body } = batchOf(249);
      const inFlight = slowPost(port, '/api/v1/sync/push', { Authorization: `Bearer ${token}` });
      await inFlight.accepted;
      inFlight.req.write(body.slice(0, body.length / 2));
      child.kill('SIGTERM');
      await waitUntil(() => refused(port), 'the server to stop taking connections');
      expect(child.exitCode).toBeNull();

      inFlight.req.end(body.slice(body.length / 2));
      const res = await inFlight.response;
      expect(res.statusCode).toBe(200);
      const { results } = JSON.parse(await bodyOf(res)) as PushResponse;
      expect(results.map((r) => r.status)).toEqual(ids.map(() => 'accepted'));
      expect(await exited).toBe(0);
      expect(await storedOf(ids)).toBe(250);

      // The tablet never heard the answer (say), so it sends the batch again elsewhere.
      const next = await startServer();
      expect(await push(next.port, token, body)).toEqual(ids.map(() => 'duplicate'));
      expect(await storedOf(ids)).toBe(250);
    },
    TIMEOUT_MS,
  );

  it(
    'cuts a push off at the grace limit with nothing stored; sent again, it is stored once',
    async () => {
      const { child, port, exited } = await startServer({ SHUTDOWN_GRACE_MS: '200' });
      const { token } = await enrol(port);
      const { ids, body } = batchOf(99);
      const inFlight = slowPost(port, '/api/v1/sync/push', { Authorization: `Bearer ${token}` });
      await inFlight.accepted;
      inFlight.req.write(body.slice(0, body.length / 2));
      child.kill('SIGTERM');
      // The rest of the body never comes: the server cuts the request off and exits 1.
      await expect(inFlight.response).rejects.toThrow();
      expect(await exited).toBe(1);
      expect(await storedOf(ids)).toBe(0);

      const next = await startServer();
      expect(await push(next.port, token, body)).toEqual(ids.map(() => 'accepted'));
      expect(await storedOf(ids)).toBe(100);
    },
    TIMEOUT_MS,
  );

  // On SQLite a push's rows are written synchronously, in one go: a cut-off falls before or
  // after the transaction, never inside it. On PostgreSQL it can fall inside.
  it.runIf(process.env.INVOLVE_TEST_DATABASE_URL)(
    'cuts off a push waiting inside its transaction (PostgreSQL): all of it rolls back',
    async () => {
      const { child, port, exited } = await startServer({ SHUTDOWN_GRACE_MS: '200' });
      const { deviceId, token } = await enrol(port);
      const { ids, body } = batchOf(249);
      // Hold the row the push writes last, so it waits inside its transaction with the rows
      // before it written.
      const last = [...ids].sort().at(-1)!;
      const organisation = await getDefaultOrganisation(database.db);
      let release = (): void => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let holder: number | undefined;
      const holding = database.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          holder = rows[0]!.pid;
          await trx
            .insertInto('records')
            .values({
              id: last,
              organisation_id: organisation.id,
              kind: 'workshop-note',
              schema_version: 1,
              event_id: ids[0]!,
              device_id: deviceId,
              data: '{}',
              record_updated_at: '2000-01-01T00:00:00.000Z',
              received_at: '2000-01-01T00:00:00.000Z',
            })
            .execute();
          await released;
          throw new Error('rolled back on purpose');
        })
        .catch(() => undefined);

      const pushing = fetch(`http://127.0.0.1:${port}/api/v1/sync/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body,
      });
      // Blocked by the holder, and by nothing else: other test files share the database.
      await waitUntil(async () => {
        if (holder === undefined) return false;
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where ${holder}::int = any(pg_blocking_pids(pid))
            and query like '%insert into "records"%'`.execute(database.db);
        return (rows[0]?.n ?? 0) > 0;
      }, 'the push to wait inside its transaction');

      child.kill('SIGTERM');
      await expect(pushing).rejects.toThrow();
      expect(await exited).toBe(1);
      release();
      await holding;
      expect(await storedOf(ids)).toBe(0);

      const next = await startServer();
      expect(await push(next.port, token, body)).toEqual(ids.map(() => 'accepted'));
      expect(await storedOf(ids)).toBe(250);
    },
    TIMEOUT_MS,
  );

  it(
    'drains first: not ready, still serving, until the drain ends (a second signal ends it now)',
    async () => {
      const { child, port, exited } = await startServer({ SHUTDOWN_DRAIN_MS: '600000' });
      const { token } = await enrol(port);
      const ready = () => fetch(`http://127.0.0.1:${port}/api/v1/ready`);
      expect((await ready()).status).toBe(200);

      child.kill('SIGTERM');
      // Each request comes on a new connection (draining answers close theirs), so with two
      // workers these are answered by both.
      await waitUntil(async () => {
        for (let n = 0; n < 4; n++) if ((await ready()).status !== 503) return false;
        return true;
      }, 'readiness to say 503');
      const notReady = await ready();
      expect((await notReady.json()) as unknown).toEqual({
        error: { code: 'shutting_down', message: 'This server is shutting down.' },
      });
      // Still serving, and telling clients not to keep the connection.
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('connection')).toBe('close');
      const { ids, body } = batchOf(9);
      expect(await push(port, token, body)).toEqual(ids.map(() => 'accepted'));
      expect(child.exitCode).toBeNull();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await storedOf(ids)).toBe(10);
    },
    TIMEOUT_MS,
  );
});

/** A push on a connection of its own, so that pushes one after another go to each worker in turn. */
function pushAlone(port: number, token: string, body: string): Promise<string[]> {
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/api/v1/sync/push',
    method: 'POST',
    agent: false,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  });
  const answered = new Promise<string[]>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      expect(res.statusCode).toBe(200);
      bodyOf(res).then(
        (text) => resolve((JSON.parse(text) as PushResponse).results.map((r) => r.status)),
        reject,
      );
    });
  });
  req.end(body);
  return answered;
}

/** The worker pids the primary names once they all listen, in worker order. */
function workerPids(output: string): number[] {
  const named = /worker processes, pids ([\d, ]+)\)/.exec(output);
  if (!named) throw new Error(`the primary named no workers:\n${output}`);
  return named[1]!.split(', ').map(Number);
}

/** The workers (by number) whose request log shows a push they stored. */
function workersThatPushed(output: string): Set<string> {
  const lines = output.split('\n').filter((line) => line.includes('POST /api/v1/sync/push 200'));
  return new Set(lines.map((line) => /^\[worker (\d+)\]/.exec(line)?.[1] ?? 'none'));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('main.ts with two workers (WORKERS=2)', () => {
  it(
    'serves pushes from both worker processes, then stops them all on SIGTERM and exits 0',
    async () => {
      const server = await startServerProcess({ WORKERS: '2' });
      const pids = workerPids(server.output());
      expect(pids).toHaveLength(2);
      expect(pids.every(isRunning)).toBe(true);
      const { token } = await enrol(server.port);

      const batches = Array.from({ length: 6 }, () => batchOf(49));
      for (const { ids, body } of batches) {
        expect(await pushAlone(server.port, token, body)).toEqual(ids.map(() => 'accepted'));
      }
      expect(await storedOf(batches.flatMap((batch) => batch.ids))).toBe(300);
      expect(workersThatPushed(server.output())).toEqual(new Set(['1', '2']));

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(pids.filter(isRunning)).toEqual([]);
      expect(await refused(server.port)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'replaces a worker that dies, and serves on with the new one',
    async () => {
      const server = await startServerProcess({ WORKERS: '2' });
      const [first, second] = workerPids(server.output());
      process.kill(first!, 'SIGKILL');
      await waitUntil(
        () => Promise.resolve(server.output().includes('Worker 3 (pid')),
        'a new worker to listen',
      );
      expect(server.output()).toMatch(/Worker 3 \(pid \d+\) listening, in place of worker 1/);

      const { token } = await enrol(server.port);
      const batches = Array.from({ length: 4 }, () => batchOf(9));
      for (const { ids, body } of batches) {
        expect(await pushAlone(server.port, token, body)).toEqual(ids.map(() => 'accepted'));
      }
      expect(workersThatPushed(server.output())).toEqual(new Set(['2', '3']));

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const replacement = Number(/Worker 3 \(pid (\d+)\)/.exec(server.output())![1]);
      expect([second!, replacement].filter(isRunning)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
