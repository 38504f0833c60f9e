import * as z from 'zod/mini';
import { FFT_OPTIONS, FFT_QUESTION_TEXT } from '../survey/builtin/common';
import { SURVEY_LANGUAGES } from '../survey/languages';
import { PICTOGRAM_IDS } from '../survey/pictograms';
import {
  FIXED_OPTION_VALUES,
  QUESTION_TYPES,
  SURVEY_LIMITS,
  type QuestionType,
} from '../survey/survey-rules';

export const languageSchema = z.enum(SURVEY_LANGUAGES);
export const pictogramSchema = z.enum(PICTOGRAM_IDS);

const line = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** One wording of a text in one language: standard, easy read, and an optional clip. */
export const wordingSchema = z.strictObject({
  text: line(SURVEY_LIMITS.text),
  easyRead: z.optional(line(SURVEY_LIMITS.text)),
  /** A recorded clip of the words (the easy-read words where there are some), a path under /audio/. */
  audio: z.optional(z.string().check(z.regex(/^\/audio\/[\w./-]+\.(mp3|ogg|m4a|webm)$/))),
  /** True until a fluent speaker has checked this translation. */
  needsReview: z.optional(z.boolean()),
});
export type Wording = z.infer<typeof wordingSchema>;

/** A text in every language the survey offers; English is always there. */
export const localisedSchema = z.strictObject({
  en: wordingSchema,
  cy: z.optional(wordingSchema),
  pl: z.optional(wordingSchema),
  bn: z.optional(wordingSchema),
  ur: z.optional(wordingSchema),
});
export type Localised = z.infer<typeof localisedSchema>;

const idSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes'));

export const optionSchema = z.strictObject({
  value: idSchema,
  text: localisedSchema,
  pictogram: pictogramSchema,
});
export type SurveyOption = z.infer<typeof optionSchema>;

export const questionSchema = z.strictObject({
  id: idSchema,
  type: z.enum(QUESTION_TYPES),
  text: localisedSchema,
  pictogram: pictogramSchema,
  required: z.boolean(),
  /** The choices, for every type but free text (fixed values for fft, yes-no and smiley). */
  options: z.optional(z.array(optionSchema).check(z.maxLength(SURVEY_LIMITS.options))),
  /** Ask this question only when an earlier one was answered with one of these values. */
  showIf: z.optional(
    z.strictObject({
      questionId: idSchema,
      anyOf: z.array(idSchema).check(z.minLength(1)),
    }),
  ),
  /** Longest free-text answer, in characters. */
  maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(SURVEY_LIMITS.freeText))),
});
export type SurveyQuestion = z.infer<typeof questionSchema>;

function optionsProblem(type: QuestionType, values: string[] | undefined): string | undefined {
  if (type === 'free-text')
    return values === undefined ? undefined : 'free-text questions have no options';
  if (values === undefined || values.length < 2) return 'needs at least two options';
  if (new Set(values).size !== values.length) return 'option values must be different';
  if (type === 'smiley') {
    const fives = FIXED_OPTION_VALUES['smiley-5'];
    const threes = FIXED_OPTION_VALUES['smiley-3'];
    const same = (fixed: readonly string[]) =>
      fixed.length === values.length && fixed.every((v, i) => values[i] === v);
    return same(fives) || same(threes)
      ? undefined
      : `a smiley scale has 3 faces (${threes.join(', ')}) or 5 (${fives.join(', ')})`;
  }
  if (type === 'fft' || type === 'yes-no') {
    const fixed = FIXED_OPTION_VALUES[type];
    return fixed.length === values.length && fixed.every((v, i) => values[i] === v)
      ? undefined
      : `must have exactly the options ${fixed.join(', ')}, in that order`;
  }
  return undefined;
}

/** Typographic apostrophes and runs of spaces are how the words are typed, not a rewording. */
function plainWords(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ');
}

/**
 * Where an FFT question's standard English words differ from the national wording, with the
 * field and what it must say. Results are counted as FFT only for the national question and
 * answers, so a reworded one is refused, not counted. Easy-read words ("How was our
 * service?") are left free on purpose: the national guidance allows an accessible version
 * of the question, and easy read needs shorter words than the national sentence.
 * Translations are checked by a fluent speaker (`needsReview`), not here.
 */
function* fftWordingIssues(
  question: SurveyQuestion,
  qi: number,
): Generator<{ path: (string | number)[]; message: string }> {
  const national = FFT_QUESTION_TEXT.en.text;
  if (plainWords(question.text.en.text) !== national)
    yield {
      path: ['questions', qi, 'text', 'en', 'text'],
      message: `an FFT question must ask the national question in English, word for word: "${national}"`,
    };
  for (const [oi, o] of (question.options ?? []).entries()) {
    const expected = FFT_OPTIONS.find((f) => f.value === o.value)?.text.en.text;
    // An option that is not one of the six is already refused by the options check.
    if (expected !== undefined && plainWords(o.text.en.text) !== expected)
      yield {
        path: ['questions', qi, 'options', oi, 'text', 'en', 'text'],
        message: `the FFT answer '${o.value}' must read "${expected}" in English, the national wording`,
      };
  }
}

/** Every text of a survey, with its path, for the language checks. */
function* texts(survey: {
  title: Localised;
  intro?: Localised | undefined;
  questions: SurveyQuestion[];
}): Generator<[string, Localised]> {
  yield ['title', survey.title];
  if (survey.intro) yield ['intro', survey.intro];
  for (const [qi, q] of survey.questions.entries()) {
    yield [`questions.${qi}.text`, q.text];
    for (const [oi, o] of (q.options ?? []).entries())
      yield [`questions.${qi}.options.${oi}.text`, o.text];
  }
}

/**
 * A survey as data: what the runner shows and what the server checks answers against. A
 * published survey never changes; editing it makes the next `version`.
 */
export const surveyDefinitionSchema = z
  .strictObject({
    id: idSchema,
    version: z.int().check(z.minimum(1)),
    title: localisedSchema,
    intro: z.optional(localisedSchema),
    /** Shown in easy read unless the person running it chooses otherwise. */
    easyRead: z.boolean(),
    /** The languages a respondent can pick; every text has a wording in each. */
    languages: z.array(languageSchema).check(z.minLength(1)),
    questions: z.array(questionSchema).check(z.minLength(1), z.maxLength(SURVEY_LIMITS.questions)),
    /** Offer the separate, optional equality-monitoring questions at the end. */
    equalityMonitoring: z.boolean(),
  })
  .check(
    z.superRefine((survey, ctx) => {
      const seen = new Map<string, SurveyQuestion>();
      for (const [qi, q] of survey.questions.entries()) {
        if (seen.has(q.id))
          ctx.issues.push({
            code: 'custom',
            input: q.id,
            path: ['questions', qi, 'id'],
            message: `question id '${q.id}' is used twice`,
          });
        const problem = optionsProblem(
          q.type,
          q.options?.map((o) => o.value),
        );
        if (problem)
          ctx.issues.push({
            code: 'custom',
            input: q.options,
            path: ['questions', qi, 'options'],
            message: problem,
          });
        if (q.showIf) {
          const earlier = seen.get(q.showIf.questionId);
          if (!earlier)
            ctx.issues.push({
              code: 'custom',
              input: q.showIf,
              path: ['questions', qi, 'showIf', 'questionId'],
              message: `'show only if' must name an earlier question, not '${q.showIf.questionId}'`,
            });
          else {
            const values = new Set(earlier.options?.map((o) => o.value) ?? []);
            const unknown = q.showIf.anyOf.find((v) => !values.has(v));
            if (unknown !== undefined)
              ctx.issues.push({
                code: 'custom',
                input: unknown,
                path: ['questions', qi, 'showIf', 'anyOf'],
                message: `'${unknown}' is not an answer to question '${earlier.id}'`,
              });
          }
        }
        if (q.maxLength !== undefined && q.type !== 'free-text')
          ctx.issues.push({
            code: 'custom',
            input: q.maxLength,
            path: ['questions', qi, 'maxLength'],
            message: 'only free-text questions have a length',
          });
        seen.set(q.id, q);
      }
      for (const [path, text] of texts(survey)) {
        for (const language of survey.languages) {
          const wording = text[language];
          if (!wording)
            ctx.issues.push({
              code: 'custom',
              input: text,
              path: [...path.split('.'), language],
              message: `needs a wording in '${language}', a language the survey offers`,
            });
          else if (survey.easyRead && wording.easyRead === undefined)
            ctx.issues.push({
              code: 'custom',
              input: wording,
              path: [...path.split('.'), language, 'easyRead'],
              message: 'an easy-read survey needs easy-read words for every text',
            });
        }
      }
    }),
  );
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/**
 * A definition as an admin saves it: {@link surveyDefinitionSchema} and the national FFT
 * wording. Only saving checks the wording: a survey already published with local words keeps
 * reaching tablets and keeps its answers (it is read with the definition schema alone), and
 * its next version must use the national words.
 */
export const surveyAuthoringSchema = surveyDefinitionSchema.check(
  z.superRefine((survey, ctx) => {
    for (const [qi, q] of survey.questions.entries())
      if (q.type === 'fft')
        for (const issue of fftWordingIssues(q, qi))
          ctx.issues.push({ code: 'custom', input: q, ...issue });
  }),
);
