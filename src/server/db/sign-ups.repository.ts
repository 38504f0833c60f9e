import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { SignUp } from '../../shared/schemas/sign-up.schema';
import { ukPhoneDigits } from '../../shared/signup/signup-rules';
import { dayOf } from '../../shared/survey/equality';
import { columnText } from './column-text';
import type { Database, SignUpAuditAction, SignUpsTable } from './database';
import type { BatchOrigin, UpsertOutcome } from './records.repository';
import { inTransaction } from './transaction';

/** One validated sign-up, ready to store. */
export interface SignUpToStore {
  /** The parsed record (the schema's output), stored as JSON. */
  signUp: SignUp;
  schemaVersion: number;
  /** `updatedAt` in `toISOString` form: text comparison must equal time comparison. */
  updatedAt: string;
}

/** Rows per INSERT: 100 × 20 columns stays far below both engines' parameter limits. */
const ROWS_PER_STATEMENT = 100;

type SignUpRow = Omit<Insertable<SignUpsTable>, 'seq' | 'withdrawn_at'>;

/** Spaces, dashes and brackets a person may type inside a phone number or postcode. */
const SEPARATORS = /[\s()-]+/g;

/**
 * What a search matches against: name, email, phone and postcode lower-cased, plus phone
 * digits and postcode without spaces, one per line. Lower-cased here rather than in SQL:
 * SQLite's `lower()` knows only ASCII, PostgreSQL's knows Unicode, and a search must find
 * "Łucja" alike on both.
 */
export function signUpSearchText(signUp: SignUp): string {
  const { name, email, phone, postcode } = signUp;
  return [
    name,
    email,
    phone,
    phone === undefined ? undefined : ukPhoneDigits(phone),
    postcode,
    postcode?.replace(SEPARATORS, ''),
  ]
    .filter((part): part is string => part !== undefined)
    .join('\n')
    .toLowerCase();
}

/** The substrings a search for `q` looks for, any one of which matches. */
function searchPatterns(q: string): string[] {
  const lower = q.trim().toLowerCase();
  const patterns = new Set([lower, lower.replace(SEPARATORS, '')]);
  // "+44 7700 900123" finds a number stored as "07700 900123".
  if (/^[\d\s()+-]+$/.test(lower)) patterns.add(ukPhoneDigits(lower));
  return [...patterns].filter((pattern) => pattern !== '');
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function toRow(origin: BatchOrigin, entry: SignUpToStore): SignUpRow {
  const { signUp } = entry;
  return {
    id: signUp.id,
    organisation_id: origin.organisationId,
    device_id: origin.deviceId,
    schema_version: entry.schemaVersion,
    data: JSON.stringify(signUp),
    name: columnText(signUp.name),
    email: signUp.email === undefined ? null : columnText(signUp.email),
    phone: signUp.phone ?? null,
    postcode: signUp.postcode ?? null,
    search_text: columnText(signUpSearchText(signUp)),
    consent_version: columnText(signUp.consent.version),
    consent_language: signUp.consent.language,
    consent_given_at: signUp.consent.givenAt,
    consent_news: signUp.consent.news ? 1 : 0,
    answered_by: signUp.consent.answeredBy,
    deleted_at: signUp.deletedAt ?? null,
    record_updated_at: entry.updatedAt,
    // The day only: the push that brings a sign-up often brings that person's answers too,
    // and the moment it arrived would join them.
    received_at: dayOf(new Date(origin.receivedAt)).toISOString(),
  };
}

/**
 * What the erasure marker keeps of a sign-up: the SHA-256 of its id, hex. The id is a random
 * UUID (no part of it comes from the person), so the hash names no one; it only lets a re-sent
 * copy be recognised.
 */
export function erasedIdHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Which of these ids were erased, by their hashes. */
async function erasedAmong(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const byHash = new Map(ids.map((id) => [erasedIdHash(id), id]));
  const hashes = [...byHash.keys()];
  const erased = new Set<string>();
  for (let start = 0; start < hashes.length; start += ROWS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('sign_up_erasures')
      .select('id_hash')
      .where('id_hash', 'in', hashes.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
    for (const row of rows) erased.add(byHash.get(row.id_hash)!);
  }
  return erased;
}

/**
 * Insert, or update when the incoming version is newer and the row belongs to the same
 * organisation; `withdrawn_at` is never overwritten, so a late retry cannot undo a
 * withdrawal. Only inserted or updated rows come back.
 */
function upsertQuery(db: Kysely<Database>, rows: SignUpRow[]) {
  return db
    .insertInto('sign_ups')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          device_id: eb.ref('excluded.device_id'),
          schema_version: eb.ref('excluded.schema_version'),
          data: eb.ref('excluded.data'),
          name: eb.ref('excluded.name'),
          email: eb.ref('excluded.email'),
          phone: eb.ref('excluded.phone'),
          postcode: eb.ref('excluded.postcode'),
          search_text: eb.ref('excluded.search_text'),
          consent_version: eb.ref('excluded.consent_version'),
          consent_language: eb.ref('excluded.consent_language'),
          consent_given_at: eb.ref('excluded.consent_given_at'),
          consent_news: eb.ref('excluded.consent_news'),
          answered_by: eb.ref('excluded.answered_by'),
          deleted_at: eb.ref('excluded.deleted_at'),
          record_updated_at: eb.ref('excluded.record_updated_at'),
          received_at: eb.ref('excluded.received_at'),
        }))
        .where((eb) =>
          eb.and([
            eb('sign_ups.record_updated_at', '<', eb.ref('excluded.record_updated_at')),
            eb('sign_ups.organisation_id', '=', eb.ref('excluded.organisation_id')),
          ]),
        ),
    )
    .returning('id');
}

/**
 * Stores pushed sign-ups idempotently, with the semantics of `upsertRecordBatch`: per input
 * in input order, `accepted` (new, or newer than the stored version) or `duplicate` (the same
 * or an older version is stored, or a newer copy appears in this batch). Another
 * organisation's sign-up with the same id is never touched. An erased sign-up sent again is
 * answered `duplicate` (so the tablet deletes its copy) and not stored.
 */
export async function upsertSignUpBatch(
  db: Kysely<Database>,
  origin: BatchOrigin,
  signUps: readonly SignUpToStore[],
): Promise<UpsertOutcome[]> {
  // One row per id (the latest; the first on a tie), in id order so concurrent batches lock
  // rows in the same order (see upsertRecordBatch).
  const winnerById = new Map<string, number>();
  signUps.forEach((entry, index) => {
    const current = winnerById.get(entry.signUp.id);
    if (current === undefined || signUps[current]!.updatedAt < entry.updatedAt) {
      winnerById.set(entry.signUp.id, index);
    }
  });
  const winners = [...winnerById.values()]
    .map((index) => signUps[index]!)
    .sort((a, b) => (a.signUp.id < b.signUp.id ? -1 : a.signUp.id > b.signUp.id ? 1 : 0));

  const stored = new Set<string>();
  if (winners.length > 0) {
    await inTransaction(db, async (trx) => {
      const ids = winners.map((entry) => entry.signUp.id);
      const erased = await erasedAmong(trx, ids);
      const toStore = winners.filter((entry) => !erased.has(entry.signUp.id));
      for (let start = 0; start < toStore.length; start += ROWS_PER_STATEMENT) {
        const chunk = toStore.slice(start, start + ROWS_PER_STATEMENT);
        const rows = await upsertQuery(
          trx,
          chunk.map((entry) => toRow(origin, entry)),
        ).execute();
        for (const row of rows) stored.add(row.id);
      }
      // An erasure that committed while this batch was being written (after the check above,
      // on PostgreSQL) must still win: look again, and take back what it erased.
      const erasedMeanwhile = [...(await erasedAmong(trx, [...stored]))];
      if (erasedMeanwhile.length > 0) {
        await trx
          .deleteFrom('sign_ups')
          .where('organisation_id', '=', origin.organisationId)
          .where('id', 'in', erasedMeanwhile)
          .execute();
        for (const id of erasedMeanwhile) stored.delete(id);
      }
    });
  }

  return signUps.map((entry, index) =>
    winnerById.get(entry.signUp.id) === index && stored.has(entry.signUp.id)
      ? 'accepted'
      : 'duplicate',
  );
}

/** A stored sign-up as an admin sees it. */
export interface StoredSignUp {
  seq: number;
  id: string;
  receivedAt: string;
  withdrawnAt: string | null;
  /** Set when the device sent the record's tombstone. */
  deletedAt: string | null;
  /** The record JSON as stored; parse before sending. */
  data: string;
}

/** Filters and page position for {@link listSignUps}. */
export interface SignUpQuery {
  organisationId: string;
  /** Case-insensitive substring of the name, email, phone or postcode. */
  search?: string | undefined;
  /** Also list those who withdrew consent (or whose record the device deleted). */
  includeWithdrawn: boolean;
  /** Return sign-ups with a larger seq than this (keyset paging); 0 for the first page. */
  after: number;
  limit: number;
}

function selectSignUps(db: Kysely<Database>, organisationId: string) {
  return db
    .selectFrom('sign_ups')
    .select([
      'seq',
      'id',
      'received_at as receivedAt',
      'withdrawn_at as withdrawnAt',
      'deleted_at as deletedAt',
      'data',
    ])
    .where('organisation_id', '=', organisationId);
}

/** One page of sign-ups in arrival order, and whether more follow. */
export async function listSignUps(
  db: Kysely<Database>,
  query: SignUpQuery,
): Promise<{ signUps: StoredSignUp[]; hasMore: boolean }> {
  let select = selectSignUps(db, query.organisationId).where('seq', '>', query.after);
  if (!query.includeWithdrawn) {
    select = select.where('withdrawn_at', 'is', null).where('deleted_at', 'is', null);
  }
  const patterns = query.search === undefined ? [] : searchPatterns(query.search);
  if (patterns.length > 0) {
    // SQLite's LIKE has no escape character unless one is named.
    select = select.where((eb) =>
      eb.or(
        patterns.map(
          (pattern) => sql<boolean>`search_text like ${containing(pattern)} escape '\\'`,
        ),
      ),
    );
  }
  const rows = await select
    .orderBy('seq')
    .limit(query.limit + 1)
    .execute();
  return { signUps: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** One sign-up of the organisation, withdrawn or not. */
export async function getSignUp(
  db: Kysely<Database>,
  organisationId: string,
  id: string,
): Promise<StoredSignUp | undefined> {
  return selectSignUps(db, organisationId).where('id', '=', id).executeTakeFirst();
}

/** Who did something to a sign-up, and when; the audit trail keeps only this. */
export interface SignUpAction {
  organisationId: string;
  id: string;
  adminId: string;
  at: string;
}

async function audit(
  db: Kysely<Database>,
  action: SignUpAuditAction,
  by: SignUpAction,
): Promise<void> {
  await db
    .insertInto('sign_up_audit')
    .values({ organisation_id: by.organisationId, action, at: by.at, admin_id: by.adminId })
    .execute();
}

/**
 * Erases a person: deletes the row (a hard delete, not a tombstone), leaves the erasure marker
 * (the hash of the id, so a tablet sending it again cannot bring them back) and records that
 * an erasure happened, in one transaction. Neither the marker nor the audit row holds personal
 * data, and the audit row not even the hash. Answers false if there was no such sign-up.
 */
export async function eraseSignUp(db: Kysely<Database>, action: SignUpAction): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const result = await trx
      .deleteFrom('sign_ups')
      .where('organisation_id', '=', action.organisationId)
      .where('id', '=', action.id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await trx
      .insertInto('sign_up_erasures')
      .values({
        id_hash: erasedIdHash(action.id),
        organisation_id: action.organisationId,
        erased_at: action.at,
      })
      // Cannot happen (the row existed, so it was not erased before); never fail an erasure.
      .onConflict((oc) => oc.column('id_hash').doNothing())
      .execute();
    await audit(trx, 'erased', action);
    return true;
  });
}

/**
 * Marks a sign-up as withdrawn (consent taken back), so exports leave it out, and records
 * that in the audit trail. Withdrawing again changes nothing and answers the first time.
 * Answers when consent was withdrawn, or undefined if there is no such sign-up.
 */
export async function withdrawSignUp(
  db: Kysely<Database>,
  action: SignUpAction,
): Promise<string | undefined> {
  return inTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('sign_ups')
      .set({ withdrawn_at: action.at })
      .where('organisation_id', '=', action.organisationId)
      .where('id', '=', action.id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) {
      await audit(trx, 'withdrawn', action);
      return action.at;
    }
    const existing = await trx
      .selectFrom('sign_ups')
      .select('withdrawn_at')
      .where('organisation_id', '=', action.organisationId)
      .where('id', '=', action.id)
      .executeTakeFirst();
    return existing?.withdrawn_at ?? undefined;
  });
}

/**
 * The sign-ups an export may hold (neither withdrawn nor erased), oldest first, a page at a
 * time (keyset on `seq`), so an export streams however many people signed up.
 */
export async function* pagesOfSignUpsForExport(
  db: Kysely<Database>,
  organisationId: string,
  pageSize = 500,
): AsyncGenerator<SignUp[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('sign_ups')
      .select(['seq', 'data'])
      .where('organisation_id', '=', organisationId)
      .where('withdrawn_at', 'is', null)
      .where('deleted_at', 'is', null)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((row) => JSON.parse(row.data) as SignUp);
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.seq;
  }
}

/** One entry of the sign-up audit trail, with its place in it. */
export interface StoredAuditEntry {
  seq: number;
  action: SignUpAuditAction;
  at: string;
  adminId: string;
}

/** One page of the audit trail, oldest first (keyset on `seq`), and whether more follow. */
export async function listSignUpAudit(
  db: Kysely<Database>,
  query: { organisationId: string; after: number; limit: number },
): Promise<{ entries: StoredAuditEntry[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('sign_up_audit')
    .select(['seq', 'action', 'at', 'admin_id as adminId'])
    .where('organisation_id', '=', query.organisationId)
    .where('seq', '>', query.after)
    .orderBy('seq')
    .limit(query.limit + 1)
    .execute();
  return { entries: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}
