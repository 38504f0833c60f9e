import * as z from 'zod/mini';
import { KEY_QUESTION_IDS, POLARITIES, VOICES, questionNeedsPolarity } from '../themes';
import {
  NOTE_MAX_CHARS,
  NOTE_SCHEMA_VERSION,
  noteTextProblem,
  type NoteTextProblem,
} from '../rules';
import { recordBase, recordId } from './record.schema';

export const keyQuestionSchema = z.enum(KEY_QUESTION_IDS);
export const polaritySchema = z.enum(POLARITIES);
export const voiceSchema = z.enum(VOICES);

// Both text checks below ask about the same string; remember the last answer so a pushed
// batch of 500 notes does the scan once per note, not twice.
let memoText: string | undefined;
let memoProblem: NoteTextProblem | undefined;
function textProblem(text: string): NoteTextProblem | undefined {
  if (text !== memoText) {
    memoText = text;
    memoProblem = noteTextProblem(text);
  }
  return memoProblem;
}

/**
 * One idea said in the room, filed under one theme and one key question. Question 2
 * ("what has worked") needs a polarity; the others must not have one.
 */
export const workshopNoteSchema = z
  .object({
    ...recordBase,
    schemaVersion: z.literal(NOTE_SCHEMA_VERSION),
    eventId: recordId,
    themeId: z.string().check(z.minLength(1), z.maxLength(64)),
    questionId: keyQuestionSchema,
    polarity: z.optional(polaritySchema),
    voice: z.optional(voiceSchema),
    group: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
    text: z.string().check(
      z.refine((t) => textProblem(t) !== 'empty', 'must not be empty'),
      z.refine(
        (t) => textProblem(t) !== 'too-long',
        `must be at most ${NOTE_MAX_CHARS} characters`,
      ),
    ),
  })
  .check(
    z.refine((n) => !questionNeedsPolarity(n.questionId) || n.polarity !== undefined, {
      message: 'question 2 notes must say has worked or has not worked',
      path: ['polarity'],
    }),
    z.refine((n) => questionNeedsPolarity(n.questionId) || n.polarity === undefined, {
      message: 'only question 2 notes have a polarity',
      path: ['polarity'],
    }),
  );
export type WorkshopNote = z.infer<typeof workshopNoteSchema>;
