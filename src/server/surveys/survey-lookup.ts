import type { Kysely } from 'kysely';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import { builtInSurvey } from '../../shared/survey/builtin';
import type { PushRecord } from '../../shared/sync/protocol';
import type { SurveyLookup } from '../../shared/sync/record-registry';
import type { Database } from '../db/database';
import { parseStoredSurvey, publishedVersionsOf } from '../db/survey-versions.repository';
import { SURVEY_ID } from '../http/path-params';

/** The survey and version a pushed response says it answered, read before validation. */
function answered(record: PushRecord): { surveyId: string; version: number } | undefined {
  if (record.kind !== 'survey-response') return undefined;
  const data = record.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { surveyId, surveyVersion } = data as Record<string, unknown>;
  // Anything but a survey id's shape cannot be found (and PostgreSQL refuses NUL in text).
  if (typeof surveyId !== 'string' || !SURVEY_ID.test(surveyId)) return undefined;
  // Versions are counted up from 1; a number out of the column's range cannot be stored.
  if (typeof surveyVersion !== 'number' || !Number.isInteger(surveyVersion)) return undefined;
  if (surveyVersion < 1 || surveyVersion > MAX_VERSION) return undefined;
  return { surveyId, version: surveyVersion };
}

/** PostgreSQL's `integer`, the type of `survey_versions.version`. */
const MAX_VERSION = 2 ** 31 - 1;

const key = (surveyId: string, version: number) => `${surveyId}@${version}`;

/** A survey version that pushed responses say they answered. */
export interface AnsweredSurvey {
  surveyId: string;
  version: number;
}

/** A version the organisation published, as stored: the definition as JSON text. */
export interface PublishedSurvey extends AnsweredSurvey {
  data: string;
}

/**
 * The survey versions a batch's responses say they answered, each once; shapes that cannot
 * exist (not a survey id, not a version number) are left out, as nothing can be found for them.
 */
export function answeredSurveys(records: readonly PushRecord[]): AnsweredSurvey[] {
  const wanted = new Map<string, AnsweredSurvey>();
  for (const record of records) {
    const target = answered(record);
    if (target !== undefined) wanted.set(key(target.surveyId, target.version), target);
  }
  return [...wanted.values()];
}

/**
 * The organisation's published versions among `wanted`: one query, and none when nothing is
 * wanted.
 */
export async function findPublishedSurveys(
  db: Kysely<Database>,
  organisationId: string,
  wanted: readonly AnsweredSurvey[],
): Promise<PublishedSurvey[]> {
  if (wanted.length === 0) return [];
  const surveyIds = new Set(wanted.map((survey) => survey.surveyId));
  const versions = new Set(wanted.map((survey) => survey.version));
  return publishedVersionsOf(db, organisationId, [...surveyIds], [...versions]);
}

/**
 * How a push finds the survey each response answered: a version the organisation published in
 * the console (never a draft), else a built-in one. The published version comes first, as on
 * the tablet (which looks in its pulled surveys before the built-in ones), so both check a
 * response against the same definition. The console numbers its versions of a built-in survey
 * above every built-in version (`draftVersionFor`), so the two meet only if a later release
 * ships a built-in version with a number the organisation has used already; then the
 * organisation's wins, here, on the tablet and in the console (`versionsOf`).
 *
 * `published` are the organisation's published versions among `wanted` (see
 * {@link findPublishedSurveys}); each definition is parsed once, when first asked for.
 */
export function surveyLookupAmong(
  wanted: readonly AnsweredSurvey[],
  published: readonly PublishedSurvey[],
): SurveyLookup {
  if (wanted.length === 0) return builtInSurvey;
  const asked = new Set(wanted.map((survey) => key(survey.surveyId, survey.version)));
  const found = new Map<string, { data: string; parsed?: SurveyDefinition }>();
  for (const row of published) {
    const k = key(row.surveyId, row.version);
    if (asked.has(k)) found.set(k, { data: row.data });
  }
  return (surveyId, version) => {
    const entry = found.get(key(surveyId, version));
    if (entry === undefined) return builtInSurvey(surveyId, version);
    entry.parsed ??= parseStoredSurvey(entry.data);
    return entry.parsed;
  };
}
