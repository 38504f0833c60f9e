import { realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, open as openFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase, SQLITE_FILE, type OpenDatabase } from '../../../src/server/db/open-database';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { publish, withFeedLock } from '../../../src/server/db/published.repository';
import { syncedWal } from '../../../src/server/db/wal-sync';
import { makeEvent } from '../../fixtures/workshop.factory';
import { startTestServer, WAL_SYNC } from '../server-test-kit';

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

/**
 * Opens `path` as syncedWal does, with `around` run in place of each sync of its data, given
 * the real one to call (or not). A full `fsync` is refused: it waits for the file system's
 * journal, which the WAL's data does not need (see wal-sync.ts).
 */
async function openAround(
  path: string,
  around: (sync: () => Promise<void>) => Promise<void>,
): Promise<FileHandle> {
  const handle = await openFile(path, 'r+');
  const datasync = handle.datasync.bind(handle);
  handle.datasync = () => around(datasync);
  handle.sync = () => Promise.reject(new Error('fsync is not wanted here: fdatasync is enough'));
  return handle;
}

/** How many counters `sqlite` sees committed. */
function countersIn(sqlite: SqliteDatabase.Database): number {
  return (sqlite.prepare('select count(*) as n from counters').get() as { n: number }).n;
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

describe('syncedWal: the WAL file synced off the committing thread', () => {
  /** Opens files as syncedWal would, noting each path, with `failing` syncs refused. */
  function watchedOpen(failing = { count: 0 }) {
    const opened: string[] = [];
    let syncs = 0;
    const open = (path: string) => {
      opened.push(path);
      return openAround(path, async (sync) => {
        syncs++;
        if (failing.count > 0) {
          failing.count--;
          throw new Error('EIO: i/o error, fsync');
        }
        await sync();
      });
    };
    return { open, opened, syncs: () => syncs };
  }

  it('opens the WAL file once, syncs it at every call, and refuses after close', async () => {
    const walFile = join(await tempDir(), 'db.sqlite-wal');
    writeFileSync(walFile, 'frames');
    const watched = watchedOpen();
    const wal = syncedWal(walFile, { open: watched.open });
    await wal.sync();
    await Promise.all([wal.sync(), wal.sync()]);
    expect(watched.opened).toEqual([walFile]);
    expect(watched.syncs()).toBe(3);
    await wal.close();
    await expect(wal.sync()).rejects.toThrow('The database is closed');
  });

  it('fails a sync while the WAL file cannot be opened, and opens it at the next', async () => {
    const walFile = join(await tempDir(), 'db.sqlite-wal');
    const wal = syncedWal(walFile);
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    writeFileSync(walFile, 'frames');
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
  });

  it('after one failed fsync, fails every later sync too, and says so once', async () => {
    const walFile = join(await tempDir(), 'db.sqlite-wal');
    writeFileSync(walFile, 'frames');
    const watched = watchedOpen({ count: 1 });
    const reported: string[] = [];
    const wal = syncedWal(walFile, {
      open: watched.open,
      onFailure: (message) => reported.push(message),
    });
    const refused =
      "Writing to the database's disk failed (EIO: i/o error, fsync); no write will be answered until the server is restarted";
    await expect(wal.sync()).rejects.toThrow(refused);
    // The disk would take this one: its pages may be gone all the same.
    await expect(wal.sync()).rejects.toThrow(refused);
    expect(watched.syncs()).toBe(1);
    expect(reported).toEqual([refused]);
    await wal.close();
  });
});

describe.skipIf(POSTGRES)('SQLite writes resolve only once synced (SQLite only)', () => {
  /**
   * A migrated database in `dataDir` (a fresh one unless given) with its WAL syncs observed
   * from then on. Each sync notes in `events`, when it begins, how many counters another
   * connection already sees committed, and `synced` when it ends. It fails while
   * `control.failing` is set, and waits for `control.hold` while that is set.
   */
  async function observed(dataDir?: string) {
    dataDir ??= await tempDir();
    const file = join(dataDir, SQLITE_FILE);
    const events: string[] = [];
    const walFiles: string[] = [];
    const control: { failing: boolean; hold?: Promise<void> | undefined } = { failing: false };
    let watching = false;
    const database = openDatabase({
      dataDir,
      syncWal: (walFile) => {
        walFiles.push(walFile);
        return syncedWal(walFile, {
          // Each fsync, as syncedWal makes it.
          open: (path) =>
            openAround(path, async (sync) => {
              if (!watching) return sync();
              const reader = new SqliteDatabase(file, { readonly: true });
              try {
                events.push(`sync with ${countersIn(reader)} committed`);
              } finally {
                reader.close();
              }
              if (control.failing) throw new Error('EIO: the disk refused');
              await control.hold;
              await sync();
              events.push('synced');
            }),
        });
      },
    });
    await migrateToLatest(database.db, 'sqlite');
    const before = countersIn(database.sqlite!);
    watching = true;
    return { database, events, before, control, walFiles };
  }

  const insert = (database: OpenDatabase, name: string) =>
    database.db.insertInto('counters').values({ name, value: 1 }).execute();

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
      await insert(database, 'alone');
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

  it('frees the write lock for other processes at commit, and answers the write after its sync', async () => {
    const { database, events, before, control } = await observed();
    // Another worker's connection to the same file.
    const other = new SqliteDatabase(database.sqlite!.name, { timeout: 0 });
    try {
      let release!: () => void;
      control.hold = new Promise<void>((resolve) => (release = resolve));
      const first = insert(database, 'first');
      await vi.waitFor(() => expect(events).toEqual([`sync with ${before + 1} committed`]));
      // While the first write's sync is held, the other process takes the lock and commits.
      other.prepare('begin immediate').run();
      other.prepare("insert into counters (name, value) values ('elsewhere', 1)").run();
      other.prepare('commit').run();
      expect(await settled(first)).toBe(false);
      control.hold = undefined;
      release();
      await first;
      expect(events).toEqual([`sync with ${before + 1} committed`, 'synced']);
    } finally {
      other.close();
      await database.close();
    }
  });

  it('fails a write or a transaction whose sync failed, with the reason, so that it is never acknowledged', async () => {
    const { database, control } = await observed();
    control.failing = true;
    try {
      await expect(insert(database, 'unsynced')).rejects.toThrow('EIO: the disk refused');
      await expect(
        database.db
          .transaction()
          .execute((trx) =>
            trx.insertInto('counters').values({ name: 'also', value: 1 }).execute(),
          ),
      ).rejects.toThrow('EIO: the disk refused');
    } finally {
      await database.close();
    }
  });

  it('syncs the WAL beside the file SQLite opened when the database file is a symbolic link', async () => {
    const real = await tempDir();
    const linked = await tempDir();
    // A database made in one folder, then reached through a link from another.
    const made = openDatabase({ dataDir: real });
    await migrateToLatest(made.db, 'sqlite');
    await made.close();
    symlinkSync(join(real, SQLITE_FILE), join(linked, SQLITE_FILE));
    const { database, events, walFiles } = await observed(linked);
    try {
      await insert(database, 'through the link');
      expect(walFiles).toEqual([join(realpathSync(real), `${SQLITE_FILE}-wal`)]);
      expect(events.at(-1)).toBe('synced');
    } finally {
      await database.close();
    }
  });

  it('answers a pull only after the WAL was synced, so a device never holds a cursor a power cut could take back', async () => {
    const trace: string[] = [];
    const server = await startTestServer({}, { traceSql: trace });
    try {
      const { token } = await server.enrolDevice();
      const organisationId = (await getDefaultOrganisation(server.db)).id;
      const event = makeEvent();
      await withFeedLock(server.db, (trx) =>
        publish(trx, {
          organisationId,
          kind: 'event',
          id: event.id,
          data: event,
          publishedAt: server.clock.now().toISOString(),
        }),
      );
      trace.length = 0;
      const res = await server.pull(token, '0');
      expect(res.status).toBe(200);
      const read = trace.findIndex((sql) => /from "published"/.test(sql));
      expect(read).toBeGreaterThanOrEqual(0);
      expect(trace.indexOf(WAL_SYNC, read)).toBeGreaterThan(read);
    } finally {
      await server.close();
    }
  });
});
