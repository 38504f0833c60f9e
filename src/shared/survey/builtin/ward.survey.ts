import type { SurveyDefinition } from '../../schemas/survey.schema';
import { FFT_OPTIONS, FFT_QUESTION_TEXT, FFT_WHY_TEXT, YES_NO_OPTIONS, option } from './common';

/** A ward's survey: the FFT and the ward's own questions. */
export const WARD_SURVEY: SurveyDefinition = {
  id: 'ward-feedback',
  version: 1,
  title: {
    en: { text: 'Tell us about your time on the ward', easyRead: 'Your time on the ward' },
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
    {
      id: 'staff-listened',
      type: 'yes-no',
      text: { en: { text: 'Did staff listen to you?', easyRead: 'Did staff listen to you?' } },
      pictogram: 'listen',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'involved-in-decisions',
      type: 'yes-no',
      text: {
        en: {
          text: 'Were you involved in decisions about your care?',
          easyRead: 'Did staff ask what you wanted?',
        },
      },
      pictogram: 'decide',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'knew-who-to-ask',
      type: 'yes-no',
      text: {
        en: {
          text: 'Did you know who to ask for help?',
          easyRead: 'Did you know who to ask for help?',
        },
      },
      pictogram: 'help',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'who-are-you',
      type: 'single',
      text: { en: { text: 'Are you answering as…', easyRead: 'Who are you?' } },
      pictogram: 'people',
      required: false,
      options: [
        option('patient', 'person', {
          en: { text: 'A patient', easyRead: 'I stayed on the ward' },
        }),
        option('visitor', 'people', { en: { text: 'A visitor', easyRead: 'I came to visit' } }),
        option('carer', 'carer', { en: { text: 'A carer', easyRead: 'I look after someone' } }),
        option('other', 'question', { en: { text: 'Someone else', easyRead: 'Someone else' } }),
      ],
    },
  ],
};
