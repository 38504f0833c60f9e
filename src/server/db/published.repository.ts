import type { Kysely } from 'kysely';
import type { Database } from './database';
import { inTransaction } from './transaction';

/** One change in the feed devices pull. */
export interface PublishedRow {
  seq: number;
  kind: string;
  id: string;
  /** JSON text; parse before sending. */
  data: string;
}

/**
 * Publishes (or re-publishes) something devices of the organisation should have: an event,
 * a survey definition, an outcome. Returns its sequence number.
 *
 * The number comes from a counter row bumped inside the same transaction. The row lock makes
 * concurrent publishers (several server instances on one PostgreSQL) commit in number order,
 * so a device can never see number 11 while 10 is still uncommitted and then skip 10 for ever
 * — which an identity column alone would allow. Earlier publications of the same thing are
 * removed: a device catching up needs only the latest, and the feed stays proportional to
 * what exists rather than to every edit.
 */
export async function publish(
  db: Kysely<Database>,
  change: { organisationId: string; kind: string; id: string; data: unknown; publishedAt: string },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { value: seq } = await trx
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'published')
      .returning('value')
      .executeTakeFirstOrThrow();
    await trx
      .deleteFrom('published')
      .where('organisation_id', '=', change.organisationId)
      .where('kind', '=', change.kind)
      .where('id', '=', change.id)
      .execute();
    await trx
      .insertInto('published')
      .values({
        seq,
        organisation_id: change.organisationId,
        kind: change.kind,
        id: change.id,
        data: JSON.stringify(change.data),
        published_at: change.publishedAt,
      })
      .execute();
    return seq;
  });
}

/** Changes after `cursor` in sequence order, at most `limit`, and whether more follow. */
export async function pullSince(
  db: Kysely<Database>,
  organisationId: string,
  cursor: number,
  limit: number,
): Promise<{ changes: PublishedRow[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('published')
    .select(['seq', 'kind', 'id', 'data'])
    .where('organisation_id', '=', organisationId)
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  return { changes: rows.slice(0, limit), hasMore: rows.length > limit };
}
