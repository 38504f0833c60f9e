import type { Kysely } from 'kysely';
import type { WorkshopEvent } from '../../shared/schemas/event.schema';
import type { Database } from './database';

/** Whether tablets are given an event, as the admin last decided. */
export interface EventPublication {
  eventId: string;
  publishedAt: string;
  /** Set when the admin unpublished it. */
  withdrawnAt: string | null;
}

/** The publications of these events of the organisation (those that have one), by event id. */
export async function eventPublications(
  db: Kysely<Database>,
  organisationId: string,
  eventIds: readonly string[],
): Promise<Map<string, EventPublication>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('event_publications')
    .select(['event_id as eventId', 'published_at as publishedAt', 'withdrawn_at as withdrawnAt'])
    .where('organisation_id', '=', organisationId)
    .where('event_id', 'in', eventIds)
    .execute();
  return new Map(rows.map((row) => [row.eventId, row]));
}

export async function findEventPublication(
  db: Kysely<Database>,
  organisationId: string,
  eventId: string,
): Promise<EventPublication | undefined> {
  return db
    .selectFrom('event_publications')
    .select(['event_id as eventId', 'published_at as publishedAt', 'withdrawn_at as withdrawnAt'])
    .where('organisation_id', '=', organisationId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** Records that the event is published from `at` (again, if it was unpublished). */
export async function markEventPublished(
  db: Kysely<Database>,
  organisationId: string,
  eventId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('event_publications')
    .values({
      organisation_id: organisationId,
      event_id: eventId,
      published_at: at,
      withdrawn_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'event_id'])
        .doUpdateSet({ published_at: at, withdrawn_at: null }),
    )
    .execute();
}

/** Records that the event was unpublished at `at`. */
export async function markEventWithdrawn(
  db: Kysely<Database>,
  organisationId: string,
  eventId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('event_publications')
    .set({ withdrawn_at: at })
    .where('organisation_id', '=', organisationId)
    .where('event_id', '=', eventId)
    .execute();
}

/** An event as the pull feed carries it: `withdrawnAt` is the feed's, not the event's. */
export type FeedEvent = WorkshopEvent & { withdrawnAt?: string };

/**
 * An event as tablets receive it by pull: the stored record without `archivedAt`. Archiving
 * is a tablet's own tidying (out of its list, its notes kept), not a decision for every
 * tablet, and a tablet applies a pulled event whole; so the feed never carries it. With
 * `withdrawnAt` when the admin unpublished it, so tablets drop it.
 */
export function feedEvent(event: WorkshopEvent, withdrawnAt?: string): FeedEvent {
  const { archivedAt: _local, ...shared } = event;
  return withdrawnAt === undefined ? shared : { ...shared, withdrawnAt };
}

/** A stored event that tablets are given, with what the feed last sent of it. */
export interface LiveEventRecord {
  id: string;
  /** The stored record's JSON. */
  data: string;
  /** The event's entry in the feed, as JSON; null if it has none. */
  feedData: string | null;
}

/**
 * Those of `eventIds` that are stored as events of the organisation and published (not
 * withdrawn), with their feed entry, in id order. One query, however many ids.
 */
export async function liveEventRecords(
  db: Kysely<Database>,
  organisationId: string,
  eventIds: readonly string[],
): Promise<LiveEventRecord[]> {
  if (eventIds.length === 0) return [];
  return db
    .selectFrom('records')
    .innerJoin('event_publications', (join) =>
      join
        .onRef('event_publications.organisation_id', '=', 'records.organisation_id')
        .onRef('event_publications.event_id', '=', 'records.id'),
    )
    .leftJoin('published', (join) =>
      join
        .onRef('published.organisation_id', '=', 'records.organisation_id')
        .on('published.kind', '=', 'event')
        .onRef('published.id', '=', 'records.id'),
    )
    .select(['records.id as id', 'records.data as data', 'published.data as feedData'])
    .where('records.organisation_id', '=', organisationId)
    .where('records.kind', '=', 'event')
    .where('records.id', 'in', eventIds)
    .where('event_publications.withdrawn_at', 'is', null)
    .orderBy('records.id')
    .execute();
}
