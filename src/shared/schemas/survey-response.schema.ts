import * as z from 'zod/mini';
import { EQUALITY_CATEGORIES, PREFER_NOT_TO_SAY } from '../survey/equality';
import {
  ANSWERED_BY,
  EQUALITY_SCHEMA_VERSION,
  PRESENTATIONS,
  SURVEY_LIMITS,
  SURVEY_RESPONSE_SCHEMA_VERSION,
} from '../survey/survey-rules';
import { recordBase, recordId } from './record.schema';
import { languageSchema } from './survey.schema';

const questionId = z.string().check(z.minLength(1), z.maxLength(64));
const value = z.string().check(z.minLength(1), z.maxLength(64));

/** One answer. A skipped question has none; "I don't know" is an answer of its own. */
export const answerSchema = z.union([
  z.strictObject({ questionId, choice: value }),
  z.strictObject({ questionId, choices: z.array(value).check(z.maxLength(SURVEY_LIMITS.options)) }),
  // Free text is kept exactly as typed, in any script; only its length is limited.
  z.strictObject({
    questionId,
    text: z.string().check(z.minLength(1), z.maxLength(SURVEY_LIMITS.freeText * 2)),
  }),
  z.strictObject({ questionId, dontKnow: z.literal(true) }),
]);
export type Answer = z.infer<typeof answerSchema>;

/**
 * One person's answers to one version of a survey. `partial` means the person left (the
 * kiosk timed out) after answering something; complete ones reached "submit".
 */
export const surveyResponseSchema = z.object({
  ...recordBase,
  schemaVersion: z.literal(SURVEY_RESPONSE_SCHEMA_VERSION),
  surveyId: z.string().check(z.minLength(1), z.maxLength(64)),
  surveyVersion: z.int().check(z.minimum(1)),
  language: languageSchema,
  presentation: z.enum(PRESENTATIONS),
  /** The ward or service, as the kiosk was set up. */
  location: z.optional(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(SURVEY_LIMITS.location)),
  ),
  eventId: z.optional(recordId),
  kiosk: z.boolean(),
  answeredBy: z.optional(z.enum(ANSWERED_BY)),
  status: z.enum(['complete', 'partial']),
  answers: z.array(answerSchema).check(z.maxLength(SURVEY_LIMITS.questions)),
});
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

function categoryAnswer<const V extends readonly string[]>(values: V) {
  return z.optional(z.enum([...values, PREFER_NOT_TO_SAY]));
}

/**
 * Equality monitoring, kept apart from the answers: no response id, and `createdAt`,
 * `updatedAt` (and the UUIDv7's time) rounded down to the day, so it cannot be joined back.
 */
export const equalityMonitoringSchema = z.object({
  ...recordBase,
  schemaVersion: z.literal(EQUALITY_SCHEMA_VERSION),
  /** Which survey or event reached this person (not which answers are theirs). */
  surveyId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  eventId: z.optional(recordId),
  location: z.optional(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(SURVEY_LIMITS.location)),
  ),
  answers: z.strictObject({
    age: categoryAnswer(EQUALITY_CATEGORIES.age),
    ethnicity: categoryAnswer(EQUALITY_CATEGORIES.ethnicity),
    disability: categoryAnswer(EQUALITY_CATEGORIES.disability),
    sex: categoryAnswer(EQUALITY_CATEGORIES.sex),
    'sexual-orientation': categoryAnswer(EQUALITY_CATEGORIES['sexual-orientation']),
    religion: categoryAnswer(EQUALITY_CATEGORIES.religion),
    carer: categoryAnswer(EQUALITY_CATEGORIES.carer),
  }),
});
export type EqualityMonitoring = z.infer<typeof equalityMonitoringSchema>;
