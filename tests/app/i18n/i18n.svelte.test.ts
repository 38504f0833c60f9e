import { afterEach, describe, expect, it } from 'vitest';
import { defineStrings, locale } from '../../../src/app/i18n/i18n.svelte';

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
