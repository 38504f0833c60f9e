import { liveQuery } from 'dexie';
import type { PushResult } from '../../shared/sync/protocol';
import type { OutboxPort, PendingChange, SettleOutcome } from '../sync/outbox-port';
import type { AttentionEntry, InvolveDb, OutboxEntry } from './db';
import type { Live } from './live';

/** The outbox over Dexie: entries in `outbox`, refused changes in `attention`. */
export class DexieOutboxRepository implements OutboxPort {
  constructor(
    private readonly db: InvolveDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async nextBatch(limit: number, afterSeq?: number): Promise<PendingChange[]> {
    // One getAll: the entries carry their record, so no per-record reads.
    const range =
      afterSeq === undefined
        ? this.db.queue.orderBy(':id')
        : this.db.queue.where(':id').above(afterSeq);
    const entries = await range.limit(limit).toArray();
    return entries.map(pending);
  }

  async settle(
    sent: readonly PendingChange[],
    results: readonly PushResult[],
  ): Promise<SettleOutcome> {
    const byId = new Map(results.map((r) => [r.id, r]));
    return this.db.transaction('rw', this.db.queue, this.db.attention, async () => {
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
      // Once a change is accepted, an older refusal of the same record is moot.
      if (acknowledged.size > 0 && (await this.db.attention.count()) > 0)
        await this.db.attention.bulkDelete([...acknowledged]);
      return { cleared: answered.length - refused.size, rejected: refused.size };
    });
  }

  waitingCount(): Promise<number> {
    return this.db.queue.count();
  }
}

function pending(entry: OutboxEntry): PendingChange {
  return {
    seq: entry.seq!,
    recordId: entry.recordId,
    kind: entry.kind,
    schemaVersion: entry.schemaVersion,
    recordUpdatedAt: entry.recordUpdatedAt,
    eventId: entry.eventId,
    record: entry.data,
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
  /** The start of the note, so a person can find it. */
  excerpt: string | undefined;
  reason: string;
  field: string | undefined;
  at: string;
}

/** Live views of the outbox for the sync panel. Not on any hot path. */
export class DexieSyncStatus {
  constructor(private readonly db: InvolveDb) {}

  /**
   * Reads keys and index counts only, and is asked for (throttled) rather than live: the
   * queue changes after every batch, and re-reading on each would slow the send itself.
   */
  async summary(): Promise<EventSyncSummary[]> {
    return this.db.transaction(
      'r',
      [this.db.events, this.db.notes, this.db.queue, this.db.attention],
      async () => {
        const [events, tombstones, outboxKeys, attentionKeys] = await Promise.all([
          this.db.events.toArray(),
          this.db.notes.where('deletedAt').above('').primaryKeys(),
          this.db.queue.orderBy('recordId').uniqueKeys(),
          this.db.attention.toCollection().primaryKeys(),
        ]);
        const deleted = new Set(tombstones);
        const waitingIds = new Set<unknown>([...outboxKeys, ...attentionKeys]);
        return Promise.all(
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
      },
    );
  }

  liveAttention(): Live<AttentionItem[]> {
    return liveQuery(async () => {
      const entries = await this.db.attention.toArray();
      const [notes, events] = await Promise.all([
        this.db.notes.bulkGet(entries.map((e) => e.recordId)),
        this.db.events.bulkGet(entries.map((e) => e.eventId ?? '')),
      ]);
      return entries.map((entry, i) => ({
        recordId: entry.recordId,
        kind: entry.kind,
        eventTitle: events[i]?.title,
        excerpt: notes[i]?.text.slice(0, 80),
        reason: entry.reason,
        field: entry.field,
        at: entry.at,
      }));
    });
  }
}
