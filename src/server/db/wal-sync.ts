import { open, type FileHandle } from 'node:fs/promises';

/** Makes what has been written so far durable: resolves once it is on disk. */
export type Flush = () => Promise<void>;

/** See {@link groupFlushes}. */
export interface GroupedFlush {
  /**
   * Resolves once a flush that began after this call has finished, so everything written
   * before the call is on disk; rejects if that flush failed.
   */
  sync(): Promise<void>;
}

/**
 * Shares flushes between callers (a group commit): while one flush runs, every caller that
 * arrives waits for the one flush that begins when it ends, instead of each starting their
 * own. A flush already running cannot serve a caller that arrived after it began, because
 * what that caller wrote may have come after the flush looked.
 */
export function groupFlushes(flush: Flush): GroupedFlush {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const begin = (): Promise<void> => {
    const started: Promise<void> = flush().finally(() => {
      if (running === started) running = undefined;
    });
    running = started;
    return started;
  };
  return {
    sync() {
      if (running === undefined) return begin();
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return begin();
        });
      return next;
    },
  };
}

/** A file kept open to be synced, and closed once. */
export interface SyncedFile extends GroupedFlush {
  close(): Promise<void>;
}

/**
 * Syncs a SQLite database's WAL file (`<file>-wal`) off the thread that commits, sharing one
 * fsync among the commits that wait at the same moment: `fsync` runs on libuv's thread pool
 * while the event loop goes on reading the next push.
 *
 * This is what lets the connection run with `synchronous = NORMAL` and still answer a write
 * only once it is on disk. NORMAL writes a commit's pages to the WAL file but leaves the sync
 * to the next checkpoint, which syncs the WAL before copying it into the database, and the
 * database after (so a WAL emptied and written over only ever held what the database file
 * already has on disk). FULL syncs inside every commit, on the committing thread, holding the
 * write lock meanwhile: 1–2 ms of each 500-record push on this machine (BENCHMARKS.md).
 *
 * The file is opened when first synced (SQLite creates it at the first read in WAL mode) and
 * kept open until {@link SyncedFile.close}, which must come after the database is closed: any
 * fsync on the inode covers what SQLite wrote through its own descriptor, and SQLite takes no
 * locks on the WAL file (WAL mode locks the database and `-shm` files), so ours is safe to hold
 * and to close.
 *
 * One case syncing inside the commit handles better: a disk that fails the fsync. SQLite then
 * fails the commit; here the commit stands and the write that waited for it fails, so the
 * device sends its records again and is told they are already stored, while the kernel may
 * have dropped the pages it could not write. A disk that fails fsync loses data either way
 * (the next checkpoint's sync of the database file fails the same way); the failure reaches
 * the server's log as a 500.
 */
export function syncedWal(databaseFile: string, openFile = openForSync): SyncedFile {
  let handle: Promise<FileHandle> | undefined;
  let closed = false;
  const grouped = groupFlushes(async () => {
    if (closed) throw new Error('The database is closed');
    handle ??= openFile(`${databaseFile}-wal`).catch((error: unknown) => {
      // Tried again at the next sync rather than failing every one after.
      handle = undefined;
      throw error;
    });
    await (await handle).sync();
  });
  return {
    sync: () => grouped.sync(),
    async close() {
      closed = true;
      const open = handle;
      handle = undefined;
      if (open !== undefined) await (await open.catch(() => undefined))?.close();
    },
  };
}

/** Opened for writing, which some systems (Windows) need to flush a file; never truncated. */
function openForSync(path: string): Promise<FileHandle> {
  return open(path, 'r+');
}
