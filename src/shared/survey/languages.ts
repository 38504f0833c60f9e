/**
 * The languages respondents can pick. Each is named in itself on the first screen of a
 * survey; Urdu is written right to left and mirrors the layout.
 */
export const SURVEY_LANGUAGES = ['en', 'cy', 'pl', 'bn', 'ur'] as const;
export type LanguageCode = (typeof SURVEY_LANGUAGES)[number];

export interface LanguageInfo {
  code: LanguageCode;
  /** The language's name written in the language itself. */
  ownName: string;
  dir: 'ltr' | 'rtl';
  /** BCP 47 tags a speech voice may carry for this language (matched by prefix). */
  speech: string;
}

export const LANGUAGE_INFO: Record<LanguageCode, LanguageInfo> = {
  en: { code: 'en', ownName: 'English', dir: 'ltr', speech: 'en' },
  cy: { code: 'cy', ownName: 'Cymraeg', dir: 'ltr', speech: 'cy' },
  pl: { code: 'pl', ownName: 'Polski', dir: 'ltr', speech: 'pl' },
  bn: { code: 'bn', ownName: 'বাংলা', dir: 'ltr', speech: 'bn' },
  ur: { code: 'ur', ownName: 'اردو', dir: 'rtl', speech: 'ur' },
};

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === 'string' && (SURVEY_LANGUAGES as readonly string[]).includes(value);
}
