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

/** How long in-flight requests get to finish after SIGTERM before they are cut off. */
const SHUTDOWN_GRACE_MS = 10_000;

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
 * Graceful shutdown: stop accepting connections, let in-flight requests (a push mid-batch)
 * finish, closing each kept-alive connection after its response, then close the database. A
 * request still running after {@link SHUTDOWN_GRACE_MS} is cut off: its push transaction rolls
 * back and the device sends the batch again, so nothing is lost.
 */
function shutdown(signal: NodeJS.Signals): void {
  // Ctrl-C reaches both npm start's wrapper and this process; one shutdown is enough.
  if (draining) return;
  draining = true;
  console.log(`${signal} received: finishing in-flight requests, then closing`);
  setTimeout(() => {
    console.error(`Requests still running after ${SHUTDOWN_GRACE_MS / 1000} s; closing them`);
    if ('closeAllConnections' in server) server.closeAllConnections();
    closeDatabaseAndExit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  server.close((err) => {
    closeDatabaseAndExit(err ? 1 : 0);
  });
  // Connections idle between requests would otherwise hold close() open until they time out.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
