import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase, SQLITE_FILE } from '../../../src/server/db/open-database';
import { groupFlushes, syncedWal, type SyncedFile } from '../../../src/server/db/wal-sync';

const POSTGRES = (process.env.INVOLVE_TEST_DATABASE_URL ?? '') !== '';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'involve-wal-sync-'));
  dirs.push(dir);
  return dir;
}

/** A flush that finishes (or fails) when the test says, numbered in the order begun. */
function heldFlushes() {
  const begun: { finish(): void; fail(error: Error): void }[] = [];
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      begun.push({ finish: resolve, fail: reject });
    });
  return { begun, flush };
}

/** Whether `promise` has settled, after letting every pending callback run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('groupFlushes: one flush for the writes that wait together', () => {
  it('flushes once for a lone caller', async () => {
    const { begun, flush } = heldFlushes();
    const grouped = groupFlushes(flush);
    const one = grouped.sync();
    expect(begun).toHaveLength(1);
    begun[0]!.finish();
    await expect(one).resolves.toBeUndefined();
  });

  it('never lets a caller ride on a flush begun before it: those arriving meanwhile share the next one', async () => {
    const { begun, flush } = heldFlushes();
    const grouped = groupFlushes(flush);
    const first = grouped.sync();
    const second = grouped.sync();
    const third = grouped.sync();
    // The running flush may have looked before the second and third callers wrote.
    expect(begun).toHaveLength(1);
    begun[0]!.finish();
    await first;
    expect(await settled(second)).toBe(false);
    expect(await settled(third)).toBe(false);
    // One more flush serves both of them.
    expect(begun).toHaveLength(2);
    begun[1]!.finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
    expect(begun).toHaveLength(2);
  });

  it('fails only the callers of a flush that failed, and flushes again for the next', async () => {
    const { begun, flush } = heldFlushes();
    const grouped = groupFlushes(flush);
    const first = grouped.sync();
    const second = grouped.sync();
    begun[0]!.fail(new Error('EIO: the disk refused'));
    await expect(first).rejects.toThrow('EIO');
    // The second caller waited for a flush of its own, which succeeds.
    expect(begun).toHaveLength(2);
    begun[1]!.finish();
    await expect(second).resolves.toBeUndefined();
    const third = grouped.sync();
    expect(begun).toHaveLength(3);
    begun[2]!.finish();
    await expect(third).resolves.toBeUndefined();
  });
});

describe('syncedWal: the WAL file synced off the committing thread', () => {
  it('opens `<file>-wal` for writing once, syncs it for every caller, and refuses after close', async () => {
    const dir = await tempDir();
    const file = join(dir, 'db.sqlite');
    writeFileSync(`${file}-wal`, 'frames');
    const opened: string[] = [];
    let syncs = 0;
    const wal = syncedWal(file, async (path) => {
      opened.push(path);
      const { open } = await import('node:fs/promises');
      const handle = await open(path, 'r+');
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        syncs++;
        await sync();
      };
      return handle;
    });
    await wal.sync();
    await Promise.all([wal.sync(), wal.sync()]);
    expect(opened).toEqual([`${file}-wal`]);
    expect(syncs).toBeGreaterThanOrEqual(2);
    await wal.close();
    await expect(wal.sync()).rejects.toThrow('The database is closed');
  });

  it('fails a sync while the WAL file cannot be opened, and opens it at the next', async () => {
    const dir = await tempDir();
    const file = join(dir, 'db.sqlite');
    const wal = syncedWal(file);
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    writeFileSync(`${file}-wal`, 'frames');
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
  });
});

describe.skipIf(POSTGRES)('SQLite writes resolve only once synced (SQLite only)', () => {
  /**
   * The database, migrated, with its WAL syncs observed from then on: each sync notes in
   * `events` how many counters another connection already sees committed when it begins, and
   * `synced` when it ends; it fails while `failing.now` is set.
   */
  async function observed() {
    const dataDir = await tempDir();
    const file = join(dataDir, SQLITE_FILE);
    const events: string[] = [];
    const failing = { now: false };
    let watching = false;
    const database = openDatabase({
      dataDir,
      syncWal: (databaseFile): SyncedFile => {
        const real = syncedWal(databaseFile);
        return {
          async sync() {
            if (!watching) return real.sync();
            const reader = new SqliteDatabase(file, { readonly: true });
            try {
              const { n } = reader.prepare('select count(*) as n from counters').get() as {
                n: number;
              };
              events.push(`sync with ${n} committed`);
            } finally {
              reader.close();
            }
            if (failing.now) throw new Error('EIO: the disk refused');
            await real.sync();
            events.push('synced');
          },
          close: () => real.close(),
        };
      },
    });
    await migrateToLatest(database.db, 'sqlite');
    const { n: before } = database.sqlite!.prepare('select count(*) as n from counters').get() as {
      n: number;
    };
    watching = true;
    return { database, events, before, failing };
  }

  it('runs the connection with synchronous = NORMAL: the sync is ours', async () => {
    const { database } = await observed();
    try {
      expect(database.sqlite!.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('answers a write outside a transaction after a sync begun once it was committed', async () => {
    const { database, events, before } = await observed();
    try {
      await database.db.insertInto('counters').values({ name: 'alone', value: 1 }).execute();
      events.push('write resolved');
      expect(events).toEqual([`sync with ${before + 1} committed`, 'synced', 'write resolved']);
    } finally {
      await database.close();
    }
  });

  it('syncs a transaction once, after its commit, and not for its statements or for reads', async () => {
    const { database, events, before } = await observed();
    try {
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('counters').values({ name: 'first', value: 1 }).execute();
        await trx.insertInto('counters').values({ name: 'second', value: 2 }).execute();
        events.push('statements done');
      });
      events.push('transaction resolved');
      await database.db.selectFrom('counters').selectAll().execute();
      expect(events).toEqual([
        'statements done',
        `sync with ${before + 2} committed`,
        'synced',
        'transaction resolved',
      ]);
    } finally {
      await database.close();
    }
  });

  it('fails a write whose sync failed, so that it is never acknowledged', async () => {
    const { database, failing } = await observed();
    failing.now = true;
    try {
      await expect(
        database.db.insertInto('counters').values({ name: 'unsynced', value: 1 }).execute(),
      ).rejects.toThrow('EIO: the disk refused');
    } finally {
      await database.close();
    }
  });
});
