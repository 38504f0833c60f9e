/**
 * The real server for benchmarks, in its own process: same app, same database code, rate
 * limits lifted (a benchmark is one client hammering on purpose) and the request log off.
 * SQLite in `dataDir`, or PostgreSQL when BENCH_DATABASE_URL is set (several of these may
 * share one database, or one SQLite file, as instances behind a load balancer or the workers of
 * `npm start` do). Prints one JSON line
 * `{ "port", "codes" }` once listening, then serves until killed.
 *
 * BENCH_SEED_FEED=N first fills the pull feed with N published changes (half of them another
 * organisation's), so pull is measured against a feed of that size.
 *
 * Usage: node --import tsx scripts/lib/bench-server.ts <dataDir> <codes>
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../src/server/app';
import { issueEnrolmentCode } from '../../src/server/enrolment';
import { migrateToLatest } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open-database';
import { getDefaultOrganisation } from '../../src/server/db/organisations.repository';
import { loadEnv } from '../../src/server/env';
import { startPushThreads } from '../../src/server/sync/push-reader';
import { uuidv7 } from '../../src/shared/ids';

const [dataDir = './data-bench', codeCount = '1'] = process.argv.slice(2);
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const seedFeed = Number(process.env.BENCH_SEED_FEED ?? 0);
// As the server opens it (src/server/main.ts): SQLite checkpointed off the serving thread.
const database = openDatabase({
  dataDir,
  databaseUrl,
  checkpointInBackground: { onError: (message) => console.error(message) },
});
await migrateToLatest(database.db, database.dialect);
const organisation = await getDefaultOrganisation(database.db);
const codes: string[] = [];
for (let i = 0; i < Number(codeCount); i++)
  codes.push((await issueEnrolmentCode(database.db, organisation.id, new Date())).code);

if (seedFeed > 0) {
  const other = uuidv7();
  await database.db
    .insertInto('organisations')
    .values({ id: other, name: 'Another trust', created_at: new Date().toISOString() })
    .execute();
  const { value: start } = await database.db
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'published')
    .executeTakeFirstOrThrow();
  const data = JSON.stringify({ title: 'An event published long ago', themes: [] });
  for (let from = 0; from < seedFeed; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, seedFeed - from) }, (_, i) => ({
      seq: start + from + i + 1,
      organisation_id: (from + i) % 2 === 0 ? organisation.id : other,
      kind: 'bench',
      id: uuidv7(),
      data,
      published_at: '2026-01-01T09:00:00.000Z',
    }));
    await database.db.insertInto('published').values(rows).execute();
  }
  await database.db
    .updateTable('counters')
    .set({ value: start + seedFeed })
    .where('name', '=', 'published')
    .execute();
}

const unlimited = { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
// As the server reads pushes (src/server/main.ts): on PUSH_THREADS threads of their own.
const pushReader = startPushThreads({
  threads: loadEnv().pushThreads,
  onError: (line) => console.error(line),
});
const app = createApp({
  staticDir: 'dist',
  pushReader,
  db: database.db,
  sqlite: database.sqlite,
  dialect: database.dialect,
  version: 'bench',
  log: () => {},
  rateLimits: { login: unlimited, enrol: unlimited, device: unlimited },
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port, codes })}\n`);
});
process.on('SIGTERM', () => {
  // Exit whatever closing the database does, and soon: a benchmark must not leave servers.
  setTimeout(() => process.exit(0), 1000).unref();
  void Promise.all([pushReader.close(), database.close()]).finally(() => process.exit(0));
});
