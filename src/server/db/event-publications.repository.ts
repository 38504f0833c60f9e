import type { Kysely } from 'kysely';
import type { Database } from './database';

/** Whether tablets are given an event, as the admin last decided. */
export interface EventPublication {
  eventId: string;
  publishedAt: string;
  /** Set when the admin unpublished it. */
  withdrawnAt: string | null;
}

/** The organisation's event publications, by event id. */
export async function eventPublications(
  db: Kysely<Database>,
  organisationId: string,
): Promise<Map<string, EventPublication>> {
  const rows = await db
    .selectFrom('event_publications')
    .select(['event_id as eventId', 'published_at as publishedAt', 'withdrawn_at as withdrawnAt'])
    .where('organisation_id', '=', organisationId)
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
