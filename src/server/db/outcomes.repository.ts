import type { Kysely } from 'kysely';
import {
  publishedOutcomeSchema,
  type OutcomeInput,
  type PublishedOutcome,
} from '../../shared/schemas/outcome.schema';
import type { Database } from './database';

/** An outcome as stored: what the admin wrote, and where it stands. */
export interface StoredOutcome {
  id: string;
  input: OutcomeInput;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

/**
 * The outcome as tablets receive it by pull (kind `outcome`), or undefined if it was never
 * published. Checked with the schema tablets use, so the feed cannot carry another shape.
 */
export function toPublishedOutcome(outcome: StoredOutcome): PublishedOutcome | undefined {
  if (outcome.publishedAt === null) return undefined;
  return publishedOutcomeSchema.parse({
    ...outcome.input,
    id: outcome.id,
    publishedAt: outcome.publishedAt,
    ...(outcome.withdrawnAt === null ? {} : { withdrawnAt: outcome.withdrawnAt }),
  });
}

interface Row {
  id: string;
  data: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  withdrawn_at: string | null;
}

const COLUMNS = ['id', 'data', 'created_at', 'updated_at', 'published_at', 'withdrawn_at'] as const;

function fromRow(row: Row): StoredOutcome {
  return {
    id: row.id,
    // Validated with outcomeInputSchema before it was written.
    input: JSON.parse(row.data) as OutcomeInput,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    withdrawnAt: row.withdrawn_at,
  };
}

/** The organisation's outcomes, newest first. */
export async function listOutcomes(
  db: Kysely<Database>,
  organisationId: string,
): Promise<StoredOutcome[]> {
  const rows = await db
    .selectFrom('outcomes')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(fromRow);
}

/** Outcomes about one event that tablets are showing (published, not withdrawn). */
export async function publishedOutcomesOfEvent(
  db: Kysely<Database>,
  organisationId: string,
  eventId: string,
): Promise<StoredOutcome[]> {
  const rows = await db
    .selectFrom('outcomes')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('event_id', '=', eventId)
    .where('published_at', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(fromRow);
}

export async function findOutcome(
  db: Kysely<Database>,
  organisationId: string,
  id: string,
): Promise<StoredOutcome | undefined> {
  const row = await db
    .selectFrom('outcomes')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function insertOutcome(
  db: Kysely<Database>,
  outcome: { organisationId: string; id: string; input: OutcomeInput; at: string },
): Promise<void> {
  await db
    .insertInto('outcomes')
    .values({
      id: outcome.id,
      organisation_id: outcome.organisationId,
      event_id: outcome.input.eventId ?? null,
      data: JSON.stringify(outcome.input),
      created_at: outcome.at,
      updated_at: outcome.at,
      published_at: null,
      withdrawn_at: null,
    })
    .execute();
}

/**
 * Changes an outcome's fields and/or state. Answers the outcome as the update left it (what
 * the row holds until the transaction ends: the update locks it), or undefined if the
 * organisation has no such outcome.
 */
export async function updateOutcome(
  db: Kysely<Database>,
  change: {
    organisationId: string;
    id: string;
    at: string;
    input?: OutcomeInput;
    publishedAt?: string;
    withdrawnAt?: string | null;
  },
): Promise<StoredOutcome | undefined> {
  const row = await db
    .updateTable('outcomes')
    .set({
      updated_at: change.at,
      ...(change.input === undefined
        ? {}
        : { data: JSON.stringify(change.input), event_id: change.input.eventId ?? null }),
      ...(change.publishedAt === undefined ? {} : { published_at: change.publishedAt }),
      ...(change.withdrawnAt === undefined ? {} : { withdrawn_at: change.withdrawnAt }),
    })
    .where('organisation_id', '=', change.organisationId)
    .where('id', '=', change.id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** The record kinds an outcome's evidence may name: workshop notes and survey responses. */
export const EVIDENCE_KINDS = ['workshop-note', 'survey-response'] as const;

/**
 * Which of `ids` are notes or survey responses of the organisation: what an outcome's
 * evidence may link to. One query (an outcome has at most 500 evidence ids).
 */
export async function existingEvidenceIds(
  db: Kysely<Database>,
  organisationId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('records')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('kind', 'in', EVIDENCE_KINDS)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}
