import { PUSH_LIMITS, type PushRecord, type PushResponse } from '../../shared/sync/protocol';
import type { Live } from '../storage/live';
import type { EnrolmentPort } from './enrolment';
import type { InboxPort } from './inbox-port';
import type { OutboxPort, PendingChange } from './outbox-port';
import { readPullPage } from './pull-changes';
import { retryDelay } from './retry-policy';
import { SyncFailure, type SyncClient, type SyncFailureKind } from './sync-client';
import type { SyncLock } from './sync-lock';
import type { SyncTimes, SyncTimesPort } from './sync-times';

/**
 * A pass starts with pushes of this many records and makes them four times larger while
 * answers come back quickly, up to the server's limit, so a tablet on good wifi sends 10,000
 * notes in a handful of pushes; a push that times out halves the next pass's (down to
 * {@link MIN_BATCH}), so one on a weak signal still gets through.
 */
const FIRST_BATCH = 1000;
/** The smallest a push shrinks to after timeouts. */
const MIN_BATCH = 25;
const GROW_WITHIN_MS = 1000;

/** Where sending stands, in the terms the sync panel speaks. */
export type SyncState =
  | { kind: 'not-enrolled' }
  | { kind: 'idle' }
  | { kind: 'sending' }
  /** Taking what the server published (events, surveys, outcomes). */
  | { kind: 'receiving' }
  | { kind: 'offline' }
  | { kind: 'retrying'; failure: SyncFailureKind; message: string; retryAt: string }
  | { kind: 'refused'; code: string | undefined; message: string };

export interface SyncSnapshot extends SyncTimes {
  state: SyncState;
  /**
   * False until the times kept on the device have been read: until then, the absence of a
   * time says nothing (it is not "never sent").
   */
  timesRead: boolean;
}

export interface SyncEngineDeps {
  outbox: OutboxPort;
  /** Where pulled changes go. Without it the engine only pushes. */
  inbox?: InboxPort;
  /**
   * Where the last send and pull times are kept across reloads. Without it they are known only
   * from this engine's own passes.
   */
  times?: SyncTimesPort;
  client: SyncClient;
  enrolment: EnrolmentPort;
  lock: SyncLock;
  appVersion: string;
  /** Outbox size as it changes; a rise means something was saved, so send soon. */
  watchWaiting?: () => Live<number>;
  /** Records in a pass's first push. */
  batchSize?: number;
  /**
   * The most records a push grows to: each push answered within {@link GROW_WITHIN_MS} lets
   * the next carry four times as many, up to this. Defaults to `batchSize` when that is given (a
   * fixed size), else the server's limit.
   */
  maxBatchSize?: number;
  isOnline?: () => boolean;
  now?: () => Date;
  random?: () => number;
  /** Delay before a save triggers a send, so a burst of notes goes in one batch. */
  afterSaveDelayMs?: number;
  /** Pushes on the wire at once. */
  inFlight?: number;
  /**
   * While the tab is visible and online, how often to send and pull with no other trigger:
   * a kiosk left on its welcome screen still gets new surveys and outcomes.
   */
  refreshIntervalMs?: number;
}

/**
 * Sends the outbox to the server: in batches bounded by count and bytes, one sender at a
 * time (the lock), removing only what the server acknowledged, moving refusals aside, and
 * retrying network and server failures with backoff and full jitter. After each push round,
 * under the same lock, it pulls what the server published until nothing more is waiting.
 * Triggers: start, `online`, the tab becoming visible, saves, the retry timer, and a refresh
 * every few minutes while visible and online.
 */
export class SyncEngine {
  readonly #deps: Required<Omit<SyncEngineDeps, 'watchWaiting' | 'inbox' | 'times'>> &
    Pick<SyncEngineDeps, 'watchWaiting' | 'inbox' | 'times'>;
  #snapshot: SyncSnapshot;
  /** Settles once the kept times are in the snapshot; every pass waits for it. */
  readonly #restored: Promise<void>;
  readonly #listeners = new Set<(snapshot: SyncSnapshot) => void>();
  #running: Promise<void> | undefined;
  #again = false;
  #failures = 0;
  /**
   * Records in the next pass's first push: halved after a push timed out (a link too slow to
   * carry that much in time would otherwise time out for ever), back to the start size once a
   * pass goes through.
   */
  #firstBatch: number | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: SyncEngineDeps) {
    this.#deps = {
      batchSize: FIRST_BATCH,
      maxBatchSize:
        deps.batchSize !== undefined
          ? Math.max(deps.batchSize, deps.maxBatchSize ?? 0)
          : PUSH_LIMITS.maxRecords,
      isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
      now: () => new Date(),
      random: Math.random,
      afterSaveDelayMs: 300,
      inFlight: 2,
      refreshIntervalMs: 5 * 60 * 1000,
      ...deps,
    };
    this.#snapshot = { state: { kind: 'idle' }, timesRead: deps.times === undefined };
    this.#restored = this.#restore();
  }

  async #restore(): Promise<void> {
    const times = this.#deps.times;
    if (!times) return;
    // Times that cannot be read count as none; the next send or pull writes them again.
    const kept = await times.read().catch((): SyncTimes => ({}));
    // Passes wait for this, so no time of this engine's own is overwritten.
    this.#set(this.#snapshot.state, {
      lastSuccessAt: kept.lastSuccessAt,
      lastPullAt: kept.lastPullAt,
      timesRead: true,
    });
  }

  /** Keeps the snapshot's times on the device. */
  async #keepTimes(): Promise<void> {
    const { lastSuccessAt, lastPullAt } = this.#snapshot;
    // A time that could not be stored must not stop the sending: the next one stores both.
    await this.#deps.times?.write({ lastSuccessAt, lastPullAt }).catch(() => undefined);
  }

  get snapshot(): SyncSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  #set(state: SyncState, times: Partial<Omit<SyncSnapshot, 'state'>> = {}): void {
    this.#snapshot = { ...this.#snapshot, ...times, state };
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
    const refresh = setInterval(() => {
      if (document.visibilityState === 'visible' && this.#deps.isOnline()) void this.flush();
    }, this.#deps.refreshIntervalMs);
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
      clearInterval(refresh);
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
    await this.#restored;
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
    await deps.outbox.release?.();
    this.#set({ kind: 'sending' });
    let limit = this.#firstBatch ?? deps.batchSize;
    /**
     * How large pushes may grow this pass: less than any the server found too large, and not
     * at all after a timeout shrank them, until a pass goes through.
     */
    let ceiling = this.#firstBatch !== undefined ? limit : deps.maxBatchSize;
    /** Queue position up to which batches have been taken (sent or on the way). */
    let taken: number | undefined;
    // What waits, for the admins' device list: counted once a pass (a count reads the whole
    // queue), then less each batch sent. Saves made meanwhile show in the next pass's count.
    let waiting = await deps.outbox.waitingCount();
    const inFlight: { batch: PendingChange[]; answer: Promise<PushResponse>; sentAt: number }[] =
      [];
    let failure: unknown;
    /** Whether any push of this pass got the server's answer. */
    let answered = false;

    for (;;) {
      // Once a too-large batch's companions have all come back, start again, smaller.
      if (failure === 'drain' && inFlight.length === 0) failure = undefined;
      // Keep up to `inFlight` pushes on the wire, so the server works on one batch while
      // this device stores the answer to the previous one and reads the next.
      while (failure === undefined && inFlight.length < deps.inFlight) {
        const batch = await deps.outbox.nextBatch(limit, taken);
        if (batch.length === 0) break;
        taken = batch.at(-1)!.seq;
        const answer = deps.client.push(toPushRecords(batch), enrolment.token, {
          appVersion: deps.appVersion,
          outboxCount: waiting,
        });
        waiting = Math.max(0, waiting - batch.length);
        answer.catch(() => undefined); // handled when its turn comes
        inFlight.push({ batch, answer, sentAt: deps.now().getTime() });
      }
      const head = inFlight.shift();
      if (!head) break;
      let response: PushResponse;
      try {
        response = await head.answer;
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'too-large' && limit > 1) {
          // Smaller batches, starting again from the oldest entry still queued.
          limit = Math.max(1, Math.floor(head.batch.length / 2));
          ceiling = Math.min(ceiling, limit);
          taken = undefined;
          failure ??= 'drain';
        } else {
          failure = error;
        }
        continue;
      }
      const full = head.batch.length >= limit;
      if (full && failure === undefined && deps.now().getTime() - head.sentAt < GROW_WITHIN_MS)
        limit = Math.min(ceiling, limit * 4);
      const outcome = await deps.outbox.settle(head.batch, response.results);
      if (outcome.cleared + outcome.rejected < head.batch.length && failure === undefined) {
        // The answer left some out: they stay queued; try again later rather than skip on.
        failure = new SyncFailure(
          'server',
          undefined,
          'The server did not answer for every change.',
        );
      }
      this.#set({ kind: 'sending' }, { lastSuccessAt: deps.now().toISOString() });
      answered = true;
    }
    // Kept once a pass, not once a push: a write of its own beside every batch's settle.
    if (answered) await this.#keepTimes();
    if (failure !== undefined && failure !== 'drain') return this.#failed(failure);
    if (deps.inbox) await this.#pull(deps.inbox, enrolment.token);
    this.#failures = 0;
    this.#firstBatch = undefined;
    this.#set({ kind: 'idle' });
  }

  /**
   * Takes the feed page by page until the server says nothing more is waiting. Each page is
   * applied with its cursor in one transaction, so a failure part-way (network, storage)
   * leaves the cursor at the last page stored and the next pass asks again from there.
   * Failures throw, and are handled like a push's (a 401 stops; others back off).
   */
  async #pull(inbox: InboxPort, token: string): Promise<void> {
    const deps = this.#deps;
    this.#set({ kind: 'receiving' });
    let cursor = await inbox.cursor();
    let organisationName: string | undefined;
    for (;;) {
      const response = await deps.client.pull(cursor, token, {
        appVersion: deps.appVersion,
        outboxCount: await deps.outbox.waitingCount(),
      });
      organisationName = response.organisationName ?? organisationName;
      // An empty page that moves nothing on needs no write (the usual answer mid-workshop).
      if (response.changes.length > 0 || response.cursor !== cursor)
        await inbox.apply(await readPullPage(response));
      if (!response.hasMore) break;
      if (response.cursor === cursor)
        throw new SyncFailure(
          'server',
          undefined,
          'The server said more updates were waiting but did not move on.',
        );
      cursor = response.cursor;
    }
    if (organisationName !== undefined) await this.#renamed(token, organisationName);
    this.#set({ kind: 'receiving' }, { lastPullAt: deps.now().toISOString() });
    await this.#keepTimes();
  }

  /**
   * The lead may rename the organisation after this tablet enrolled: the consent notice and
   * the sync panel name who holds people's details, so the tablet takes the new name. Only
   * for the enrolment that pulled it (the tablet may have been enrolled again meanwhile).
   */
  async #renamed(token: string, organisationName: string): Promise<void> {
    const enrolment = await this.#deps.enrolment.get();
    if (enrolment?.token !== token || enrolment.organisationName === organisationName) return;
    await this.#deps.enrolment.amend(token, (current) => ({ ...current, organisationName }));
  }

  #failed(error: unknown): void {
    const failure =
      error instanceof SyncFailure ? error : new SyncFailure('network', undefined, String(error));
    if (failure.kind === 'refused') {
      // Retrying cannot help until someone enrols the tablet again.
      return this.#set({ kind: 'refused', code: failure.code, message: failure.message });
    }
    this.#failures += 1;
    if (failure.kind === 'timeout')
      this.#firstBatch = Math.max(
        MIN_BATCH,
        Math.floor((this.#firstBatch ?? this.#deps.batchSize) / 2),
      );
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
