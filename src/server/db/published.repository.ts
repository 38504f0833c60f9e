import type { Kysely } from 'kysely';
import type { Database } from './database';

/** One change in the feed devices pull. */
export interface PublishedRow {
  seq: number;
  kind: string;
  id: string;
  /** JSON text; parse before sending. */
  data: string;
}

declare const FEED_LOCKED: unique symbol;

/**
 * A transaction whose first statement took the feed lock ({@link withFeedLock}): the only
 * kind {@link publish} accepts, so a publisher cannot forget the lock. It is a plain
 * transaction otherwise; pass it to any repository function.
 */
export type FeedTransaction = Kysely<Database> & { readonly [FEED_LOCKED]: true };

/**
 * Runs `work` in a new transaction whose first statement locks the feed: the `published`
 * counter row, rewritten unchanged (`value = value`; the same SQL on both engines, and on
 * PostgreSQL a row lock held until commit). Use it for every transaction that may publish,
 * even if it turns out not to.
 *
 * Why first: the feed must carry what the published rows hold when the transaction commits.
 * On PostgreSQL each statement sees what was committed when it started, so a transaction that
 * read an event, an outcome or an event publication and only then waited for the counter
 * would publish what it read before the wait; a rival that committed meanwhile (an unpublish,
 * a withdrawal, a tablet's edit) would be overwritten in the feed by the stale copy. Taking the
 * lock before reading anything makes rival publishers run one after the other, each reading
 * what the one before committed. Everything that writes rows the feed copies (console edits,
 * publish and withdraw, a push carrying events) goes through here, so holding the lock also
 * means no one changes those rows until commit. (Survey drafts are saved without the lock;
 * publishing one takes the definition from the statement that marks it published, see
 * `markPublished`.) On SQLite every transaction begins IMMEDIATE, holding the file's write lock
 * (`open-database.ts`), so transactions, from every process on the file, never overlap anyway.
 *
 * Refuses to run inside a transaction already started, where the lock would not come first.
 */
export function withFeedLock<T>(
  db: Kysely<Database>,
  work: (trx: FeedTransaction) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) {
    throw new Error('withFeedLock starts its own transaction, so that the lock comes first');
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('counters')
      .set((eb) => ({ value: eb.ref('value') }))
      .where('name', '=', 'published')
      .execute();
    return work(trx as Kysely<Database> as FeedTransaction);
  });
}

/**
 * Publishes (or re-publishes) something devices of the organisation should have: an event,
 * a survey definition, an outcome. Returns its sequence number. `trx` holds the feed lock
 * (see {@link withFeedLock}); `change.data` must be read inside it, after the lock.
 *
 * The number comes from the counter row, bumped inside the same transaction. The row lock
 * makes concurrent publishers (several server instances on one PostgreSQL) commit in number
 * order, so a device can never see number 11 while 10 is still uncommitted and then skip 10
 * for ever — which an identity column alone would allow. Earlier publications of the same
 * thing are removed: a device catching up needs only the latest, and the feed stays
 * proportional to what exists rather than to every edit.
 */
export async function publish(
  trx: FeedTransaction,
  change: { organisationId: string; kind: string; id: string; data: unknown; publishedAt: string },
): Promise<number> {
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
}

/**
 * The feed read behind {@link pullSince}: one range of `published_org_seq_idx`, so its cost
 * follows the changes after the cursor, not the size of the feed. Exported so a test can ask
 * the database for its plan.
 */
export function pullQuery(
  db: Kysely<Database>,
  organisationId: string,
  cursor: number,
  limit: number,
) {
  return db
    .selectFrom('published')
    .select(['seq', 'kind', 'id', 'data'])
    .where('organisation_id', '=', organisationId)
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1);
}

/** Changes after `cursor` in sequence order, at most `limit`, and whether more follow. */
export async function pullSince(
  db: Kysely<Database>,
  organisationId: string,
  cursor: number,
  limit: number,
): Promise<{ changes: PublishedRow[]; hasMore: boolean }> {
  const rows = await pullQuery(db, organisationId, cursor, limit).execute();
  return { changes: rows.slice(0, limit), hasMore: rows.length > limit };
}
