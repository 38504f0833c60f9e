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

  async nextBatch(limit: number): Promise<PendingChange[]> {
    return this.db.transaction('r', this.db.outbox, this.db.events, this.db.notes, async () => {
      const entries = await this.db.outbox.orderBy('queuedAt').limit(limit).toArray();
      const noteIds = entries.filter((e) => e.kind === 'workshop-note').map((e) => e.recordId);
      const eventIds = entries.filter((e) => e.kind === 'event').map((e) => e.recordId);
      const [notes, events] = await Promise.all([
        this.db.notes.bulkGet(noteIds),
        this.db.events.bulkGet(eventIds),
      ]);
      const records = new Map<string, unknown>();
      for (const n of notes) if (n) records.set(n.id, n);
      for (const e of events) if (e) records.set(e.id, e);
      return entries.flatMap((entry) => {
        const record = records.get(entry.recordId);
        // A record without its row cannot be sent; `settle` never sees it, so it stays queued
        // and visible in the count rather than vanishing.
        return record === undefined ? [] : [{ ...pendingFields(entry), record }];
      });
    });
  }

  async settle(
    sent: readonly PendingChange[],
    results: readonly PushResult[],
  ): Promise<SettleOutcome> {
    const byId = new Map(results.map((r) => [r.id, r]));
    return this.db.transaction('rw', this.db.outbox, this.db.attention, async () => {
      const current = await this.db.outbox.bulkGet(sent.map((s) => s.recordId));
      const clear: string[] = [];
      const acknowledged: string[] = [];
      const refused: AttentionEntry[] = [];
      sent.forEach((change, i) => {
        const result = byId.get(change.recordId);
        if (!result) return;
        const entry = current[i];
        const unchanged = entry?.recordUpdatedAt === change.recordUpdatedAt;
        if (result.status === 'rejected') {
          if (unchanged) clear.push(change.recordId);
          refused.push({
            recordId: change.recordId,
            kind: change.kind,
            eventId: change.eventId,
            recordUpdatedAt: change.recordUpdatedAt,
            reason: result.reason ?? '',
            field: result.field,
            at: this.now().toISOString(),
          });
        } else {
          acknowledged.push(change.recordId);
          if (unchanged) clear.push(change.recordId);
        }
      });
      await this.db.outbox.bulkDelete(clear);
      if (refused.length > 0) await this.db.attention.bulkPut(refused);
      // Once a change is accepted, an older refusal of the same record is moot.
      if (acknowledged.length > 0 && (await this.db.attention.count()) > 0)
        await this.db.attention.bulkDelete(acknowledged);
      return { cleared: acknowledged.length, rejected: refused.length };
    });
  }

  waitingCount(): Promise<number> {
    return this.db.outbox.count();
  }
}

function pendingFields(entry: OutboxEntry): Omit<PendingChange, 'record'> {
  return {
    recordId: entry.recordId,
    kind: entry.kind,
    schemaVersion: entry.schemaVersion,
    recordUpdatedAt: entry.recordUpdatedAt,
    eventId: entry.eventId,
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

  liveSummary(): Live<EventSyncSummary[]> {
    return liveQuery(async () => {
      const [events, notes, outbox, attention] = await Promise.all([
        this.db.events.toArray(),
        this.db.notes.toArray(),
        this.db.outbox.toArray(),
        this.db.attention.toArray(),
      ]);
      const pending = new Set([...outbox, ...attention].map((e) => e.recordId));
      return events
        .filter((e) => !e.archivedAt)
        .map((event) => {
          const live = notes.filter((n) => n.eventId === event.id && n.deletedAt === undefined);
          return {
            eventId: event.id,
            title: event.title,
            notes: live.length,
            sentNotes: live.filter((n) => !pending.has(n.id)).length,
            waiting: outbox.filter((e) => e.eventId === event.id).length,
            attention: attention.filter((e) => e.eventId === event.id).length,
          };
        });
    });
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
