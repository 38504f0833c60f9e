import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase, SQLITE_FILE } from '../../../src/server/db/open-database';
import { startCheckpointer } from '../../../src/server/db/sqlite-checkpointer';

const POSTGRES = (process.env.INVOLVE_TEST_DATABASE_URL ?? '') !== '';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Writes `rows` counters of about 1 KB each, a transaction of 100 at a time. */
async function write(db: ReturnType<typeof openDatabase>['db'], rows: number, prefix: string) {
  for (let start = 0; start < rows; start += 100) {
    await db
      .insertInto('counters')
      .values(
        Array.from({ length: 100 }, (_, n) => ({
          name: `${prefix}-${String(start + n).padStart(6, '0')}-${'x'.repeat(1000)}`,
          value: start + n,
        })),
      )
      .execute();
  }
}

describe.skipIf(POSTGRES)('SQLite checkpoints in the background (SQLite only)', () => {
  it('copies what commits write into the database file from its own thread, and stops on close', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'involve-checkpoint-'));
    dirs.push(dataDir);
    const file = join(dataDir, SQLITE_FILE);
    const errors: string[] = [];
    const database = openDatabase({
      dataDir,
      checkpointInBackground: { onError: (message) => errors.push(message) },
    });
    try {
      await migrateToLatest(database.db, 'sqlite');
      // The serving connection itself never checkpoints...
      expect(database.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = statSync(file).size;
      await write(database.db, 2000, 'a');
      // ...yet what it committed reaches the database file (2,000 rows of about 1 KB).
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 1_500_000), {
        timeout: 10_000,
      });
    } finally {
      await database.close();
    }
    expect(errors).toEqual([]);

    // Everything is there for the next process, and the WAL was emptied on close.
    const reader = new SqliteDatabase(file, { readonly: true });
    try {
      const { n } = reader
        .prepare("select count(*) as n from counters where name like 'a-%'")
        .get() as {
        n: number;
      };
      expect(n).toBe(2000);
    } finally {
      reader.close();
    }
  });

  it('leaves checkpoints to SQLite when not asked (the admin CLI, tests)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'involve-checkpoint-'));
    dirs.push(dataDir);
    const database = openDatabase({ dataDir });
    try {
      expect(database.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await database.close();
    }
  });

  it('says so when its thread ends unasked, so the caller can let SQLite checkpoint again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'involve-checkpoint-'));
    dirs.push(dataDir);
    const errors: string[] = [];
    let gone = false;
    // No such file: the thread cannot open it and ends.
    const checkpointer = startCheckpointer(join(dataDir, 'missing.sqlite'), {
      onError: (message) => errors.push(message),
      onGone: () => (gone = true),
    });
    await vi.waitFor(() => expect(gone).toBe(true), { timeout: 10_000 });
    expect(errors).toEqual([expect.stringContaining('The SQLite checkpoint thread stopped')]);
    // Stopping a thread already gone returns at once.
    await checkpointer.stop();
  });
});
