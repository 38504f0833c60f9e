import * as z from 'zod/mini';
import { recordId } from './record.schema';
import { pictogramSchema } from './survey.schema';

/**
 * "You said, we did": what changed because people took part. Written and published by an
 * admin on the server, then sent to tablets by pull, so a kiosk's welcome screen and a
 * workshop playback can show people that they were heard (domain.md, "Showing impact").
 */
export const OUTCOME_LIMITS = {
  /** "You said …" and "… so we did …", each. */
  text: 600,
  /** Notes or answers linked as the evidence behind an outcome. */
  evidence: 500,
  themes: 30,
} as const;

const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(OUTCOME_LIMITS.text));
const optionalText = z.optional(z.string().check(z.trim(), z.maxLength(OUTCOME_LIMITS.text)));

/** What an admin sends to create or edit an outcome. */
export const outcomeInputSchema = z.strictObject({
  youSaid: text,
  weDid: text,
  /** Easy-read wording, shown on easy-read screens and the printed easy-read sheet. */
  youSaidEasyRead: optionalText,
  weDidEasyRead: optionalText,
  pictogram: z.optional(pictogramSchema),
  /** What it is about: an event (and some of its themes), a survey, or both. */
  eventId: z.optional(recordId),
  themeIds: z
    .array(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.maxLength(OUTCOME_LIMITS.themes)),
  surveyId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The notes or survey answers behind it, by record id. */
  evidenceIds: z.array(recordId).check(z.maxLength(OUTCOME_LIMITS.evidence)),
});
export type OutcomeInput = z.infer<typeof outcomeInputSchema>;

/** A published outcome as tablets receive it by pull (kind `outcome`). */
export const publishedOutcomeSchema = z.object({
  ...outcomeInputSchema.def.shape,
  id: recordId,
  publishedAt: z.iso.datetime(),
  /** Set when an admin takes it back: tablets stop showing it. */
  withdrawnAt: z.optional(z.iso.datetime()),
});
export type PublishedOutcome = z.infer<typeof publishedOutcomeSchema>;
