/**
 * Composition root: reads the configuration, wires real dependencies into `createApp` and
 * listens. Nothing else in the server touches the process, the environment or the network.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import * as z from 'zod';
import { createApp } from './app';
import { migrateToLatest } from './db/migrate';
import { openDatabase } from './db/open-database';
import { EnvError, loadEnv } from './env';
import type { Env } from './env';
import { clientIpResolver } from './http/client-ip';

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

// The SQLite file lives here; create it up front so a fresh checkout just runs.
mkdirSync(dataDir, { recursive: true });
if (!existsSync(join(staticDir, 'index.html'))) {
  console.warn(`No built client in ${staticDir}; run "npx vite build". The API still works.`);
}

const database = openDatabase({ dataDir, databaseUrl: env.databaseUrl });
try {
  await migrateToLatest(database.db, database.dialect);
} catch (err) {
  // Messages name the migration and the database's complaint, never the connection string.
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  console.error(`${err instanceof Error ? err.message : 'Database migration failed'}${cause}`);
  await database.close();
  process.exit(1);
}
console.log(`Database: ${database.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${dataDir}`}`);

/** Set on SIGTERM/SIGINT: readiness answers 503 and responses close their connection. */
let draining = false;

const app = createApp({
  staticDir,
  db: database.db,
  sqlite: database.sqlite,
  version: readVersion(),
  clientIp: clientIpResolver(env.trustedProxyHops),
  draining: () => draining,
});

const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
  console.log(`Involve listening on http://localhost:${info.port}`);
});

server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(`Server error: ${err.code ?? err.name}`);
  process.exit(1);
});

/** Closes the database (once) and exits; the database goes only after requests stop using it. */
let closingDatabase: Promise<void> | undefined;
function closeDatabaseAndExit(code: number): void {
  closingDatabase ??= database.close();
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
/** After the grace period, how long closing the database may take before the process exits. */
const FORCED_CLOSE_MS = 1000;
let closing = false;

function close(): void {
  if (closing) return;
  closing = true;
  clearTimeout(drainTimer);
  setTimeout(() => {
    console.error(`Requests still running after ${env.shutdownGraceMs / 1000} s; closing them`);
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

function shutdown(signal: NodeJS.Signals): void {
  if (draining) {
    // Ctrl-C reaches both npm start's wrapper and this process: a second signal while
    // draining (or one an operator sends again) stops the wait, and is otherwise ignored.
    close();
    return;
  }
  draining = true;
  if (env.shutdownDrainMs === 0) {
    console.log(`${signal} received: finishing in-flight requests, then closing`);
    close();
    return;
  }
  console.log(
    `${signal} received: not ready, still serving for ${env.shutdownDrainMs / 1000} s, then finishing in-flight requests and closing`,
  );
  drainTimer = setTimeout(close, env.shutdownDrainMs);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
