/**
 * The real server for benchmarks, in its own process: same app, same database code, rate
 * limits lifted (a benchmark is one client hammering on purpose) and the request log off.
 * Prints one JSON line `{ "port", "codes" }` once listening, then serves until killed.
 *
 * Usage: node --import tsx scripts/lib/bench-server.ts <dataDir> <codes>
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../src/server/app';
import { issueEnrolmentCode } from '../../src/server/enrolment';
import { migrateToLatest } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open-database';
import { getDefaultOrganisation } from '../../src/server/db/organisations.repository';

const [dataDir = './data-bench', codeCount = '1'] = process.argv.slice(2);
const database = openDatabase({ dataDir, databaseUrl: undefined });
await migrateToLatest(database.db, database.dialect);
const organisation = await getDefaultOrganisation(database.db);
const codes: string[] = [];
for (let i = 0; i < Number(codeCount); i++)
  codes.push((await issueEnrolmentCode(database.db, organisation.id, new Date())).code);

const unlimited = { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
const app = createApp({
  staticDir: 'dist',
  db: database.db,
  sqlite: database.sqlite,
  version: 'bench',
  log: () => {},
  rateLimits: { login: unlimited, enrol: unlimited, device: unlimited },
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port, codes })}\n`);
});
process.on('SIGTERM', () => {
  void database.close().then(() => process.exit(0));
});
