import type { RecordKind } from '../../shared/domain';
import type { PushResult } from '../../shared/sync/protocol';

/** A change waiting to be sent: the record as it was saved. */
export interface PendingChange {
  /** Queue position; later saves of the same record have larger numbers. */
  seq: number;
  recordId: string;
  kind: RecordKind;
  schemaVersion: number;
  recordUpdatedAt: string;
  eventId?: string | undefined;
  record: unknown;
}

export interface SettleOutcome {
  /** Acknowledged and removed from the outbox. */
  cleared: number;
  /** Refused by the server and moved to "needs attention". */
  rejected: number;
}

/**
 * The device side of the outbox, as the sync engine needs it. Implementations must apply
 * `settle` in one transaction and clear only the entries that were sent and answered; a
 * save made while a batch was on the way is a newer entry and stays queued.
 */
export interface OutboxPort {
  /** The oldest `limit` entries (after queue position `afterSeq`, if given), in queue order. */
  nextBatch(limit: number, afterSeq?: number): Promise<PendingChange[]>;
  settle(sent: readonly PendingChange[], results: readonly PushResult[]): Promise<SettleOutcome>;
  waitingCount(): Promise<number>;
  /** Moves into the queue what was held back and may now be sent (equality monitoring). */
  release?(): Promise<void>;
}
