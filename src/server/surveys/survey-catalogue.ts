import type {
  AdminSurveyDetail,
  AdminSurveySummary,
  AdminSurveyVersion,
} from '../../shared/admin/admin-api';
import type { SurveyResponse } from '../../shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import { BUILT_IN_SURVEYS } from '../../shared/survey/builtin';
import type { StoredSurveyVersion } from '../db/survey-versions.repository';
import type { FieldProblem } from '../http/json-body';

/**
 * The surveys an organisation has, as the console shows them: the built-in ones (in the app on
 * every tablet, so always published) and the versions saved in the console. Pure: the routes
 * load, this sorts and counts.
 */

/** One version of a survey: built in, or saved in the console. */
export interface SurveyVersionEntry {
  definition: SurveyDefinition;
  status: 'draft' | 'published';
  /** When an admin published it; null for a draft and for a built-in version. */
  publishedAt: string | null;
  updatedAt: string;
  builtIn: boolean;
}

export function isBuiltInSurvey(surveyId: string): boolean {
  return BUILT_IN_SURVEYS.some((survey) => survey.id === surveyId);
}

/**
 * Every version of one survey, newest first. `builtInSince` stands in for a built-in
 * version's `updatedAt` (it has none): the day the organisation started, when it arrived.
 * A console version and a built-in one with the same number (only if a later release ships a
 * number the organisation used already, see {@link draftVersionFor}) count as the console's,
 * as in the push's survey lookup and on the tablet.
 */
export function versionsOf(
  surveyId: string,
  stored: readonly StoredSurveyVersion[],
  builtInSince: string,
): SurveyVersionEntry[] {
  const entries: SurveyVersionEntry[] = stored
    .filter((row) => row.surveyId === surveyId)
    .map((row) => ({
      definition: row.definition,
      status: row.status,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      builtIn: false,
    }));
  for (const survey of BUILT_IN_SURVEYS) {
    if (survey.id !== surveyId) continue;
    if (entries.some((entry) => entry.definition.version === survey.version)) continue;
    entries.push({
      definition: survey,
      status: 'published',
      publishedAt: null,
      updatedAt: builtInSince,
      builtIn: true,
    });
  }
  return entries.sort((a, b) => b.definition.version - a.definition.version);
}

/** Every survey id the organisation has: built-in ones first, then the console's. */
export function surveyIds(stored: readonly StoredSurveyVersion[]): string[] {
  return [...new Set([...BUILT_IN_SURVEYS.map((s) => s.id), ...stored.map((s) => s.surveyId)])];
}

/**
 * The versions responses can have answered: the published ones. A survey never published
 * has only its draft, which gives the results page its questions (with nothing counted).
 */
export function answerableVersions(entries: readonly SurveyVersionEntry[]): SurveyDefinition[] {
  const published = entries.filter((entry) => entry.status === 'published');
  return (published.length > 0 ? published : entries).map((entry) => entry.definition);
}

/**
 * The version a save in the console writes: the draft in place, or a new one above the newest.
 * `entries` include every built-in version of the survey, so the console's versions of a
 * built-in survey always start above all the built-in versions this release has.
 */
export function draftVersionFor(entries: readonly SurveyVersionEntry[]): {
  version: number;
  replacesDraft: boolean;
} {
  const newest = entries[0];
  if (newest?.status === 'draft')
    return { version: newest.definition.version, replacesDraft: true };
  return { version: (newest?.definition.version ?? 0) + 1, replacesDraft: false };
}

/**
 * A question keeps its type across versions: results count answers by question id across all
 * versions, so a `single` question turned into free text would mix two kinds of answer. Answers
 * each question of `draft` whose id an earlier version used for another type.
 */
export function questionTypeProblems(
  draft: SurveyDefinition,
  earlier: readonly SurveyVersionEntry[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  draft.questions.forEach((question, index) => {
    for (const entry of earlier) {
      const before = entry.definition.questions.find((q) => q.id === question.id);
      if (before === undefined || before.type === question.type) continue;
      problems.push({
        field: `questions.${index}.type`,
        message: `question '${question.id}' is a '${before.type}' question in version ${entry.definition.version}; give a question of another type a new id`,
      });
      break;
    }
  });
  return problems;
}

/**
 * What the console's survey pages say of a survey's answers: how many live responses, per
 * version, and from where. Counted a page of rows at a time, so a survey with a million
 * responses costs a million small steps, never a million objects held at once.
 */
export interface ResponseTally {
  total: number;
  byVersion: Map<number, number>;
  locations: Set<string>;
}

export function emptyTally(): ResponseTally {
  return { total: 0, byVersion: new Map(), locations: new Set() };
}

/** Counts one response into `tally`, unless it was deleted. */
export function tallyResponse(
  tally: ResponseTally,
  response: Pick<SurveyResponse, 'surveyVersion' | 'location' | 'deletedAt'>,
): void {
  if (response.deletedAt !== undefined) return;
  tally.total += 1;
  tally.byVersion.set(
    response.surveyVersion,
    (tally.byVersion.get(response.surveyVersion) ?? 0) + 1,
  );
  if (response.location) tally.locations.add(response.location);
}

function versionSummary(entry: SurveyVersionEntry, tally: ResponseTally): AdminSurveyVersion {
  return {
    version: entry.definition.version,
    status: entry.status,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    responseCount: tally.byVersion.get(entry.definition.version) ?? 0,
  };
}

/** A survey for the console's list. `entries` newest first, not empty. */
export function surveySummary(
  entries: readonly SurveyVersionEntry[],
  tally: ResponseTally,
): AdminSurveySummary {
  const newest = entries[0]!;
  const published = entries.find((entry) => entry.status === 'published');
  return {
    id: newest.definition.id,
    title: newest.definition.title.en.text,
    builtIn: entries.some((entry) => entry.builtIn),
    latest: versionSummary(newest, tally),
    publishedVersion: published?.definition.version ?? null,
    responseCount: tally.total,
  };
}

/** A survey's page in the console: the newest definition, every version, where answers came from. */
export function surveyDetail(
  entries: readonly SurveyVersionEntry[],
  tally: ResponseTally,
): AdminSurveyDetail {
  return {
    ...surveySummary(entries, tally),
    definition: entries[0]!.definition,
    versions: entries.map((entry) => versionSummary(entry, tally)),
    locations: [...tally.locations].sort(),
  };
}
