import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies what the WAL holds into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;

/**
 * WAL frames (pages; 4 KiB each by default) beyond which the checkpointer stops letting writers
 * run past it: it waits for a moment with no writer, copies everything and empties the WAL.
 * Under a load that never pauses a passive checkpoint never finishes, and without this the WAL
 * file would only grow.
 */
export const WAL_FRAMES_LIMIT = 16_384;

/** Messages from the checkpoint thread. */
type CheckpointerMessage = { failed: string };

/** The checkpoint thread's code (CommonJS, run with `eval`). See {@link startCheckpointer}. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
// A checkpoint that must wait for writers gives up after this long and tries again later.
db.pragma('busy_timeout = ' + workerData.waitMs);
let timer;
let stopping = false;
let lastFailure;
function checkpoint() {
  try {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log > workerData.framesLimit && checkpointed < log) db.pragma('wal_checkpoint(TRUNCATE)');
    lastFailure = undefined;
  } catch (error) {
    const message = String(error.message);
    // Busy: a reader or writer was in the way; the next round tries again. A failure that
    // lasts (a full disk) is reported once, not every round.
    if (!String(error.code).startsWith('SQLITE_BUSY') && message !== lastFailure) {
      parentPort.postMessage({ failed: message });
    }
    lastFailure = message;
  }
  if (!stopping) timer = setTimeout(checkpoint, workerData.intervalMs);
}
parentPort.on('message', () => {
  stopping = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
checkpoint();
`;

/** A running checkpoint thread. */
export interface Checkpointer {
  /** Stops checkpointing and closes the thread's connection. */
  stop(): Promise<void>;
}

/** What {@link startCheckpointer} reports to its caller. */
export interface CheckpointerEvents {
  /** A checkpoint failed for a reason other than a busy database (each reason once in a row). */
  onError: (message: string) => void;
  /**
   * The thread ended without being stopped: nothing checkpoints any more, so the caller should
   * let SQLite do it again (`wal_autocheckpoint`) rather than let the WAL grow.
   */
  onGone: () => void;
}

/**
 * Checkpoints a SQLite file in WAL mode from a thread of its own, for a connection that has
 * `wal_autocheckpoint = 0`.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
 * thread that commits: every few pushes, one of them copied the WAL into the database file and
 * synced it before it could answer, 10 ms usually and over 100 ms at times, with every push
 * behind it in the same process waiting too. Here a second connection does that copying on
 * another thread, every {@link CHECKPOINT_INTERVAL_MS}, while writers go on appending to the
 * WAL (a passive checkpoint never stops them).
 */
export function startCheckpointer(file: string, events: CheckpointerEvents): Checkpointer {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      intervalMs: CHECKPOINT_INTERVAL_MS,
      framesLimit: WAL_FRAMES_LIMIT,
      // Emptying the WAL waits this long at most for readers and writers, then tries again
      // next round: writers wait for it meanwhile, so it must stay short.
      waitMs: 100,
    },
  });
  // The thread must not keep a process alive that has nothing else to do.
  worker.unref();
  let stopping = false;
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      gone = true;
      if (!stopping) events.onGone();
      resolve();
    });
  });
  worker.on('error', (error) => {
    events.onError(`The SQLite checkpoint thread stopped: ${error.message}`);
  });
  worker.on('message', (message: CheckpointerMessage) => {
    events.onError(`A SQLite checkpoint failed: ${message.failed}`);
  });
  return {
    async stop() {
      stopping = true;
      if (!gone) {
        // Kept alive until the thread has closed its connection and gone.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
