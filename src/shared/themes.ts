/**
 * The seven default themes (a trust's strategic ambitions). Ids are stable so notes
 * from several tablets at one event file under the same theme; names may be renamed
 * per event.
 */
export const DEFAULT_THEMES = [
  { id: 'service-design', name: 'Service design and delivery' },
  { id: 'training', name: 'Training' },
  { id: 'leadership', name: 'Leadership' },
  { id: 'workforce', name: 'Workforce' },
  { id: 'recruitment', name: 'Recruitment and selection' },
  { id: 'working-well', name: "What's working well and why" },
  { id: 'communication', name: 'Communication' },
] as const;

/** The three key questions every workshop asks under each theme, in order. */
export const KEY_QUESTION_IDS = ['ideal', 'worked', 'get-there'] as const;
export type KeyQuestionId = (typeof KEY_QUESTION_IDS)[number];

/** Question 2 notes must say which side they are on. */
export const POLARITIES = ['worked', 'not-worked'] as const;
export type Polarity = (typeof POLARITIES)[number];

/** Who said it, as a role, never a name. */
export const VOICES = ['service-user', 'carer', 'staff', 'other'] as const;
export type Voice = (typeof VOICES)[number];

export function questionNeedsPolarity(questionId: KeyQuestionId): boolean {
  return questionId === 'worked';
}
