import type { SurveyDefinition } from '../../schemas/survey.schema';
import { FFT_OPTIONS, FFT_QUESTION_TEXT, FFT_WHY_TEXT } from './common';

/** The NHS Friends and Family Test on its own: the rating and the "why". */
export const FFT_SURVEY: SurveyDefinition = {
  id: 'fft',
  version: 1,
  title: {
    en: { text: 'Friends and Family Test', easyRead: 'Tell us about our service' },
  },
  easyRead: false,
  languages: ['en', 'cy', 'pl', 'bn', 'ur'],
  equalityMonitoring: true,
  questions: [
    {
      id: 'fft',
      type: 'fft',
      text: FFT_QUESTION_TEXT,
      pictogram: 'hospital',
      required: true,
      options: FFT_OPTIONS,
    },
    {
      id: 'fft-why',
      type: 'free-text',
      text: FFT_WHY_TEXT,
      pictogram: 'writing',
      required: false,
      maxLength: 2000,
    },
  ],
};
