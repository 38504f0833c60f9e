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

/**
 * How a push finds the survey each response answered: a version the organisation published in
 * the console (never a draft), else a built-in one. The published version comes first, as on
 * the tablet (which looks in its pulled surveys before the built-in ones), so both check a
 * response against the same definition. The console numbers its versions of a built-in survey
 * above every built-in version (`draftVersionFor`), so the two meet only if a later release
 * ships a built-in version with a number the organisation has used already; then the
 * organisation's wins, here, on the tablet and in the console (`versionsOf`).
 *
 * Costs nothing when the batch has no survey responses; otherwise one query for the batch
 * (responses to built-in surveys included, as the organisation may have published the same
 * number), and each definition found is parsed once, when first asked for.
 */
export async function surveyLookupForPush(
  db: Kysely<Database>,
  organisationId: string,
  records: readonly PushRecord[],
): Promise<SurveyLookup> {
  const wanted = new Set<string>();
  const surveyIds = new Set<string>();
  const versions = new Set<number>();
  for (const record of records) {
    const target = answered(record);
    if (target === undefined) continue;
    wanted.add(key(target.surveyId, target.version));
    surveyIds.add(target.surveyId);
    versions.add(target.version);
  }
  if (surveyIds.size === 0) return builtInSurvey;

  const found = new Map<string, { data: string; parsed?: SurveyDefinition }>();
  for (const row of await publishedVersionsOf(db, organisationId, [...surveyIds], [...versions])) {
    const k = key(row.surveyId, row.version);
    if (wanted.has(k)) found.set(k, { data: row.data });
  }
  return (surveyId, version) => {
    const entry = found.get(key(surveyId, version));
    if (entry === undefined) return builtInSurvey(surveyId, version);
    entry.parsed ??= parseStoredSurvey(entry.data);
    return entry.parsed;
  };
}
