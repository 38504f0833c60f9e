import type * as z from 'zod/mini';
import { eventSchema } from '../schemas/event.schema';
import { workshopNoteSchema } from '../schemas/note.schema';
import type { RecordKind } from '../schemas/record.schema';
import {
  equalityMonitoringSchema,
  surveyResponseSchema,
  type SurveyResponse,
} from '../schemas/survey-response.schema';
import type { SurveyDefinition } from '../schemas/survey.schema';
import { signUpSchema, type SignUp } from '../schemas/sign-up.schema';
import { signUpTimeProblem } from '../signup/signup-rules';
import { builtInSurvey } from '../survey/builtin';
import { isDayId, isStartOfDay } from '../survey/equality';
import { responseProblem, type ResponseProblem } from '../survey/survey-logic';

/**
 * Every record kind and the schema versions the server accepts for it: the current one
 * and the one before (design.md, "Sync"). When a kind moves to v2, add v2 here, keep v1
 * with an upgrade to v2, and drop v0.
 */
export const RECORD_REGISTRY = {
  event: { current: 1, schemas: { 1: eventSchema } },
  'workshop-note': { current: 1, schemas: { 1: workshopNoteSchema } },
  'survey-response': { current: 1, schemas: { 1: surveyResponseSchema } },
  'equality-monitoring': { current: 1, schemas: { 1: equalityMonitoringSchema } },
  'sign-up': { current: 1, schemas: { 1: signUpSchema } },
} as const satisfies Record<
  RecordKind,
  { current: number; schemas: Record<number, z.ZodMiniType> }
>;

export function schemaFor(kind: string, version: number): z.ZodMiniType | undefined {
  if (!Object.hasOwn(RECORD_REGISTRY, kind)) return undefined;
  const entry = RECORD_REGISTRY[kind as RecordKind];
  return Object.hasOwn(entry.schemas, version)
    ? (entry.schemas as Record<number, z.ZodMiniType>)[version]
    : undefined;
}

/** Finds the survey a response answered: a built-in one, or one an admin published. */
export type SurveyLookup = (id: string, version: number) => SurveyDefinition | undefined;

/**
 * Checks that need more than the record's own schema: a survey response is checked against
 * the survey version it answered; equality monitoring and sign-ups carry no time finer than
 * the day. Returns the problem (field from the record's root).
 */
export function recordProblem(
  kind: RecordKind,
  data: unknown,
  findSurvey: SurveyLookup = builtInSurvey,
): ResponseProblem | undefined {
  if (kind === 'equality-monitoring') {
    // Kept apart from the answers: a time finer than the day could join it back to them.
    const { createdAt, updatedAt } = data as { createdAt: string; updatedAt: string };
    for (const [field, at] of [
      ['createdAt', createdAt],
      ['updatedAt', updatedAt],
    ] as const)
      if (!isStartOfDay(at))
        return { field, reason: 'equality monitoring is dated to the day only (midnight UTC)' };
    if (!isDayId((data as { id: string }).id))
      return {
        field: 'id',
        reason:
          'equality monitoring is dated to the day only (midnight UTC): its id must be made for the day',
      };
    return undefined;
  }
  // A name must not be joined to answers saved seconds before it: the same rule, for all its times.
  if (kind === 'sign-up') return signUpTimeProblem(data as SignUp);
  if (kind !== 'survey-response') return undefined;
  const response = data as SurveyResponse;
  const survey = findSurvey(response.surveyId, response.surveyVersion);
  if (!survey)
    return {
      field: 'surveyId',
      reason: `There is no survey '${response.surveyId}' version ${response.surveyVersion} on this server`,
    };
  return responseProblem(survey, response);
}

/** The event a record belongs to, for grouping on the server and in the sync panel. */
export function eventIdOf(kind: RecordKind, data: { id: string; eventId?: string }): string {
  return kind === 'event' ? data.id : (data.eventId ?? '');
}

/** What a record answers, stored beside it for lookups: a survey's id, or '' for none. */
export function subjectIdOf(kind: RecordKind, data: { surveyId?: unknown }): string {
  return (kind === 'survey-response' || kind === 'equality-monitoring') &&
    typeof data.surveyId === 'string'
    ? data.surveyId
    : '';
}

/** The day a record is about, stored beside it to order lists by: an event's date, or ''. */
export function recordDateOf(kind: RecordKind, data: { date?: unknown }): string {
  return kind === 'event' && typeof data.date === 'string' ? data.date : '';
}
