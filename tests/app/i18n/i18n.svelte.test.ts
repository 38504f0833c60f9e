import { afterEach, describe, expect, it } from 'vitest';
import { defineStrings, formatNumber, locale } from '../../../src/app/i18n/i18n.svelte';

const strings = defineStrings({
  en: {
    hello: 'Hello, {name}!',
    saved: 'Saved {count} notes for {event}.',
    plain: 'Nothing to fill',
    same: '{name} and {name} again',
    notes_one: '{count} note on this tablet',
    notes_other: '{count} notes on this tablet',
    tables_one: '{count} table at {place}',
    tables_other: '{count} tables at {place}',
    onlyEnglish: 'Only in English',
    progress: '{n} of {total}',
  },
  bn: {
    progress: '{total}টির মধ্যে {n}',
    notes_other: 'এই ট্যাবলেটে {count}টি নোট',
  },
  ur: {
    progress: '{total} میں سے {n}',
  },
  cy: {
    hello: 'Helo, {name}!',
    notes_other: '{count} nodyn ar y dabled hon',
  },
});

/** Only English ships so far; a second language is set directly to test the fallback. */
function useLanguage(language: string) {
  (locale as { language: string }).language = language;
}

afterEach(() => {
  locale.language = 'en';
});

describe('defineStrings', () => {
  it('fills placeholders, including one used twice', () => {
    expect(strings.t('hello', { name: 'Aled' })).toBe('Hello, Aled!');
    expect(strings.t('saved', { count: 3, event: 'Carers’ workshop' })).toBe(
      'Saved 3 notes for Carers’ workshop.',
    );
    expect(strings.t('same', { name: 'Bo' })).toBe('Bo and Bo again');
  });

  it('leaves a placeholder with no value as it is', () => {
    expect(strings.t('hello')).toBe('Hello, {name}!');
    expect(strings.t('saved', { count: 3 })).toBe('Saved 3 notes for {event}.');
    expect(strings.t('plain', { name: 'unused' })).toBe('Nothing to fill');
  });

  it('chooses _one for 1 and _other for 0 and many, with the count formatted', () => {
    expect(strings.tn('notes', 1)).toBe('1 note on this tablet');
    expect(strings.tn('notes', 0)).toBe('0 notes on this tablet');
    expect(strings.tn('notes', 2)).toBe('2 notes on this tablet');
    expect(strings.tn('notes', 12345)).toBe('12,345 notes on this tablet');
  });

  it('fills other placeholders in a plural as well', () => {
    expect(strings.tn('tables', 1, { place: 'the hall' })).toBe('1 table at the hall');
    expect(strings.tn('tables', 4, { place: 'the hall' })).toBe('4 tables at the hall');
  });

  it('uses the chosen language and falls back to English key by key', () => {
    useLanguage('cy');
    expect(strings.t('hello', { name: 'Aled' })).toBe('Helo, Aled!');
    expect(strings.t('onlyEnglish')).toBe('Only in English');
    // Welsh says "two" for 2; English has no _two, so _other is used, in Welsh.
    expect(strings.tn('notes', 2)).toBe('2 nodyn ar y dabled hon');
    // Welsh has no _one here: the English one fills in.
    expect(strings.tn('notes', 1)).toBe('1 note on this tablet');
  });

  it('falls back to English for a language with no dictionary at all', () => {
    useLanguage('fr');
    expect(strings.t('hello', { name: 'Zoé' })).toBe('Hello, Zoé!');
    expect(strings.tn('notes', 1)).toBe('1 note on this tablet');
  });
});

describe('numbers in strings', () => {
  it('writes numbers in Bengali digits in Bengali, in a placeholder and a plural count', () => {
    useLanguage('bn');
    expect(strings.t('progress', { n: 2, total: 6 })).toBe('৬টির মধ্যে ২');
    expect(strings.tn('notes', 12)).toBe('এই ট্যাবলেটে ১২টি নোট');
    // Falling back to the English words still writes the number the language's way.
    expect(strings.t('saved', { count: 1234, event: 'কর্মশালা' })).toBe(
      'Saved ১,২৩৪ notes for কর্মশালা.',
    );
  });

  it('keeps Western digits in Urdu (CLDR’s default, as Urdu is printed in Pakistan and the UK)', () => {
    useLanguage('ur');
    expect(strings.t('progress', { n: 2, total: 6 })).toBe('6 میں سے 2');
  });

  it('groups thousands the English way in English, and leaves text values as they are', () => {
    expect(strings.t('saved', { count: 12345, event: 'Event 2026' })).toBe(
      'Saved 12,345 notes for Event 2026.',
    );
    expect(strings.t('progress', { n: '2', total: '6' })).toBe('2 of 6');
  });

  it('formats a number for a language given, whatever the screen’s language', () => {
    expect(formatNumber(6, 'bn')).toBe('৬');
    expect(formatNumber(6, 'ur')).toBe('6');
    expect(formatNumber(10000, 'pl')).toBe('10\u00a0000');
  });
});
