import Papa from 'papaparse';
import type { WorkshopEvent } from './schemas/event.schema';
import type { WorkshopNote } from './schemas/note.schema';
import { groupPlayback } from './playback';
import { KEY_QUESTION_IDS, type KeyQuestionId, type Polarity, type Voice } from './themes';

/** The words an export prints, supplied by the caller's i18n layer so this stays pure. */
export interface ExportLabels {
  columns: {
    event: string;
    date: string;
    place: string;
    theme: string;
    questionNumber: string;
    question: string;
    polarity: string;
    voice: string;
    group: string;
    note: string;
    createdAt: string;
    id: string;
  };
  question: Record<KeyQuestionId, string>;
  polarity: Record<Polarity, string>;
  voice: Record<Voice, string>;
  removedTheme: string;
}

/** A cell a spreadsheet would treat as a formula (or split oddly) starts with one of these. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Byte-order mark so Excel opens the file as UTF-8 (Welsh, Bengali, Urdu, emoji intact). */
export const UTF8_BOM = '\uFEFF';

/**
 * One row per live note, in playback order (theme, question, then as said). Cells that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) are
 * prefixed with `'` by the CSV library's own guard.
 */
export function eventToCsv(
  event: WorkshopEvent,
  notes: readonly WorkshopNote[],
  labels: ExportLabels,
): string {
  const c = labels.columns;
  const fields = [
    c.event,
    c.date,
    c.place,
    c.theme,
    c.questionNumber,
    c.question,
    c.polarity,
    c.voice,
    c.group,
    c.note,
    c.createdAt,
    c.id,
  ];
  const data: string[][] = [];
  for (const theme of groupPlayback(event, notes)) {
    for (const q of theme.questions) {
      for (const note of q.notes) {
        data.push([
          event.title,
          event.date,
          event.place,
          theme.themeName ?? labels.removedTheme,
          String(KEY_QUESTION_IDS.indexOf(q.questionId) + 1),
          labels.question[q.questionId],
          note.polarity ? labels.polarity[note.polarity] : '',
          note.voice ? labels.voice[note.voice] : '',
          note.group ?? '',
          note.text,
          note.createdAt,
          note.id,
        ]);
      }
    }
  }
  // A regex without `$`: the library's default pattern misses a formula on a cell that
  // goes on to a second line.
  return (
    UTF8_BOM + Papa.unparse({ fields, data }, { escapeFormulae: FORMULA_START, newline: '\r\n' })
  );
}

/** The event and its live notes as JSON, in the same shapes the schemas define. */
export function eventToJson(event: WorkshopEvent, notes: readonly WorkshopNote[]): string {
  const live = groupPlayback(event, notes).flatMap((t) => t.questions.flatMap((q) => q.notes));
  return JSON.stringify({ event, notes: live }, null, 2);
}

/** A file name a person recognises: the event's title and date, safe on every OS. */
export function exportFileName(event: WorkshopEvent, extension: 'csv' | 'json'): string {
  // NFKC unfolds ligatures but keeps accents composed. Keep letters with their marks (Welsh accents, Bengali vowel signs); cut by code point
  // so no character is split; trim hyphens after the cut.
  const words = event.title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-');
  const slug = Array.from(words)
    .slice(0, 60)
    .join('')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'event'}-${event.date}.${extension}`;
}
