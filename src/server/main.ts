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

/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
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

const app = createApp({
  staticDir,
  db: database.db,
  sqlite: database.sqlite,
  version: readVersion(),
  clientIp: clientIpResolver(env.trustedProxyHops),
});

const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
  console.log(`Involve listening on http://localhost:${info.port}`);
});

server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(`Server error: ${err.code ?? err.name}`);
  process.exit(1);
});

let shuttingDown = false;
function shutdown(signal: NodeJS.Signals): void {
  // Ctrl-C reaches both npm start's wrapper and this process; one shutdown is enough.
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal} received, closing server`);
  setTimeout(() => {
    console.error('Shutdown timed out; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  server.close((err) => {
    // In-flight requests are done: now the database can go.
    database.close().then(
      () => process.exit(err ? 1 : 0),
      () => process.exit(1),
    );
  });
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
