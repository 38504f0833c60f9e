import { afterEach, describe, expect, it } from 'vitest';
import { locale, type Language } from '../../../src/app/i18n/i18n.svelte';
import {
  SIGNUP_STRINGS_EN,
  SIGNUP_STRINGS_NEED_REVIEW,
  signUpStrings,
} from '../../../src/app/routes/signup/signup.i18n';
import {
  CONSENT_TEXTS,
  CONSENT_VERSION,
  type ConsentText,
} from '../../../src/shared/signup/consent';

type Key = keyof typeof SIGNUP_STRINGS_EN;

const KEYS = Object.keys(SIGNUP_STRINGS_EN) as Key[];
const LANGUAGES = ['cy', 'pl', 'bn', 'ur'] as const satisfies readonly Language[];

/** Keys whose translation may legitimately be the same as the English. */
const SAME_AS_ENGLISH: Record<(typeof LANGUAGES)[number], readonly Key[]> = {
  cy: [],
  pl: [],
  bn: [],
  ur: [],
};

const SCRIPTS = [
  ['bn', /[\u0980-\u09FF]/], // Bengali
  ['ur', /[\u0600-\u06FF]/], // Arabic, as Urdu is written
] as const;

/** Example formats in validation messages are data: every language shows them unchanged. */
const EXAMPLES: readonly [Key, string][] = [
  ['emailInvalid', 'name@example.com'],
  ['phoneInvalid', '07700 900123'],
  ['postcodeInvalid', 'LS1 4AP'],
  ['mobileInvalid', '07'],
];

function placeholders(text: string): string[] {
  return (text.match(/\{\w+\}/g) ?? []).sort();
}

/** Sentences of a text, split after . ! ? and the Bengali and Urdu full stops. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?।۔])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const words = (sentence: string) => sentence.split(/\s+/).filter(Boolean).length;

afterEach(() => {
  locale.language = 'en';
});

describe.each(LANGUAGES)('sign-up strings in %s', (language) => {
  it('translates every key (no English fallback)', () => {
    locale.language = language;
    const untranslated = KEYS.filter(
      (key) =>
        signUpStrings.t(key) === SIGNUP_STRINGS_EN[key] && !SAME_AS_ENGLISH[language].includes(key),
    );
    expect(untranslated).toEqual([]);
  });

  it('keeps the English placeholders', () => {
    locale.language = language;
    for (const key of KEYS) {
      expect(placeholders(signUpStrings.t(key)), key).toEqual(placeholders(SIGNUP_STRINGS_EN[key]));
    }
  });

  it('keeps the UK example formats unchanged', () => {
    locale.language = language;
    for (const [key, example] of EXAMPLES) expect(signUpStrings.t(key), key).toContain(example);
  });

  it('is marked as needing review', () => {
    expect(SIGNUP_STRINGS_NEED_REVIEW).toContain(language);
  });
});

it.each(SCRIPTS)('writes every %s string in its own script', (language, script) => {
  locale.language = language;
  for (const key of KEYS) expect(signUpStrings.t(key), key).toMatch(script);
});

describe('consent wording', () => {
  const texts = CONSENT_TEXTS[CONSENT_VERSION]!;
  const parts = ['contact', 'news', 'notice'] as const;

  it.each(LANGUAGES)('has a full %s text, marked as needing review', (language) => {
    const text: ConsentText | undefined = texts[language];
    expect(text).toBeDefined();
    expect(text!.needsReview).toBe(true);
    for (const part of parts) {
      expect(text![part].standard.trim(), part).not.toBe('');
      expect(text![part].easyRead.trim(), part).not.toBe('');
      expect(text![part].standard, part).not.toBe(texts.en[part].standard);
      expect(text![part].easyRead, part).not.toBe(texts.en[part].easyRead);
    }
  });

  it.each(LANGUAGES)('writes the %s easy-read sentences short', (language) => {
    for (const part of parts) {
      for (const sentence of sentences(texts[language]![part].easyRead))
        expect(words(sentence), sentence).toBeLessThanOrEqual(15);
    }
  });

  it('keeps the English easy-read sentences to 15 words or fewer', () => {
    expect(texts.en.needsReview).toBeUndefined();
    for (const part of parts) {
      for (const sentence of sentences(texts.en[part].easyRead))
        expect(words(sentence), sentence).toBeLessThanOrEqual(15);
    }
  });

  it.each(SCRIPTS)('writes the %s consent text in its own script', (language, script) => {
    for (const part of parts) {
      expect(texts[language]![part].standard, part).toMatch(script);
      expect(texts[language]![part].easyRead, part).toMatch(script);
    }
  });
});
