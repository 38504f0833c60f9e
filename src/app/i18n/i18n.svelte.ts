/**
 * The i18n layer. Each screen group keeps its strings beside it in a `*.i18n.ts` file
 * (`defineStrings({ en: {...}, cy: {...} })`); English is complete and the source of the
 * key type, other languages may be partial and fall back to English key by key.
 *
 * Placeholders are `{name}`; a number given for one is written as the language writes numbers.
 * Plurals use `key_one` / `key_other` and `tn(key, count)`.
 */

import { LANGUAGE_INFO, SURVEY_LANGUAGES, type LanguageCode } from '../../shared/survey/languages';

/** English, Welsh, Polish, Bengali and Urdu (right to left). */
export const LANGUAGES = SURVEY_LANGUAGES;
export type Language = LanguageCode;

class LocaleState {
  language = $state<Language>('en');
  get dir(): 'ltr' | 'rtl' {
    return LANGUAGE_INFO[this.language].dir;
  }
}

/** The current UI language, shared by every screen. */
export const locale = new LocaleState();

type Params = Record<string, string | number>;
type PluralBase<K> = K extends `${infer B}_one` ? B : never;

export interface Strings<K extends string> {
  t: (key: K, params?: Params) => string;
  tn: (key: PluralBase<K>, count: number, params?: Params) => string;
}

/** One formatter per language, made when first needed (a cache, not state). */
const numberFormats: Partial<Record<string, Intl.NumberFormat>> = {};

/**
 * A number as the language writes it: Bengali digits in Bengali ("২ / ৬"). Urdu keeps the
 * Western digits that CLDR gives it by default, as Urdu is printed in Pakistan and in the UK.
 */
export function formatNumber(value: number, language: string = locale.language): string {
  const format = (numberFormats[language] ??= new Intl.NumberFormat(language));
  return format.format(value);
}

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value) : String(value);
  });
}

/** Per-language dictionaries: English complete, others partial. */
export type Dictionaries<E extends Record<string, string>> = { en: E } & {
  [lang: string]: Partial<Record<keyof E & string, string>> | undefined;
};

export function defineStrings<const E extends Record<string, string>>(
  dictionaries: Dictionaries<E>,
): Strings<keyof E & string> {
  const lookup = (key: keyof E & string): string =>
    dictionaries[locale.language]?.[key] ?? dictionaries.en[key] ?? key;
  return {
    t: (key, params) => fill(lookup(key), params),
    tn: (key, count, params) => {
      const rule = new Intl.PluralRules(locale.language).select(count);
      const specific = `${key}_${rule}`;
      const chosen = (specific in dictionaries.en ? specific : `${key}_other`) as keyof E & string;
      return fill(lookup(chosen), { count, ...params });
    },
  };
}
