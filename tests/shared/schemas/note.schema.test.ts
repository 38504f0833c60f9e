import { describe, expect, it } from 'vitest';
import { NOTE_MAX_CHARS, countChars, noteTextProblem } from '../../../src/shared/rules';
import { workshopNoteSchema } from '../../../src/shared/schemas/note.schema';
import { makeNote } from '../../fixtures/workshop.factory';

/** A valid note as plain input, so a test can break one field at a time. */
function validInput(): Record<string, unknown> {
  return { ...makeNote() };
}

/** The paths of every issue a failed parse reports. */
function issuePaths(input: unknown): PropertyKey[][] {
  const result = workshopNoteSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => [...issue.path]) ?? [];
}

describe('workshopNoteSchema: valid notes', () => {
  it('parses a question 1 note without a polarity', () => {
    const input = validInput();
    const note = workshopNoteSchema.parse(input);
    expect(note).toEqual(input);
    expect(note.questionId).toBe('ideal');
    expect(note.polarity).toBeUndefined();
  });

  it('parses a question 2 note with either polarity', () => {
    for (const polarity of ['worked', 'not-worked'] as const) {
      const note = workshopNoteSchema.parse({ ...validInput(), questionId: 'worked', polarity });
      expect(note.polarity).toBe(polarity);
    }
  });

  it('parses a question 3 note', () => {
    expect(workshopNoteSchema.parse({ ...validInput(), questionId: 'get-there' }).questionId).toBe(
      'get-there',
    );
  });

  it('keeps every voice, a group and a tombstone', () => {
    for (const voice of ['service-user', 'carer', 'staff', 'other'] as const) {
      const note = workshopNoteSchema.parse({
        ...validInput(),
        voice,
        group: 'Table 3',
        deletedAt: '2026-11-21T11:00:00.000Z',
      });
      expect(note.voice).toBe(voice);
      expect(note.group).toBe('Table 3');
      expect(note.deletedAt).toBe('2026-11-21T11:00:00.000Z');
    }
  });

  it.each([
    ['emoji', 'More 🙂 less 😟 please 👍🏽👨‍👩‍👧'],
    ['Welsh diacritics', 'Ŵ ŷ â — Gŵyl Dewi, siŵr, tŷ, ŵyr'],
    ['Bengali', 'আমাদের কথা শুনুন'],
    ['Urdu', 'ہماری بات سنیں'],
    ['mixed scripts and a line break', 'Listen to us / আমাদের কথা শুনুন\nہماری بات سنیں'],
  ])('preserves %s exactly', (_label, text) => {
    const note = workshopNoteSchema.parse({ ...validInput(), text });
    expect(note.text).toBe(text);
    expect(note.text.normalize('NFC')).toBe(text.normalize('NFC'));
    expect(Array.from(note.text)).toEqual(Array.from(text));
  });

  it('accepts exactly 2000 emoji, counted as code points', () => {
    const text = '😀'.repeat(NOTE_MAX_CHARS);
    expect(text.length).toBe(NOTE_MAX_CHARS * 2);
    expect(workshopNoteSchema.parse({ ...validInput(), text }).text).toBe(text);
  });

  it('accepts 2000 characters with surrounding whitespace, which does not count', () => {
    const text = `  ${'a'.repeat(NOTE_MAX_CHARS)}\n `;
    expect(workshopNoteSchema.safeParse({ ...validInput(), text }).success).toBe(true);
  });
});

describe('workshopNoteSchema: invalid notes', () => {
  it.each([
    ['empty', ''],
    ['spaces', '    '],
    ['mixed whitespace', ' \t\n\r '],
    ['non-breaking and ideographic spaces', '\u00a0\u3000'],
  ])('rejects %s text at path text', (_label, text) => {
    expect(issuePaths({ ...validInput(), text })).toEqual([['text']]);
  });

  it('rejects 2001 emoji at path text', () => {
    const text = '😀'.repeat(NOTE_MAX_CHARS + 1);
    expect(issuePaths({ ...validInput(), text })).toEqual([['text']]);
  });

  it('rejects 2001 plain characters at path text', () => {
    const text = 'a'.repeat(NOTE_MAX_CHARS + 1);
    expect(issuePaths({ ...validInput(), text })).toEqual([['text']]);
  });

  it('rejects text that is not a string', () => {
    expect(issuePaths({ ...validInput(), text: 42 })).toEqual([['text']]);
  });

  it('says why the text failed', () => {
    const empty = workshopNoteSchema.safeParse({ ...validInput(), text: ' ' });
    expect(empty.error?.issues[0]?.message).toBe('must not be empty');
    const long = workshopNoteSchema.safeParse({ ...validInput(), text: 'x'.repeat(2001) });
    expect(long.error?.issues[0]?.message).toBe('must be at most 2000 characters');
  });

  it("rejects a question 2 ('worked') note without a polarity at path polarity", () => {
    const result = workshopNoteSchema.safeParse({ ...validInput(), questionId: 'worked' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['polarity']]);
    expect(result.error?.issues[0]?.message).toBe(
      'question 2 notes must say has worked or has not worked',
    );
  });

  it.each(['ideal', 'get-there'])('rejects a polarity on question %s at path polarity', (q) => {
    const result = workshopNoteSchema.safeParse({
      ...validInput(),
      questionId: q,
      polarity: 'worked',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['polarity']]);
    expect(result.error?.issues[0]?.message).toBe('only question 2 notes have a polarity');
  });

  it.each([
    ['an unknown voice', { voice: 'manager' }, ['voice']],
    ['a voice in the wrong case', { voice: 'Carer' }, ['voice']],
    ['an unknown polarity', { questionId: 'worked', polarity: 'maybe' }, ['polarity']],
    ['an unknown question', { questionId: 'q4' }, ['questionId']],
    ['a v4 id', { id: '3b241101-e2bb-4255-8caf-4136c566a962' }, ['id']],
    ['a malformed id', { id: 'not-an-id' }, ['id']],
    ['a malformed eventId', { eventId: '123' }, ['eventId']],
    ['an empty themeId', { themeId: '' }, ['themeId']],
    ['a themeId over 64 characters', { themeId: 't'.repeat(65) }, ['themeId']],
    ['an empty group', { group: '' }, ['group']],
    ['a group over 50 characters', { group: 'g'.repeat(51) }, ['group']],
    ['a local-time createdAt', { createdAt: '2026-11-21T10:00:00' }, ['createdAt']],
    ['a date-only updatedAt', { updatedAt: '2026-11-21' }, ['updatedAt']],
    ['a non-ISO deletedAt', { deletedAt: 'yesterday' }, ['deletedAt']],
    ['an empty deviceId', { deviceId: '' }, ['deviceId']],
    ['another schema version', { schemaVersion: 2 }, ['schemaVersion']],
  ])('rejects %s at the right path', (_label, override, path) => {
    expect(issuePaths({ ...validInput(), ...override })).toEqual([path]);
  });

  it('reports every missing field', () => {
    expect(issuePaths({}).sort()).toEqual(
      [
        ['id'],
        ['createdAt'],
        ['updatedAt'],
        ['deviceId'],
        ['schemaVersion'],
        ['eventId'],
        ['themeId'],
        ['questionId'],
        ['text'],
      ].sort(),
    );
  });
});

describe('noteTextProblem', () => {
  it('finds nothing wrong with ordinary text', () => {
    expect(noteTextProblem('More time with staff')).toBeUndefined();
    expect(noteTextProblem('x')).toBeUndefined();
  });

  it("calls empty or whitespace-only text 'empty'", () => {
    expect(noteTextProblem('')).toBe('empty');
    expect(noteTextProblem(' \t\n ')).toBe('empty');
  });

  it("calls text over the limit 'too-long', measured after trimming", () => {
    expect(noteTextProblem('a'.repeat(NOTE_MAX_CHARS))).toBeUndefined();
    expect(noteTextProblem('a'.repeat(NOTE_MAX_CHARS + 1))).toBe('too-long');
    expect(noteTextProblem(`   ${'a'.repeat(NOTE_MAX_CHARS)}   `)).toBeUndefined();
  });

  it('counts an emoji once, not as two UTF-16 units', () => {
    expect(noteTextProblem('🙂'.repeat(NOTE_MAX_CHARS))).toBeUndefined();
    expect(noteTextProblem('🙂'.repeat(NOTE_MAX_CHARS + 1))).toBe('too-long');
  });
});

describe('countChars', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['😀', 1],
    ['😀😀😀', 3],
    ['Ŵ ŷ â', 5],
    // Decomposed: w + combining circumflex counts as two code points.
    ['w\u0302', 2],
    ['ہماری', 5],
    // Skin tone modifier is its own code point.
    ['👍🏽', 2],
    ['𠀀', 1],
  ])('counts %j as %i', (text, expected) => {
    expect(countChars(text)).toBe(expected);
  });

  it('counts Bengali vowel signs as their own code points', () => {
    const text = 'আমাদের কথা শুনুন';
    // আ ম া দ ে র, space, ক থ া, space, শ ু ন ু ন
    expect(countChars(text)).toBe(16);
  });
});
