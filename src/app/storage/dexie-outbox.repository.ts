import { liveQuery } from 'dexie';
import type { PushResult } from '../../shared/sync/protocol';
import type { PullReport } from '../sync/inbox-port';
import type { OutboxPort, PendingChange, SettleOutcome } from '../sync/outbox-port';
import type { RecordKind } from '../../shared/domain';
import {
  releaseHeldEquality,
  SIGNUPS_SENT,
  snapshotEntry,
  type AttentionEntry,
  type InvolveDb,
  type OutboxEntry,
} from './db';
import type { Live } from './live';

/**
 * The outbox over Dexie: entries in `queue`, refused changes in `attention`. Sign-ups are
 * queued as references to `signups`; their details are read from there when sent and
 * deleted from there when the server acknowledges them.
 */
export class DexieOutboxRepository implements OutboxPort {
  constructor(
    private readonly db: InvolveDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async nextBatch(limit: number, afterSeq?: number): Promise<PendingChange[]> {
    return this.db.transaction('r', this.db.queue, this.db.signups, async () => {
      // One getAll: the entries carry their record, so no per-record reads; sign-ups,
      // queued as references, are filled with one bulkGet for the whole batch.
      const range =
        afterSeq === undefined
          ? this.db.queue.orderBy(':id')
          : this.db.queue.where(':id').above(afterSeq);
      const entries = await range.limit(limit).toArray();
      const signUpIds = [
        ...new Set(entries.flatMap((e) => (e.kind === 'sign-up' ? [e.recordId] : []))),
      ];
      if (signUpIds.length === 0) return entries.map((e) => pending(e, e.data));
      const rows = await this.db.signups.bulkGet(signUpIds);
      const signUps = new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
      // A reference always has its row (both are written, and deleted, in one transaction);
      // one without would have nothing to send, so it is left out rather than sent empty.
      return entries.flatMap((e) => {
        const record = e.kind === 'sign-up' ? signUps.get(e.recordId) : e.data;
        return record ? [pending(e, record)] : [];
      });
    });
  }

  async settle(
    sent: readonly PendingChange[],
    results: readonly PushResult[],
  ): Promise<SettleOutcome> {
    const byId = new Map(results.map((r) => [r.id, r]));
    const tables = [this.db.queue, this.db.attention, this.db.signups, this.db.counters];
    return this.db.transaction('rw', tables, async () => {
      const answered: number[] = [];
      const acknowledged = new Set<string>();
      const refused = new Map<string, AttentionEntry>();
      for (const change of sent) {
        const result = byId.get(change.recordId);
        if (!result) continue;
        answered.push(change.seq);
        if (result.status === 'rejected') {
          refused.set(change.recordId, {
            recordId: change.recordId,
            kind: change.kind,
            eventId: change.eventId,
            recordUpdatedAt: change.recordUpdatedAt,
            reason: result.reason ?? '',
            field: result.field,
            at: this.now().toISOString(),
            // Survey answers have no table of their own: the refusal keeps them.
            data: queueOnly(change.kind) ? (change.record as AttentionEntry['data']) : undefined,
          });
        } else {
          acknowledged.add(change.recordId);
        }
      }
      const first = sent[0]?.seq;
      const last = sent.at(-1)?.seq;
      if (answered.length === sent.length && first !== undefined && last !== undefined) {
        // The batch is a contiguous run of the queue: one range delete clears it.
        await this.db.queue.where(':id').between(first, last, true, true).delete();
      } else {
        await this.db.queue.bulkDelete(answered);
      }
      if (refused.size > 0) await this.db.attention.bulkPut([...refused.values()]);
      const signUps = new Set(
        sent.flatMap((c) =>
          c.kind === 'sign-up' && acknowledged.has(c.recordId) ? [c.recordId] : [],
        ),
      );
      if (signUps.size > 0) await this.forgetSignUps([...signUps]);
      // Once a change is accepted, an older refusal of the same record is moot.
      if (acknowledged.size > 0 && (await this.db.attention.count()) > 0)
        await this.db.attention.bulkDelete([...acknowledged]);
      return { cleared: answered.length - refused.size, rejected: refused.size };
    });
  }

  /**
   * The server has these sign-ups: delete them from the tablet and count them. Only in
   * `settle`'s transaction. A sign-up saved again since the batch was read is queued once
   * more, and keeps its details until that newer entry is acknowledged in turn.
   */
  private async forgetSignUps(ids: readonly string[]): Promise<void> {
    const requeued = new Set(await this.db.queue.where('recordId').anyOf(ids).keys());
    const done = ids.filter((id) => !requeued.has(id));
    if (done.length === 0) return;
    const held = await this.db.signups.where(':id').anyOf(done).primaryKeys();
    if (held.length === 0) return;
    await this.db.signups.bulkDelete(held);
    const sent = await this.db.counters.get(SIGNUPS_SENT);
    await this.db.counters.put({ name: SIGNUPS_SENT, value: (sent?.value ?? 0) + held.length });
  }

  waitingCount(): Promise<number> {
    return this.db.queue.count();
  }

  async release(): Promise<void> {
    const { db } = this;
    // Most passes have nothing held: a count, not a write transaction, decides.
    if ((await db.heldEquality.count()) === 0) return;
    await db.transaction('rw', db.heldEquality, db.queue, () =>
      releaseHeldEquality(db, this.now()),
    );
  }

  /**
   * Queues a refused change again, as it now stands on this tablet: for when the reason has
   * gone (the server was updated, the survey published again). Answers false, changing
   * nothing, when nothing of it is left to send.
   */
  async sendAgain(recordId: string): Promise<boolean> {
    const { db } = this;
    return db.transaction(
      'rw',
      [db.queue, db.attention, db.notes, db.events, db.signups],
      async () => {
        const entry = await db.attention.get(recordId);
        const queued = entry && (await this.requeued(entry));
        if (!queued) return false;
        await db.queue.add(queued);
        await db.attention.delete(recordId);
        return true;
      },
    );
  }

  private async requeued(entry: AttentionEntry): Promise<OutboxEntry | undefined> {
    const { db } = this;
    const now = this.now();
    switch (entry.kind) {
      case 'workshop-note': {
        const note = await db.notes.get(entry.recordId);
        return note && snapshotEntry(note, 'workshop-note', note.eventId, now);
      }
      case 'event': {
        const event = await db.events.get(entry.recordId);
        return event && snapshotEntry(event, 'event', event.id, now);
      }
      case 'sign-up': {
        const signUp = await db.signups.get(entry.recordId);
        return (
          signUp && {
            recordId: signUp.id,
            kind: 'sign-up',
            schemaVersion: signUp.schemaVersion,
            recordUpdatedAt: signUp.updatedAt,
            queuedAt: now.toISOString(),
          }
        );
      }
      case 'survey-response':
      case 'equality-monitoring':
        // The queue time of an equality record is its day, like everything else about it.
        return (
          entry.data &&
          snapshotEntry(
            entry.data,
            entry.kind,
            entry.data.eventId,
            entry.kind === 'equality-monitoring' ? new Date(entry.data.createdAt) : now,
          )
        );
    }
  }

  /**
   * Deletes a refused change that lives nowhere else (survey answers, equality monitoring, a
   * sign-up's details) from this tablet, on a person's word. Notes and events are not
   * discarded here: they are fixed, or deleted, on their own screens.
   */
  async discard(recordId: string): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.attention, db.signups, db.queue], async () => {
      const entry = await db.attention.get(recordId);
      if (!entry || !discardable(entry.kind)) return;
      await db.attention.delete(recordId);
      // A sign-up queued again since would still need its details; only then are they kept.
      if (
        entry.kind === 'sign-up' &&
        (await db.queue.where('recordId').equals(recordId).count()) === 0
      )
        await db.signups.delete(recordId);
    });
  }
}

/** Kinds with no table of their own: the queue (or a refusal) is the only copy. */
function queueOnly(kind: RecordKind): kind is 'survey-response' | 'equality-monitoring' {
  return kind === 'survey-response' || kind === 'equality-monitoring';
}

/** Refused kinds a person may delete from the tablet from the sync panel. */
export function discardable(kind: RecordKind): boolean {
  return queueOnly(kind) || kind === 'sign-up';
}

function pending(entry: OutboxEntry, record: unknown): PendingChange {
  return {
    seq: entry.seq!,
    recordId: entry.recordId,
    kind: entry.kind,
    schemaVersion: entry.schemaVersion,
    recordUpdatedAt: entry.recordUpdatedAt,
    eventId: entry.eventId,
    record,
  };
}

/** Per event: what is on this tablet and how much of it the server has. */
export interface EventSyncSummary {
  eventId: string;
  title: string;
  /** Live notes stored on this tablet. */
  notes: number;
  /** Notes the server has acknowledged (and not changed since). */
  sentNotes: number;
  /** Changes (notes, deletes, the event itself) waiting to be sent. */
  waiting: number;
  /** Changes the server refused. */
  attention: number;
}

export interface AttentionItem {
  recordId: string;
  kind: AttentionEntry['kind'];
  eventTitle: string | undefined;
  /** The start of the note, so a person can find it. None for other kinds (nor sign-ups). */
  excerpt: string | undefined;
  /** When survey answers were given, so staff can tell one from another. */
  answeredAt: string | undefined;
  reason: string;
  field: string | undefined;
  at: string;
  /** Something of it is still on this tablet to send again. */
  canSendAgain: boolean;
  /** It lives nowhere else on the tablet, so a person may delete it here. */
  canDiscard: boolean;
}

/** Live views of the outbox for the sync panel. Not on any hot path. */
export class DexieSyncStatus {
  constructor(private readonly db: InvolveDb) {}

  /**
   * Reads keys and index counts only, and is asked for (throttled) rather than live: the
   * queue changes after every batch, and re-reading on each would slow the send itself.
   * Archived events are left out, and so is an event the organiser withdrew unless something
   * of it is on this tablet.
   */
  async summary(): Promise<EventSyncSummary[]> {
    const { db } = this;
    return db.transaction(
      'r',
      [db.events, db.notes, db.queue, db.attention, db.withdrawnEvents],
      async () => {
        const [events, tombstones, outboxKeys, attentionKeys, withdrawnKeys] = await Promise.all([
          db.events.toArray(),
          db.notes.where('deletedAt').above('').primaryKeys(),
          db.queue.orderBy('recordId').uniqueKeys(),
          db.attention.toCollection().primaryKeys(),
          db.withdrawnEvents.toCollection().primaryKeys(),
        ]);
        const deleted = new Set(tombstones);
        const waitingIds = new Set<unknown>([...outboxKeys, ...attentionKeys]);
        const withdrawn = new Set(withdrawnKeys);
        const rows = await Promise.all(
          events
            .filter((e) => !e.archivedAt)
            .map(async (event) => {
              const [noteKeys, waiting, attention] = await Promise.all([
                this.db.notes.where('eventId').equals(event.id).primaryKeys(),
                this.db.queue.where('eventId').equals(event.id).count(),
                this.db.attention.where('eventId').equals(event.id).count(),
              ]);
              const live = noteKeys.filter((id) => !deleted.has(id));
              return {
                eventId: event.id,
                title: event.title,
                notes: live.length,
                sentNotes: live.filter((id) => !waitingIds.has(id)).length,
                waiting,
                attention,
              };
            }),
        );
        return rows.filter(
          (row) => !withdrawn.has(row.eventId) || row.notes + row.waiting + row.attention > 0,
        );
      },
    );
  }

  /** What pulling could not use: changes of unknown kinds, and changes that were not valid. */
  livePullReport(): Live<PullReport> {
    return liveQuery(async () => {
      const state = await this.db.syncState.get('pull');
      return { skippedKinds: state?.skippedKinds ?? {}, problems: state?.problems ?? [] };
    });
  }

  liveAttention(): Live<AttentionItem[]> {
    return liveQuery(async () => {
      const entries = await this.db.attention.toArray();
      const ids = (kind: AttentionEntry['kind']) =>
        entries.map((e) => (e.kind === kind ? e.recordId : ''));
      // Only notes give an excerpt: a sign-up's details (a person's name) never reach a screen,
      // and of sign-ups only their keys are read, to know they are still here.
      const [notes, events, ownEvents, signUps] = await Promise.all([
        this.db.notes.bulkGet(ids('workshop-note')),
        this.db.events.bulkGet(entries.map((e) => e.eventId ?? '')),
        this.db.events.bulkGet(ids('event')),
        this.db.signups.where(':id').anyOf(ids('sign-up')).primaryKeys(),
      ]);
      const heldSignUps = new Set<string>(signUps);
      return entries.map((entry, i) => ({
        recordId: entry.recordId,
        kind: entry.kind,
        eventTitle: events[i]?.title,
        excerpt: notes[i]?.text.slice(0, 80),
        answeredAt: entry.kind === 'survey-response' ? entry.data?.createdAt : undefined,
        reason: entry.reason,
        field: entry.field,
        at: entry.at,
        canSendAgain:
          notes[i] !== undefined ||
          ownEvents[i] !== undefined ||
          heldSignUps.has(entry.recordId) ||
          entry.data !== undefined,
        canDiscard: discardable(entry.kind),
      }));
    });
  }
}
