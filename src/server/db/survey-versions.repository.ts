import type { Kysely } from 'kysely';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import type { Database, SurveyVersionStatus } from './database';

/** One version of a survey made or edited in the console. */
export interface StoredSurveyVersion {
  surveyId: string;
  version: number;
  status: SurveyVersionStatus;
  definition: SurveyDefinition;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

interface Row {
  survey_id: string;
  version: number;
  status: SurveyVersionStatus;
  data: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

const COLUMNS = [
  'survey_id',
  'version',
  'status',
  'data',
  'created_at',
  'updated_at',
  'published_at',
] as const;

/** A stored definition: validated with surveyDefinitionSchema before it was written. */
export function parseStoredSurvey(data: string): SurveyDefinition {
  return JSON.parse(data) as SurveyDefinition;
}

function fromRow(row: Row): StoredSurveyVersion {
  return {
    surveyId: row.survey_id,
    version: row.version,
    status: row.status,
    definition: parseStoredSurvey(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
  };
}

/** Every version of every console survey of the organisation, by survey, newest version first. */
export async function listSurveyVersions(
  db: Kysely<Database>,
  organisationId: string,
): Promise<StoredSurveyVersion[]> {
  const rows = await db
    .selectFrom('survey_versions')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .orderBy('survey_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map(fromRow);
}

/** The versions of one survey, newest first (empty if the console never saved it). */
export async function versionsOfSurvey(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
): Promise<StoredSurveyVersion[]> {
  const rows = await db
    .selectFrom('survey_versions')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(fromRow);
}

/**
 * Published versions among these survey ids and version numbers (every pairing of the two:
 * the caller picks the pairs it wants), as JSON still to parse: what a push needs to check
 * responses against. One query, however many surveys.
 */
export async function publishedVersionsOf(
  db: Kysely<Database>,
  organisationId: string,
  surveyIds: readonly string[],
  versions: readonly number[],
): Promise<{ surveyId: string; version: number; data: string }[]> {
  if (surveyIds.length === 0 || versions.length === 0) return [];
  return db
    .selectFrom('survey_versions')
    .select(['survey_id as surveyId', 'version', 'data'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'published')
    .where('survey_id', 'in', surveyIds)
    .where('version', 'in', versions)
    .execute();
}

/** Adds a new draft version. Answers false, changing nothing, if that version exists already. */
export async function insertDraft(
  db: Kysely<Database>,
  draft: { organisationId: string; definition: SurveyDefinition; at: string },
): Promise<boolean> {
  const rows = await db
    .insertInto('survey_versions')
    .values({
      organisation_id: draft.organisationId,
      survey_id: draft.definition.id,
      version: draft.definition.version,
      data: JSON.stringify(draft.definition),
      status: 'draft',
      created_at: draft.at,
      updated_at: draft.at,
      published_at: null,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'survey_id', 'version']).doNothing())
    .returning('version')
    .execute();
  return rows.length > 0;
}

/** Replaces a draft's definition. Answers false if that version is not (or no longer) a draft. */
export async function updateDraft(
  db: Kysely<Database>,
  draft: { organisationId: string; definition: SurveyDefinition; at: string },
): Promise<boolean> {
  const rows = await db
    .updateTable('survey_versions')
    .set({ data: JSON.stringify(draft.definition), updated_at: draft.at })
    .where('organisation_id', '=', draft.organisationId)
    .where('survey_id', '=', draft.definition.id)
    .where('version', '=', draft.definition.version)
    .where('status', '=', 'draft')
    .returning('version')
    .execute();
  return rows.length > 0;
}

/**
 * Publishes a draft. Answers the definition it published, read by the same statement that
 * marks it published: on PostgreSQL a draft save committing meanwhile is waited for and its
 * definition is the one answered, and from here on the row is published and never changes.
 * So the definition sent to tablets is exactly the one stored, whatever the caller read
 * before. Answers undefined if that version is not (or no longer) a draft.
 */
export async function markPublished(
  db: Kysely<Database>,
  target: { organisationId: string; surveyId: string; version: number; at: string },
): Promise<SurveyDefinition | undefined> {
  const row = await db
    .updateTable('survey_versions')
    .set({ status: 'published', published_at: target.at, updated_at: target.at })
    .where('organisation_id', '=', target.organisationId)
    .where('survey_id', '=', target.surveyId)
    .where('version', '=', target.version)
    .where('status', '=', 'draft')
    .returning('data')
    .executeTakeFirst();
  return row === undefined ? undefined : parseStoredSurvey(row.data);
}
