import { Worker } from 'node:worker_threads';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../api-error';
import type { AnsweredSurvey, PublishedSurvey } from '../surveys/survey-lookup';
import type { PreparedPush } from './prepare-push';
import type { FromPushThread, ToPushThread } from './push-thread-messages';
import { finishReading, startReading, unpackPush } from './read-push';

/** Finds the organisation's published versions among the survey versions a push answered. */
export type FindPublishedSurveys = (wanted: AnsweredSurvey[]) => Promise<PublishedSurvey[]>;

/**
 * Reads push bodies: decodes, parses and validates them (`read-push.ts`). Throws `ApiError`
 * 400 for a body that is not a push; a push with bad records is read, its bad records rejected.
 */
export interface PushReader {
  read(bytes: Uint8Array, now: Date, findPublished: FindPublishedSurveys): Promise<PreparedPush>;
  /**
   * Stops its threads. Call it once requests have finished: a push still being read on a
   * thread then fails (its device sends it again).
   */
  close(): Promise<void>;
}

/** Reads a push on the calling thread. */
async function readHere(
  bytes: Uint8Array,
  now: Date,
  findPublished: FindPublishedSurveys,
): Promise<PreparedPush> {
  const started = startReading(bytes);
  const published = started.wanted.length === 0 ? [] : await findPublished(started.wanted);
  return finishReading(started, published, now);
}

/** A reader that reads every push on the thread that serves requests. */
export function pushReaderHere(): PushReader {
  return { read: readHere, close: async () => {} };
}

/** How a thread may fail in a row (exiting without answering) before it is not started again. */
export const THREAD_FAILURES_ALLOWED = 3;

/** The script a push-reading thread runs. */
const PUSH_THREAD = new URL('./push-thread.mjs', import.meta.url);

export interface PushThreadsOptions {
  /** Threads to read on; 0 reads on the calling thread, as {@link pushReaderHere}. */
  threads: number;
  /** Where a thread's failure is reported. Receives no request data. */
  onError: (line: string) => void;
  /** The thread's script: for tests, a thread that fails. */
  script?: URL;
}

interface Job {
  bytes: Uint8Array;
  now: Date;
  findPublished: FindPublishedSurveys;
  resolve: (push: PreparedPush) => void;
  reject: (error: unknown) => void;
}

/** One reading thread and the jobs it has been given. */
interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Exits without answering since the last push it read. */
  failures: number;
}

/**
 * Reads pushes on `threads` threads of their own, so that parsing and validating a batch
 * (about a third of the CPU a 500-record push costs the server) does not hold up the thread
 * that serves requests and writes to the database: a lone server process can then use a
 * second core. Where every core has a server process already, a thread only adds the cost of
 * handing pushes over (`PUSH_THREADS` in `env.ts`).
 *
 * A push goes to the thread with the fewest pushes in hand. A thread that exits (it crashed,
 * or ran out of memory) takes nothing with it: the pushes it held are read on the serving
 * thread, and a new thread takes its place. After {@link THREAD_FAILURES_ALLOWED} exits in a
 * row without reading a push, its place stays empty; with no threads left, pushes are read on
 * the serving thread. Each of these is reported through `onError`.
 */
export function startPushThreads(options: PushThreadsOptions): PushReader {
  if (options.threads <= 0) return pushReaderHere();
  const script = options.script ?? PUSH_THREAD;
  let nextId = 1;
  let closing = false;
  const slots: (Slot | undefined)[] = [];

  function settle(slot: Slot, id: number, outcome: (job: Job) => void): void {
    const job = slot.jobs.get(id);
    if (job === undefined) return;
    slot.jobs.delete(id);
    // An idle thread must not keep the process alive.
    if (slot.jobs.size === 0) slot.worker.unref();
    outcome(job);
  }

  function onMessage(slot: Slot, message: FromPushThread): void {
    const { id } = message;
    switch (message.type) {
      case 'read':
        slot.failures = 0;
        settle(slot, id, (job) => job.resolve(unpackPush(message.push)));
        break;
      case 'refused':
        slot.failures = 0;
        // `parseJson` refuses with no headers of its own, so none are carried over.
        settle(slot, id, (job) =>
          job.reject(
            new ApiError(
              message.status as ContentfulStatusCode,
              message.code,
              message.message,
              message.details,
            ),
          ),
        );
        break;
      case 'failed': {
        const error = new Error('Reading a push failed on its thread');
        error.name = message.name;
        error.stack = `${message.name}: ${error.message}${message.frames}`;
        settle(slot, id, (job) => job.reject(error));
        break;
      }
      case 'surveys': {
        const job = slot.jobs.get(id);
        if (job === undefined) return;
        const fail = (error: unknown) => {
          post(slot, { type: 'drop', id });
          settle(slot, id, (waiting) => waiting.reject(error));
        };
        job.findPublished(message.wanted).then((published) => {
          try {
            post(slot, { type: 'surveys', id, published });
          } catch (error) {
            fail(error);
          }
        }, fail);
        break;
      }
    }
  }

  function post(slot: Slot, message: ToPushThread): void {
    // A thread that has gone has handed its jobs to the serving thread already.
    if (slots.includes(slot)) slot.worker.postMessage(message);
  }

  function start(place: number, failures: number): void {
    const worker = new Worker(script, { execArgv: [] });
    worker.unref();
    const slot: Slot = { worker, jobs: new Map(), failures };
    slots[place] = slot;
    worker.on('message', (message: FromPushThread) => onMessage(slot, message));
    // Followed by 'exit', where its jobs are taken over.
    worker.on('error', (error: unknown) => {
      const what = error instanceof Error ? error.name : 'not an Error';
      options.onError(`A push-reading thread failed: ${what}`);
    });
    // An answer that could not be copied across would leave its push waiting for ever: stop
    // the thread, and its pushes are read again on this one.
    worker.on('messageerror', () => {
      options.onError('A push-reading thread sent an answer that could not be read; stopping it');
      void worker.terminate();
    });
    worker.on('exit', (code) => {
      if (slots[place] === slot) slots[place] = undefined;
      const orphans = [...slot.jobs.values()];
      slot.jobs.clear();
      if (closing) {
        // Only after the grace period has the server stopped with pushes still being read: it
        // is cutting off requests, and the devices send those pushes again.
        for (const job of orphans) job.reject(new Error('The server stopped while reading a push'));
        return;
      }
      for (const job of orphans) {
        readHere(job.bytes, job.now, job.findPublished).then(job.resolve, job.reject);
      }
      const inARow = slot.failures + 1;
      if (inARow < THREAD_FAILURES_ALLOWED) {
        options.onError(
          `A push-reading thread exited (code ${code}); ${orphans.length} push(es) it held are read on the main thread; starting another`,
        );
        start(place, inARow);
      } else {
        options.onError(
          `A push-reading thread exited (code ${code}) ${inARow} times in a row; not starting it again${
            slots.some((other) => other !== undefined) ? '' : ': pushes are read on the main thread'
          }`,
        );
      }
    });
  }

  for (let place = 0; place < options.threads; place++) start(place, 0);

  return {
    read(bytes, now, findPublished) {
      let least: Slot | undefined;
      for (const slot of slots) {
        if (slot !== undefined && (least === undefined || slot.jobs.size < least.jobs.size)) {
          least = slot;
        }
      }
      if (least === undefined) return readHere(bytes, now, findPublished);
      const slot = least;
      const id = nextId++;
      return new Promise<PreparedPush>((resolve, reject) => {
        slot.jobs.set(id, { bytes, now, findPublished, resolve, reject });
        slot.worker.ref();
        // Copied, not transferred: the bytes stay here in case the thread goes.
        slot.worker.postMessage({
          type: 'read',
          id,
          bytes,
          now: now.getTime(),
        } satisfies ToPushThread);
      });
    },
    async close() {
      closing = true;
      await Promise.all(
        slots.map(async (slot) => {
          if (slot !== undefined) await slot.worker.terminate();
        }),
      );
    },
  };
}
