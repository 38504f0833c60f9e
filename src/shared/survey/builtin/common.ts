/**
 * Wording shared by the built-in surveys: the FFT scale, yes / no / not sure, and the
 * smiley faces. English here; each translation is marked `needsReview` until a fluent
 * speaker has checked it.
 */
import type { Localised, SurveyOption } from '../../schemas/survey.schema';
import type { PictogramId } from '../pictograms';

export function option(value: string, pictogram: PictogramId, text: Localised): SurveyOption {
  return { value, pictogram, text };
}

/** The national FFT answers, in the national wording and order. */
export const FFT_OPTIONS: SurveyOption[] = [
  option('very-good', 'face-very-good', {
    en: { text: 'Very good', easyRead: 'Very good' },
  }),
  option('good', 'face-good', {
    en: { text: 'Good', easyRead: 'Good' },
  }),
  option('neither', 'face-neither', {
    en: { text: 'Neither good nor poor', easyRead: 'Not good and not bad' },
  }),
  option('poor', 'face-poor', {
    en: { text: 'Poor', easyRead: 'Bad' },
  }),
  option('very-poor', 'face-very-poor', {
    en: { text: 'Very poor', easyRead: 'Very bad' },
  }),
  option('dont-know', 'dont-know', {
    en: { text: "Don't know", easyRead: "I don't know" },
  }),
];

export const FFT_QUESTION_TEXT: Localised = {
  en: {
    text: 'Overall, how was your experience of our service?',
    easyRead: 'How was our service?',
  },
};

export const FFT_WHY_TEXT: Localised = {
  en: {
    text: 'Please tell us why you gave that answer.',
    easyRead: 'Why did you say that?',
  },
};

export const YES_NO_OPTIONS: SurveyOption[] = [
  option('yes', 'yes', { en: { text: 'Yes', easyRead: 'Yes' } }),
  option('no', 'no', { en: { text: 'No', easyRead: 'No' } }),
  option('not-sure', 'not-sure', { en: { text: 'Not sure', easyRead: 'Not sure' } }),
];

export const SMILEY_5_OPTIONS: SurveyOption[] = [
  option('very-happy', 'face-very-good', { en: { text: 'Very happy', easyRead: 'Very happy' } }),
  option('happy', 'face-good', { en: { text: 'Happy', easyRead: 'Happy' } }),
  option('ok', 'face-neither', { en: { text: 'OK', easyRead: 'OK' } }),
  option('unhappy', 'face-poor', { en: { text: 'Unhappy', easyRead: 'Unhappy' } }),
  option('very-unhappy', 'face-very-poor', {
    en: { text: 'Very unhappy', easyRead: 'Very unhappy' },
  }),
];
