/**
 * Composition root: reads the configuration, wires real dependencies into `createApp` and
 * listens. Nothing else in the server touches the process, the environment or the network.
 *
 * With `WORKERS` above 1 this process is the primary: it migrates the database, then forks
 * that many workers (this same file, under node:cluster), which share the port and each serve
 * as a lone server would; `worker-supervisor.ts` keeps them running and stops them.
 */
import cluster from 'node:cluster';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import * as z from 'zod';
import { createApp } from './app';
import { migrateToLatest } from './db/migrate';
import { openDatabase } from './db/open-database';
import type { DatabaseConfig, OpenDatabase } from './db/open-database';
import { EnvError, loadEnv } from './env';
import type { Env } from './env';
import { clientIpResolver } from './http/client-ip';
import { startPushThreads } from './sync/push-reader';
import { WorkerSupervisor, isWorkerCommand } from './worker-supervisor';
import type { SupervisedWorker } from './worker-supervisor';

function readVersion(): string {
  const packageJson = new URL('../../package.json', import.meta.url);
  const parsed = z
    .object({ version: z.string() })
    .parse(JSON.parse(readFileSync(packageJson, 'utf8')));
  return parsed.version;
}

function loadEnvOrExit(): Env {
  try {
    return loadEnv();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

const env = loadEnvOrExit();
const dataDir = resolve(env.dataDir);
const staticDir = resolve(env.staticDir);

/** Where the database is; a SQLite file is checkpointed off the thread that serves pushes. */
function databaseConfig(logPrefix: string): DatabaseConfig {
  return {
    dataDir,
    databaseUrl: env.databaseUrl,
    checkpointInBackground: { onError: (message) => console.error(logPrefix + message) },
  };
}

/** Opens the database and brings it up to date, or says why not and exits. */
async function openMigratedDatabase(): Promise<OpenDatabase> {
  // The SQLite file lives here; create it up front so a fresh checkout just runs.
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.warn(`No built client in ${staticDir}; run "npx vite build". The API still works.`);
  }
  const database = openDatabase(databaseConfig(''));
  try {
    await migrateToLatest(database.db, database.dialect);
  } catch (err) {
    // Messages name the migration and the database's complaint, never the connection string.
    const cause =
      err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    console.error(`${err instanceof Error ? err.message : 'Database migration failed'}${cause}`);
    await database.close();
    process.exit(1);
  }
  console.log(
    `Database: ${database.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${dataDir}`}`,
  );
  return database;
}

/** Node's cluster worker behind the supervisor's port. */
function forkWorker(): SupervisedWorker {
  const worker = cluster.fork();
  return {
    id: worker.id,
    get pid() {
      return worker.process.pid;
    },
    send(command) {
      // The callback takes the error of a worker already gone, which would otherwise be thrown.
      if (worker.isConnected()) worker.send(command, () => {});
    },
    kill: () => worker.process.kill('SIGKILL'),
    onListening: (listener) => worker.on('listening', (address) => listener(address.port)),
    onExit: (listener) => worker.on('exit', listener),
  };
}

/** The primary of several workers: it serves nothing itself. */
function supervise(): void {
  const supervisor = new WorkerSupervisor({
    workers: env.workers,
    fork: forkWorker,
    log: (line) => console.log(line),
    logError: (line) => console.error(line),
    // A worker exits by drain + grace + FORCED_CLOSE_MS at the latest; a few seconds more.
    stopDeadlineMs: env.shutdownDrainMs + env.shutdownGraceMs + FORCED_CLOSE_MS + 5000,
  });
  process.on('SIGTERM', () => supervisor.stop('SIGTERM received'));
  process.on('SIGINT', () => supervisor.stop('SIGINT received'));
  void supervisor.finished.then((code) => process.exit(code));
}

/** After the grace period, how long closing the database may take before the process exits. */
const FORCED_CLOSE_MS = 1000;

/**
 * Serves requests from this process until it is told to stop: the whole server when `worker`
 * is undefined, or one worker of several (its log lines then say which).
 */
function serveRequests(database: OpenDatabase, worker?: { id: number }): void {
  const prefix = worker === undefined ? '' : `[worker ${worker.id}] `;
  /** Set on SIGTERM/SIGINT: readiness answers 503 and responses close their connection. */
  let draining = false;

  const pushReader = startPushThreads({
    threads: env.pushThreads,
    onError: (line) => console.error(prefix + line),
  });
  const app = createApp({
    staticDir,
    pushReader,
    db: database.db,
    sqlite: database.sqlite,
    dialect: database.dialect,
    version: readVersion(),
    clientIp: clientIpResolver(env.trustedProxyHops),
    draining: () => draining,
    log: (line) => console.log(prefix + line),
    logError: (line) => console.error(prefix + line),
  });

  const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
    // A worker's primary says so once they all listen.
    if (worker === undefined) console.log(`Involve listening on http://localhost:${info.port}`);
  });

  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`${prefix}Server error: ${err.code ?? err.name}`);
    process.exit(1);
  });

  /** Closes the database (once) and exits; the database goes only after requests stop using it. */
  let closingDatabase: Promise<void> | undefined;
  function closeDatabaseAndExit(code: number): void {
    closingDatabase ??= Promise.all([pushReader.close(), database.close()]).then(() => {});
    closingDatabase.then(
      () => process.exit(code),
      () => process.exit(1),
    );
  }

  /**
   * Graceful shutdown, in two steps. Drain: for `SHUTDOWN_DRAIN_MS` the server still takes and
   * answers requests, but `/api/v1/ready` answers 503 and every response closes its connection,
   * so a load balancer polling readiness takes the instance out of rotation before anything is
   * refused. Close: stop accepting connections, let in-flight requests (a push mid-batch) finish,
   * then close the database. A request still running `SHUTDOWN_GRACE_MS` after that is cut off:
   * its push transaction rolls back and the device sends the batch again, so nothing is lost. A
   * second signal during the drain skips the rest of it.
   */
  let drainTimer: NodeJS.Timeout | undefined;
  let closing = false;

  function close(): void {
    if (closing) return;
    closing = true;
    draining = true;
    clearTimeout(drainTimer);
    setTimeout(() => {
      console.error(
        `${prefix}Requests still running after ${env.shutdownGraceMs / 1000} s; closing them`,
      );
      if ('closeAllConnections' in server) server.closeAllConnections();
      // A transaction still waiting in the database (on a lock, say) keeps its connection checked
      // out, and closing the pool waits for it: exit anyway. The database rolls back what a lost
      // connection left unfinished, so the push is undone whole and the tablet sends it again.
      setTimeout(() => process.exit(1), FORCED_CLOSE_MS);
      closeDatabaseAndExit(1);
    }, env.shutdownGraceMs).unref();
    server.close((err) => {
      closeDatabaseAndExit(err ? 1 : 0);
    });
    // Connections idle between requests would otherwise hold close() open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  }

  /** Starts the drain (once); `cause` says what asked for it. */
  function drain(cause: string): void {
    if (draining) return;
    draining = true;
    if (env.shutdownDrainMs === 0) {
      console.log(`${prefix}${cause}: finishing in-flight requests, then closing`);
      close();
      return;
    }
    console.log(
      `${prefix}${cause}: not ready, still serving for ${env.shutdownDrainMs / 1000} s, then finishing in-flight requests and closing`,
    );
    drainTimer = setTimeout(close, env.shutdownDrainMs);
  }

  function onSignal(signal: NodeJS.Signals): void {
    // Ctrl-C reaches both npm start's wrapper and this process: a second signal while
    // draining (or one an operator sends again) stops the wait, and is otherwise ignored.
    if (draining) close();
    else drain(`${signal} received`);
  }

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // The primary's requests. Its first only starts a drain, never ends one: where the service
  // manager signals every process, the worker has had the signal itself as well.
  process.on('message', (message) => {
    if (!isWorkerCommand(message)) return;
    if (message.now) close();
    else drain('Asked to stop');
  });
}

if (cluster.isPrimary) {
  const database = await openMigratedDatabase();
  if (env.workers === 1) {
    serveRequests(database);
  } else {
    // The workers open their own; this process only supervises them.
    await database.close();
    supervise();
  }
} else {
  serveRequests(
    openDatabase(databaseConfig(`[worker ${cluster.worker?.id ?? '?'}] `)),
    cluster.worker,
  );
}
