import type { LanguageCode } from '../../shared/survey/languages';

/** Languages named in English, for exports the team reads (they work in English). */
export const LANGUAGE_IN_ENGLISH: Record<LanguageCode, string> = {
  en: 'English',
  cy: 'Welsh',
  pl: 'Polish',
  bn: 'Bengali',
  ur: 'Urdu',
};
