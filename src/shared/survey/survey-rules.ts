/** Survey rules that need no zod: question types, fixed option sets, limits, versions. */

export const QUESTION_TYPES = [
  'fft',
  'smiley',
  'single',
  'multiple',
  'yes-no',
  'free-text',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The answers some question types always have, in order. */
export const FIXED_OPTION_VALUES = {
  /** The national Friends and Family Test scale. */
  fft: ['very-good', 'good', 'neither', 'poor', 'very-poor', 'dont-know'],
  'yes-no': ['yes', 'no', 'not-sure'],
  'smiley-5': ['very-happy', 'happy', 'ok', 'unhappy', 'very-unhappy'],
  'smiley-3': ['happy', 'ok', 'unhappy'],
} as const;

export const SURVEY_LIMITS = {
  text: 500,
  options: 20,
  questions: 50,
  /** Longest free-text answer in characters, unless the question says less. */
  freeText: 2000,
  location: 100,
};

export const SURVEY_RESPONSE_SCHEMA_VERSION = 1;
export const EQUALITY_SCHEMA_VERSION = 1;

/** Who gave the answers (domain.md, "Easy read"). */
export const ANSWERED_BY = ['alone', 'with-help', 'staff'] as const;
export type AnsweredBy = (typeof ANSWERED_BY)[number];

export const PRESENTATIONS = ['standard', 'easy-read'] as const;
export type Presentation = (typeof PRESENTATIONS)[number];
