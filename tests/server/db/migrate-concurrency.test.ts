import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase } from '../../../src/server/db/open-database';
import type { OpenDatabase } from '../../../src/server/db/open-database';

const POSTGRES_URL = process.env.INVOLVE_TEST_DATABASE_URL ?? '';

/** Runs `statement` on the test database outside any schema of ours. */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Server instances starting at once on one empty schema; rounds of that race. */
const INSTANCES = 4;
const ROUNDS = 5;

const schemas: string[] = [];
const opened: OpenDatabase[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
  for (const schema of schemas.splice(0)) await admin(`drop schema ${schema} cascade`);
});

/** A new, empty schema, and a URL whose connections use it. */
async function emptySchema(): Promise<string> {
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  await admin(`create schema ${schema}`);
  schemas.push(schema);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** One server instance's database: its own pool, as a separate process would have. */
function instance(databaseUrl: string): OpenDatabase {
  const database = openDatabase({ dataDir: '/nonexistent', databaseUrl });
  opened.push(database);
  return database;
}

describe.skipIf(POSTGRES_URL === '')(
  'migrations from several instances at once (PostgreSQL only: set INVOLVE_TEST_DATABASE_URL, or run npm run test:pg)',
  () => {
    it('all succeed on an empty schema, and every migration runs once', async () => {
      // Rounds, because a race that loses only sometimes must not pass by luck.
      for (let round = 0; round < ROUNDS; round++) {
        const url = await emptySchema();
        const instances = Array.from({ length: INSTANCES }, () => instance(url));
        // Each instance's pool connects before the race starts, as running servers would have.
        await Promise.all(instances.map((each) => sql`select 1`.execute(each.db)));

        const outcomes = await Promise.allSettled(
          instances.map((each) => migrateToLatest(each.db, 'postgres')),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);

        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
          instances[0]!.db,
        );
        const names = applied.rows.map((row) => row.name);
        expect(names.length).toBeGreaterThan(0);
        expect(new Set(names).size).toBe(names.length);
        // The initial migration's seed row, once: a second run of it would have made two.
        const organisations = await instances[0]!.db
          .selectFrom('organisations')
          .select('id')
          .execute();
        expect(organisations).toHaveLength(1);
      }
    });

    it('waits while another instance holds the lock, then finds its work done', async () => {
      const url = await emptySchema();
      const schema = new URL(url).searchParams.get('options')!.replace('-c search_path=', '');
      const holder = new pg.Client({ connectionString: POSTGRES_URL });
      await holder.connect();
      try {
        await holder.query('select pg_advisory_lock($1::int, hashtext($2))', [
          MIGRATION_LOCK_KEY,
          schema,
        ]);
        let finished = false;
        const migrating = migrateToLatest(instance(url).db, 'postgres').then(() => {
          finished = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(finished).toBe(false);
        const tables = await holder.query(
          'select 1 from information_schema.tables where table_schema = $1',
          [schema],
        );
        expect(tables.rowCount).toBe(0);

        await holder.query('select pg_advisory_unlock($1::int, hashtext($2))', [
          MIGRATION_LOCK_KEY,
          schema,
        ]);
        await migrating;
        expect(finished).toBe(true);
      } finally {
        await holder.end();
      }
    });
  },
);
