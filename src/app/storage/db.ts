import { Dexie, type Table } from 'dexie';
import type { RecordKind, WorkshopEvent, WorkshopNote } from '../../shared';

/**
 * One change waiting to be sent. Keyed by record id: saving a record again replaces its
 * entry, so the outbox holds each record once and the sync sends its latest state.
 * `recordUpdatedAt` lets an acknowledgement clear the entry only if the record has not
 * changed again since it was sent.
 */
export interface OutboxEntry {
  recordId: string;
  kind: RecordKind;
  schemaVersion: number;
  recordUpdatedAt: string;
  /** For the per-event sync panel; undefined for records outside an event. */
  eventId?: string | undefined;
  queuedAt: string;
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
  outbox!: Table<OutboxEntry, string>;
  attention!: Table<AttentionEntry, string>;

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
  }
}
