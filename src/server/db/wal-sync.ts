import { open, type FileHandle } from 'node:fs/promises';

/** Makes what has been written so far durable. */
export interface WalSync {
  /** Resolves once everything written before the call is on disk; rejects if it could not be. */
  sync(): Promise<void>;
}

/** A WAL file kept open to be synced, and closed once. */
export interface SyncedFile extends WalSync {
  close(): Promise<void>;
}

/** What {@link syncedWal} may be given. */
export interface SyncedWalOptions {
  /** How the WAL file is opened for syncing (tests look inside). */
  open?: (path: string) => Promise<FileHandle>;
  /** Told once, when a sync fails and writes stop being answered. */
  onFailure?: ((message: string) => void) | undefined;
}

/**
 * Syncs a SQLite database's WAL file off the thread that commits: `fdatasync` runs on libuv's
 * thread pool while the event loop goes on reading the next push (the connection waits for it:
 * see `ImmediateSqliteDriver.releaseConnection` in open-database.ts).
 *
 * This is what lets the connection run with `synchronous = NORMAL` and still answer a write
 * only once it is on disk. NORMAL writes a commit's frames to the WAL file but does not sync
 * it; the WAL is synced before each checkpoint copies it into the database, and the database
 * after, so a WAL emptied and written over only ever held what the database file already has
 * on disk. FULL syncs inside every commit, on the committing thread, with the write lock held
 * (BENCHMARKS.md, "Night, 2026-12-07").
 *
 * `fdatasync`, not `fsync`: it writes the file's data and what reading it back needs (its
 * size, when a commit made it longer), and leaves out its modification time, which nothing
 * reads. The WAL is written over in place from its start once a checkpoint has emptied it,
 * so its size changes only while it grows (at first, and again after the checkpointer has
 * truncated it under a load that never pauses), and otherwise this sync needs no commit of
 * the file system's journal. A full `fsync` did, every time (each write changes the
 * modification time), and on ext4 in its default ordered mode such a commit also waits for
 * the pages a checkpoint has just added to the database file. Under load those syncs took
 * 30–180 ms, some over 500, with the process's writes waiting behind them (BENCHMARKS.md,
 * "Morning, 2026-12-08").
 *
 * `walFile` is opened when first synced (SQLite creates it at the first read in WAL mode) and
 * kept open until {@link SyncedFile.close}, which must come after the database is closed. A
 * sync of the inode covers what SQLite, and every other process, wrote through their own
 * descriptors. SQLite takes no locks on the WAL file (WAL mode locks the database and `-shm`
 * files), so holding and closing ours releases none of its locks. The WAL file is removed
 * only when the last connection closes, never while this one is open.
 *
 * A failed sync is final. Unlike FULL, where a failed sync fails the commit itself, the
 * commit here is already made, and the kernel may have dropped the pages it could not write
 * while a later sync of the same file succeeds. So once one sync has failed, every later one
 * fails too, and no write is answered until the server is restarted (and SQLite reads the
 * file again): the devices keep their records and send them again then.
 */
export function syncedWal(walFile: string, options: SyncedWalOptions = {}): SyncedFile {
  const openFile = options.open ?? openForSync;
  let handle: Promise<FileHandle> | undefined;
  let closed = false;
  let failure: Error | undefined;
  const sync = async (): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (closed) throw new Error('The database is closed');
    handle ??= openFile(walFile).catch((error: unknown) => {
      // Nothing was synced, nor failed to be: the next sync tries to open it again.
      handle = undefined;
      throw error;
    });
    const file = await handle;
    try {
      await file.datasync();
    } catch (error) {
      if (failure === undefined) {
        const reason = error instanceof Error ? error.message : String(error);
        failure = new Error(
          `Writing to the database's disk failed (${reason}); no write will be answered until the server is restarted`,
          { cause: error },
        );
        options.onFailure?.(failure.message);
      }
      throw failure;
    }
  };
  return {
    sync,
    async close() {
      closed = true;
      const opening = handle;
      handle = undefined;
      if (opening !== undefined) await (await opening.catch(() => undefined))?.close();
    },
  };
}

/** Opened for writing, which some systems (Windows) need to flush a file; never truncated. */
function openForSync(path: string): Promise<FileHandle> {
  return open(path, 'r+');
}
