import { Dexie, type Table } from 'dexie';
import type { RecordKind, WorkshopEvent, WorkshopNote } from '../../shared';
import type {
  EqualityMonitoring,
  SurveyResponse,
} from '../../shared/schemas/survey-response.schema';

/** Version 1–2 outbox entries: one per record, pointing at the record's row. */
interface LegacyOutboxEntry {
  recordId: string;
  kind: RecordKind;
  schemaVersion: number;
  recordUpdatedAt: string;
  /** For the per-event sync panel. */
  eventId?: string | undefined;
  queuedAt: string;
}

/**
 * One saved change waiting to be sent: an immutable snapshot of the record as it was
 * saved, in the order saved (`seq`). Saving a record again adds a newer entry rather than
 * touching the one a send may have in flight, so acknowledging a batch can delete its whole
 * `seq` range in one request and an edit made meanwhile is still queued.
 */
export interface OutboxEntry extends LegacyOutboxEntry {
  seq?: number;
  /** The record as saved: what the sync sends. */
  data: WorkshopEvent | WorkshopNote | SurveyResponse | EqualityMonitoring;
}

/**
 * A change the server refused, with its reason. It leaves the outbox so it never blocks the
 * queue; editing the record queues it again, and an acceptance clears this entry.
 */
export interface AttentionEntry {
  recordId: string;
  kind: RecordKind;
  eventId?: string | undefined;
  recordUpdatedAt: string;
  reason: string;
  field?: string | undefined;
  at: string;
}

export class InvolveDb extends Dexie {
  events!: Table<WorkshopEvent, string>;
  notes!: Table<WorkshopNote, string>;
  /** The outbox. */
  queue!: Table<OutboxEntry, number>;
  attention!: Table<AttentionEntry, string>;
  /** Emptied into `queue` by the version 3 upgrade; kept so that upgrade can read it. */
  outbox!: Table<LegacyOutboxEntry, string>;

  constructor(name = 'involve') {
    // Strict: a saved note is on disk before the screen says so, even if the battery dies
    // a second later. Measured cost in bench:capture: under a millisecond a note.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'id, updatedAt',
      // The compound index serves the capture list; deletedAt is sparse (only tombstones
      // carry it), so counting it is cheap.
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    this.version(2).stores({ attention: 'recordId, eventId' });
    this.version(3)
      .stores({ queue: '++seq, recordId, eventId' })
      .upgrade(async (tx) => {
        // Carry unsent changes over with a snapshot of their record; nothing queued is lost.
        const legacy = await tx
          .table<LegacyOutboxEntry, string>('outbox')
          .orderBy('queuedAt')
          .toArray();
        for (const entry of legacy) {
          const table = entry.kind === 'event' ? 'events' : 'notes';
          const data = (await tx.table(table).get(entry.recordId)) as
            OutboxEntry['data'] | undefined;
          if (data) await tx.table<OutboxEntry, number>('queue').add({ ...entry, data });
        }
        await tx.table('outbox').clear();
      });
    // Survey answers live only in the queue (never in a table of their own), so once the
    // server has them nothing of them stays on the tablet. The kind index counts them.
    this.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
  }
}
