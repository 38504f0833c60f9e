import { describe, expect, it } from 'vitest';
import { checkEasyRead } from '../../../src/shared/admin/easy-read-check';

const kinds = (text: string, jargon?: string[]) =>
  checkEasyRead(text, jargon ? { jargon } : {}).map((f) => [f.kind, f.text]);

describe('checkEasyRead', () => {
  it('passes short plain sentences', () => {
    expect(checkEasyRead('We want to hear from you. Tell us what you think!')).toEqual([]);
  });

  it('flags a sentence over 15 words, with its word count and place', () => {
    const long =
      'When you come to the ward we would like you to tell us what you think about your stay with us.';
    const text = `Hello. ${long} Thank you.`;
    const flags = checkEasyRead(text);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'long-sentence', words: 21, text: long });
    expect(text.slice(flags[0]!.start, flags[0]!.end)).toBe(long);
  });

  it('does not flag a sentence of exactly 15 words', () => {
    const fifteen =
      'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen.';
    expect(checkEasyRead(fifteen)).toEqual([]);
  });

  it('counts sentences ended by a line break, or by the Bengali and Urdu full stops', () => {
    const words = Array.from({ length: 10 }, (_, i) => `w${String.fromCharCode(97 + i)}`).join(' ');
    expect(checkEasyRead(`${words}\n${words}`)).toEqual([]);
    expect(checkEasyRead(`${words}। ${words}।`)).toEqual([]);
    expect(checkEasyRead(`${words}۔ ${words}۔`)).toEqual([]);
    expect(checkEasyRead(`${words} ${words}`)[0]).toMatchObject({
      kind: 'long-sentence',
      words: 20,
    });
  });

  it('flags long words but not everyday ones', () => {
    expect(kinds('Your appointment information is here.')).toEqual([]);
    expect(kinds('A multidisciplinary review of responsibilities.')).toEqual([
      ['jargon', 'multidisciplinary'],
      ['long-word', 'responsibilities'],
    ]);
  });

  it('flags acronyms and initials, A&E included, but not OK', () => {
    expect(kinds('The CQC visited A&E and the GPs. That is OK.')).toEqual([
      ['acronym', 'CQC'],
      ['acronym', 'A&E'],
      ['acronym', 'GPs'],
    ]);
  });

  it('flags built-in jargon as whole words or phrases, in any case, longest first', () => {
    expect(kinds('Your Care Pathway is changing.')).toEqual([['jargon', 'Care Pathway']]);
    expect(kinds('We use a pathway.')).toEqual([['jargon', 'pathway']]);
    // Not inside another word.
    expect(kinds('The footpathways are open.')).toEqual([]);
  });

  it("flags the organisation's own jargon list", () => {
    expect(kinds('Come to the huddle on Ward 3.', ['huddle', 'ward round'])).toEqual([
      ['jargon', 'huddle'],
    ]);
    expect(kinds('After the ward  round we talk.', ['ward round'])).toEqual([
      ['jargon', 'ward  round'],
    ]);
  });

  it('treats characters a regular expression would read specially as plain text in the list', () => {
    expect(kinds('Ask about C++ (the course).', ['C++', '(the'])).toEqual([
      ['jargon', 'C++'],
      ['jargon', '(the'],
    ]);
  });

  it('gives offsets that point at the flagged text', () => {
    const text = 'Ask the PALS team about safeguarding.';
    for (const flag of checkEasyRead(text, { jargon: ['safeguarding'] }))
      expect(text.slice(flag.start, flag.end)).toBe(flag.text);
  });
});
