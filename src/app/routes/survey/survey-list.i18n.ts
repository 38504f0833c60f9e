import { defineStrings } from '../../i18n/i18n.svelte';

/** The staff-facing list of surveys. */
export const surveyListStrings = defineStrings({
  en: {
    heading: 'Surveys',
    intro:
      'Hand the tablet to someone to answer a survey, or leave it on a stand in kiosk mode for person after person.',
    questions_one: '{count} question',
    questions_other: '{count} questions',
    easyRead: 'Easy read',
    published: 'From your organisation, version {version}',
    languages: 'Languages: {list}',
    handOver: 'Answer now',
    handOverLabel: 'Answer now: {title}',
    kiosk: 'Start kiosk mode',
    kioskLabel: 'Start kiosk mode: {title}',
    waiting_one: '{count} survey response on this tablet is waiting to be sent.',
    waiting_other: '{count} survey responses on this tablet are waiting to be sent.',
    notFound:
      'There is no survey with that name on this tablet. A survey your organisation publishes arrives the next time the tablet is online.',
    backToSurveys: 'Back to surveys',
    signUpTitle: 'Get involved',
    signUpText:
      'A form for people who would like to take part in future: contact details, support needs and consent. The tablet deletes each sign-up once the server has it.',
    signUpOpen: 'Open the sign-up form',
  },
});
