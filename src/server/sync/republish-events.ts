import type { WorkshopEvent } from '../../shared/schemas/event.schema';
import { feedEvent, liveEventRecords, type FeedEvent } from '../db/event-publications.repository';
import { publish, type FeedTransaction } from '../db/published.repository';
import type { RecordToStore, UpsertOutcome } from '../db/records.repository';

/** Whether a push carries events, and so may have to re-publish one (see below). */
export function carriesEvents(records: readonly RecordToStore[]): boolean {
  return records.some((record) => record.kind === 'event');
}

/** Keys in code-unit order at every level, so equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/** The event as tablets see it, but for when it was last changed. */
function content({ updatedAt: _when, ...rest }: FeedEvent): string {
  return canonical(rest);
}

/**
 * After a push's records are stored, in the same transaction (which took the feed lock
 * first): each accepted event that tablets are given (published, not withdrawn) goes into the
 * feed again as now stored, which is the winning version, so the other tablets get a tablet's
 * edit of it. One query for the batch, and none unless it accepted an event.
 *
 * An edit tablets would not see is left out: the feed drops `archivedAt` (`feedEvent`), so a
 * tablet archiving an event changes nothing in it, and re-sending it would only make that
 * tablet pull its own event back without `archivedAt`, and show it again.
 */
export async function republishAcceptedEvents(
  trx: FeedTransaction,
  organisationId: string,
  stored: { records: readonly RecordToStore[]; outcomes: readonly UpsertOutcome[] },
  at: string,
): Promise<void> {
  const accepted = stored.records
    .filter((record, n) => record.kind === 'event' && stored.outcomes[n] === 'accepted')
    .map((record) => record.id);
  for (const row of await liveEventRecords(trx, organisationId, accepted)) {
    // Stored records were validated by the push (or the console) before they were written.
    const event = feedEvent(JSON.parse(row.data) as WorkshopEvent);
    const inFeed = row.feedData === null ? undefined : (JSON.parse(row.feedData) as FeedEvent);
    if (inFeed !== undefined && content(inFeed) === content(event)) continue;
    await publish(trx, { organisationId, kind: 'event', id: row.id, data: event, publishedAt: at });
  }
}
