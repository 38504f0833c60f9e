import type { RecordKind } from '../../shared/domain';
import type { PushResult } from '../../shared/sync/protocol';

/** A change waiting to be sent, with the record as it is stored now. */
export interface PendingChange {
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
 * `settle` in one transaction, and clear an entry only if its record has not changed
 * since it was sent (so an edit made during a send is sent again, not lost).
 */
export interface OutboxPort {
  /** Oldest first. */
  nextBatch(limit: number): Promise<PendingChange[]>;
  settle(sent: readonly PendingChange[], results: readonly PushResult[]): Promise<SettleOutcome>;
  waitingCount(): Promise<number>;
}
