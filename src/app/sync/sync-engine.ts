import { PUSH_LIMITS, type PushRecord } from '../../shared/sync/protocol';
import type { Live } from '../storage/live';
import type { EnrolmentPort } from './enrolment';
import type { OutboxPort, PendingChange } from './outbox-port';
import { retryDelay } from './retry-policy';
import { SyncFailure, type SyncClient, type SyncFailureKind } from './sync-client';
import type { SyncLock } from './sync-lock';

/** Where sending stands, in the terms the sync panel speaks. */
export type SyncState =
  | { kind: 'not-enrolled' }
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'offline' }
  | { kind: 'retrying'; failure: SyncFailureKind; message: string; retryAt: string }
  | { kind: 'refused'; code: string | undefined; message: string };

export interface SyncSnapshot {
  state: SyncState;
  /** When a push last got the server's answer. */
  lastSuccessAt: string | undefined;
}

export interface SyncEngineDeps {
  outbox: OutboxPort;
  client: SyncClient;
  enrolment: EnrolmentPort;
  lock: SyncLock;
  appVersion: string;
  /** Outbox size as it changes; a rise means something was saved, so send soon. */
  watchWaiting?: () => Live<number>;
  batchSize?: number;
  maxBatchBytes?: number;
  isOnline?: () => boolean;
  now?: () => Date;
  random?: () => number;
  /** Delay before a save triggers a send, so a burst of notes goes in one batch. */
  afterSaveDelayMs?: number;
}

/**
 * Sends the outbox to the server: in batches bounded by count and bytes, one sender at a
 * time (the lock), removing only what the server acknowledged, moving refusals aside, and
 * retrying network and server failures with backoff and full jitter. Triggers: start,
 * `online`, the tab becoming visible, saves, and the retry timer.
 */
export class SyncEngine {
  readonly #deps: Required<Omit<SyncEngineDeps, 'watchWaiting'>> &
    Pick<SyncEngineDeps, 'watchWaiting'>;
  #snapshot: SyncSnapshot = { state: { kind: 'idle' }, lastSuccessAt: undefined };
  readonly #listeners = new Set<(snapshot: SyncSnapshot) => void>();
  #running: Promise<void> | undefined;
  #again = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: SyncEngineDeps) {
    this.#deps = {
      batchSize: PUSH_LIMITS.maxRecords,
      // Leave room for the envelope; the estimate below counts 3 bytes a UTF-16 unit.
      maxBatchBytes: PUSH_LIMITS.maxBytes - 64 * 1024,
      isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
      now: () => new Date(),
      random: Math.random,
      afterSaveDelayMs: 300,
      ...deps,
    };
  }

  get snapshot(): SyncSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  #set(state: SyncState, lastSuccessAt = this.#snapshot.lastSuccessAt): void {
    this.#snapshot = { state, lastSuccessAt };
    for (const listener of this.#listeners) listener(this.#snapshot);
  }

  /**
   * One pass: send until the outbox is empty or a failure stops it. Calls made while a
   * pass runs are folded into one more pass after it, so nothing saved meanwhile waits.
   */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#deps.lock(() => this.#pass());
        } while (this.#again);
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** After a save: send shortly, so a burst of notes travels together. */
  requestFlush(): void {
    if (this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      void this.flush();
    }, this.#deps.afterSaveDelayMs);
  }

  /** Wires the browser's triggers; returns a function that removes them. */
  start(): () => void {
    const onOnline = () => void this.flush();
    const onOffline = () => {
      if (this.#snapshot.state.kind !== 'refused') this.#set({ kind: 'offline' });
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.flush();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
    // Any change in what waits (not only a rise: a save and a settle can land in one
    // update) while something waits means a send may be due.
    let last = -1;
    const sub = this.#deps.watchWaiting?.().subscribe({
      next: (waiting) => {
        if (waiting > 0 && waiting !== last) this.requestFlush();
        last = waiting;
      },
    });
    void this.flush();
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
      sub?.unsubscribe();
      this.stop();
    };
  }

  stop(): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#saveTimer);
    this.#retryTimer = this.#saveTimer = undefined;
  }

  async #pass(): Promise<void> {
    try {
      await this.#send();
    } catch (error) {
      // Storage failing mid-pass (quota, a lost IndexedDB connection) must not leave the
      // panel saying "sending" with nothing scheduled.
      this.#failed(error);
    }
  }

  async #send(): Promise<void> {
    const deps = this.#deps;
    const enrolment = await deps.enrolment.get();
    if (!enrolment) return this.#set({ kind: 'not-enrolled' });
    if (!deps.isOnline()) return this.#set({ kind: 'offline' });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#set({ kind: 'sending' });
    let limit = deps.batchSize;
    let next = deps.outbox.nextBatch(limit);
    for (;;) {
      const batch = fitBytes(await next, deps.maxBatchBytes);
      if (batch.length === 0) {
        this.#failures = 0;
        return this.#set({ kind: 'idle' });
      }
      const pushed = deps.client.push(toPushRecords(batch), enrolment.token, {
        appVersion: deps.appVersion,
        outboxCount: await deps.outbox.waitingCount(),
      });
      // Read the following batch while this one is on the wire. If this push fails the read
      // is dropped, so mark it handled.
      next = deps.outbox.nextBatch(limit, batch.at(-1)!.seq);
      next.catch(() => undefined);
      let response;
      try {
        response = await pushed;
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'too-large' && limit > 1) {
          limit = Math.max(1, Math.floor(batch.length / 2));
          next = deps.outbox.nextBatch(limit);
          continue;
        }
        return this.#failed(error);
      }
      const outcome = await deps.outbox.settle(batch, response.results);
      if (outcome.cleared + outcome.rejected < batch.length) {
        // The answer left some out: they stay queued; try again later rather than skip on.
        return this.#failed(
          new SyncFailure('server', undefined, 'The server did not answer for every change.'),
        );
      }
      if (outcome.cleared + outcome.rejected === 0) {
        return this.#failed(
          new SyncFailure(
            'server',
            undefined,
            'The server answered without acknowledging anything.',
          ),
        );
      }
      this.#set({ kind: 'sending' }, deps.now().toISOString());
      // A short read-ahead reached the end of the queue as it was then; saves made since
      // would be missed, so read the tail again.
      const readAhead = await next;
      if (readAhead.length < limit) next = deps.outbox.nextBatch(limit, batch.at(-1)!.seq);
    }
  }

  #failed(error: unknown): void {
    const failure =
      error instanceof SyncFailure ? error : new SyncFailure('network', undefined, String(error));
    if (failure.kind === 'refused') {
      // Retrying cannot help until someone enrols the tablet again.
      return this.#set({ kind: 'refused', code: failure.code, message: failure.message });
    }
    this.#failures += 1;
    // Never sooner than backoff says, even if the server asks for less.
    const delay = Math.max(
      failure.retryAfterMs ?? 0,
      retryDelay(this.#failures, this.#deps.random),
    );
    const retryAt = new Date(this.#deps.now().getTime() + delay).toISOString();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.flush();
    }, delay);
    this.#set({ kind: 'retrying', failure: failure.kind, message: failure.message, retryAt });
  }
}

/** One push record per record: when a batch holds several saves of one, the latest. */
function toPushRecords(batch: readonly PendingChange[]): PushRecord[] {
  const latest = new Map<string, PendingChange>();
  for (const change of batch) latest.set(change.recordId, change);
  return [...latest.values()].map((change) => ({
    id: change.recordId,
    kind: change.kind,
    schemaVersion: change.schemaVersion,
    data: change.record,
  }));
}

/** The longest prefix of `batch` whose JSON fits in `maxBytes` (at least one record). */
function fitBytes(batch: PendingChange[], maxBytes: number): PendingChange[] {
  let bytes = 0;
  for (let i = 0; i < batch.length; i++) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: an upper bound without encoding.
    bytes += JSON.stringify(batch[i]!.record).length * 3 + 100;
    if (bytes > maxBytes && i > 0) return batch.slice(0, i);
  }
  return batch;
}
