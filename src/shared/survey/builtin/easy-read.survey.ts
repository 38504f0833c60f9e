import type { SurveyDefinition } from '../../schemas/survey.schema';
import { SMILEY_5_OPTIONS, YES_NO_OPTIONS, option } from './common';

/** An easy-read survey: short sentences, a picture for every idea, read aloud. */
export const EASY_READ_SURVEY: SurveyDefinition = {
  id: 'tell-us-what-you-think',
  version: 1,
  title: {
    en: { text: 'Tell us what you think', easyRead: 'Tell us what you think' },
  },
  intro: {
    en: {
      text: 'We want to know what you think about our service. Your answers help us make it better.',
      easyRead: 'We want to know what you think. Your answers help us do better.',
    },
  },
  easyRead: true,
  languages: ['en', 'cy', 'pl', 'bn', 'ur'],
  equalityMonitoring: true,
  questions: [
    {
      id: 'feeling',
      type: 'smiley',
      text: {
        en: {
          text: 'How do you feel about our service?',
          easyRead: 'How do you feel about our service?',
        },
      },
      pictogram: 'hospital',
      required: true,
      options: SMILEY_5_OPTIONS,
    },
    {
      id: 'listened',
      type: 'yes-no',
      text: { en: { text: 'Did staff listen to you?', easyRead: 'Did staff listen to you?' } },
      pictogram: 'listen',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'got-help',
      type: 'yes-no',
      text: {
        en: {
          text: 'Did you get the help you needed?',
          easyRead: 'Did you get the help you needed?',
        },
      },
      pictogram: 'help',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'help-needed',
      type: 'multiple',
      text: {
        en: {
          text: 'What help did you need? Choose all that apply.',
          easyRead: 'What help did you need? You can choose more than one.',
        },
      },
      pictogram: 'question',
      required: false,
      showIf: { questionId: 'got-help', anyOf: ['no', 'not-sure'] },
      options: [
        option('understand', 'speech', {
          en: { text: 'Help to understand things', easyRead: 'Help to understand' },
        }),
        option('food', 'food', {
          en: { text: 'Help with food and drink', easyRead: 'Help with food and drink' },
        }),
        option('safe', 'safe', {
          en: { text: 'Help to feel safe', easyRead: 'Help to feel safe' },
        }),
        option('waiting', 'waiting', { en: { text: 'Less waiting', easyRead: 'Less waiting' } }),
        option('other', 'question', { en: { text: 'Something else', easyRead: 'Something else' } }),
      ],
    },
    {
      id: 'good',
      type: 'free-text',
      text: { en: { text: 'What was good?', easyRead: 'What was good?' } },
      pictogram: 'star',
      required: false,
      maxLength: 2000,
    },
    {
      id: 'better',
      type: 'free-text',
      text: { en: { text: 'What could we do better?', easyRead: 'What could we do better?' } },
      pictogram: 'writing',
      required: false,
      maxLength: 2000,
    },
  ],
};
