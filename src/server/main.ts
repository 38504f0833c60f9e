/**
 * Composition root: reads the configuration, wires real dependencies into `createApp` and
 * listens. Nothing else in the server touches the process, the environment or the network.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import * as z from 'zod';
import { createApp } from './app';
import { EnvError, loadEnv } from './env';
import type { Env } from './env';

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

// The SQLite file will live here; create it up front so a fresh checkout just runs.
mkdirSync(dataDir, { recursive: true });
if (!existsSync(join(staticDir, 'index.html'))) {
  console.warn(`No built client in ${staticDir}; run "npx vite build". The API still works.`);
}

const app = createApp({ staticDir, version: readVersion() });

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
    process.exit(err ? 1 : 0);
  });
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
