import { afterEach, describe, expect, it } from 'vitest';
import { locale, type Language } from '../../../src/app/i18n/i18n.svelte';
import {
  SURVEY_STRINGS_EN,
  SURVEY_STRINGS_NEED_REVIEW,
  surveyStrings,
} from '../../../src/app/routes/survey/survey.i18n';
import { kioskStrings } from '../../../src/app/routes/kiosk/kiosk.i18n';

type Key = keyof typeof SURVEY_STRINGS_EN;

const KEYS = Object.keys(SURVEY_STRINGS_EN) as Key[];
const LANGUAGES = ['cy', 'pl', 'bn', 'ur'] as const satisfies readonly Language[];

/** Keys whose translation may legitimately be the same as the English. */
const SAME_AS_ENGLISH: Record<(typeof LANGUAGES)[number], readonly Key[]> = {
  cy: ['eq.sikh'], // "Sikh" is the Welsh census word too.
  pl: [],
  bn: [],
  ur: [],
};

const SCRIPTS = [
  ['bn', /[\u0980-\u09FF]/], // Bengali
  ['ur', /[\u0600-\u06FF]/], // Arabic, as Urdu is written
] as const;

function placeholders(text: string): string[] {
  return (text.match(/\{\w+\}/g) ?? []).sort();
}

afterEach(() => {
  locale.language = 'en';
});

describe.each(LANGUAGES)('survey strings in %s', (language) => {
  it('translates every key (no English fallback)', () => {
    locale.language = language;
    const untranslated = KEYS.filter(
      (key) =>
        surveyStrings.t(key) === SURVEY_STRINGS_EN[key] && !SAME_AS_ENGLISH[language].includes(key),
    );
    expect(untranslated).toEqual([]);
  });

  it('keeps the English placeholders', () => {
    locale.language = language;
    for (const key of KEYS) {
      expect(placeholders(surveyStrings.t(key)), key).toEqual(placeholders(SURVEY_STRINGS_EN[key]));
    }
  });

  it('is marked as needing review', () => {
    expect(SURVEY_STRINGS_NEED_REVIEW).toContain(language);
  });
});

it.each(SCRIPTS)('writes every %s string in its own script', (language, script) => {
  locale.language = language;
  for (const key of KEYS) expect(surveyStrings.t(key), key).toMatch(script);
});

describe('plurals and the kiosk check', () => {
  it('picks a form that reads for every count', () => {
    locale.language = 'pl';
    expect(surveyStrings.tn('charsLeft', 1)).toBe('Został 1 znak');
    expect(surveyStrings.tn('charsLeft', 3)).toBe('Zostało znaków: 3');
    expect(surveyStrings.tn('charsLeft', 12)).toBe('Zostało znaków: 12');
    locale.language = 'cy';
    expect(surveyStrings.tn('charsLeft', 2)).toBe('2 nod ar ôl');
  });

  it('translates the "still there?" check respondents see', () => {
    for (const language of LANGUAGES) {
      locale.language = language;
      expect(kioskStrings.t('stillThereHeading')).not.toBe('Are you still there?');
      expect(kioskStrings.t('stillThereYes')).not.toBe('Yes, I am still here');
      for (const count of [1, 5]) {
        const text = kioskStrings.tn('stillThereText', count);
        expect(text).not.toMatch(/start again/);
        expect(text).toContain(count.toLocaleString(language));
      }
    }
  });
});
