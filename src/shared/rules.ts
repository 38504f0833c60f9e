/**
 * Record rules that need no zod: versions, limits and the text checks the forms share
 * with the schemas. The client imports these on its hot paths; the schemas load later.
 */

export const EVENT_SCHEMA_VERSION = 1;
export const EVENT_LIMITS = {
  title: 200,
  place: 200,
  themeName: 100,
  themes: 30,
  group: 50,
  groups: 30,
};

export const NOTE_SCHEMA_VERSION = 1;
/** Longest note, in characters (Unicode code points), after trimming. */
export const NOTE_MAX_CHARS = 2000;

export type NoteTextProblem = 'empty' | 'too-long';

/** Characters as a person counts them closely enough: code points, so an emoji counts once. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const VISIBLE = /[^\p{Cf}\s]/u;

/** Why a note's text cannot be saved, or undefined if it can. Shared by the form and the schema. */
export function noteTextProblem(text: string): NoteTextProblem | undefined {
  const trimmed = text.trim();
  // Zero-width and other invisible format characters alone are still an empty note. The
  // test stops at the first visible character, so it costs nothing on a real note.
  if (!VISIBLE.test(trimmed)) return 'empty';
  // Code points never outnumber UTF-16 units: only a long string needs counting.
  if (trimmed.length > NOTE_MAX_CHARS && countChars(trimmed) > NOTE_MAX_CHARS) return 'too-long';
  return undefined;
}
