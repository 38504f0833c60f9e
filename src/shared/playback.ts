import type { WorkshopEvent } from './schemas/event.schema';
import type { WorkshopNote } from './schemas/note.schema';
import { KEY_QUESTION_IDS, type KeyQuestionId } from './themes';

export interface QuestionPlayback {
  questionId: KeyQuestionId;
  /** Every note for this theme and question, in the order they were said. */
  notes: WorkshopNote[];
  /** Question 2 only: the notes split by polarity. Empty for the other questions. */
  worked: WorkshopNote[];
  notWorked: WorkshopNote[];
}

export interface ThemePlayback {
  themeId: string;
  /** Undefined when notes refer to a theme the event no longer has. */
  themeName: string | undefined;
  questions: QuestionPlayback[];
  total: number;
}

/**
 * Oldest first; UUIDv7 ids break ties in creation order. Compares instants, not text,
 * since a timestamp may come with or without fractions of a second.
 */
export function byCreation(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  const diff = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (diff !== 0) return Math.sign(diff);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * "This is what we heard": per theme in the event's order, the three key questions
 * with their notes; question 2 split into has worked / has not worked. Deleted notes
 * are left out. Notes filed under a theme the event has since dropped come last, so
 * nothing said is ever hidden.
 */
export function groupPlayback(
  event: WorkshopEvent,
  notes: readonly WorkshopNote[],
): ThemePlayback[] {
  const live = notes.filter((n) => n.eventId === event.id && n.deletedAt === undefined);
  live.sort(byCreation);
  const byTheme = new Map<string, WorkshopNote[]>();
  for (const note of live) {
    const list = byTheme.get(note.themeId);
    if (list) list.push(note);
    else byTheme.set(note.themeId, [note]);
  }
  const result: ThemePlayback[] = event.themes.map((theme) =>
    themePlayback(theme.id, theme.name, byTheme.get(theme.id) ?? []),
  );
  const known = new Set(event.themes.map((t) => t.id));
  for (const [themeId, themeNotes] of byTheme) {
    if (!known.has(themeId)) result.push(themePlayback(themeId, undefined, themeNotes));
  }
  return result;
}

function themePlayback(
  themeId: string,
  themeName: string | undefined,
  notes: WorkshopNote[],
): ThemePlayback {
  const questions = KEY_QUESTION_IDS.map((questionId): QuestionPlayback => {
    const forQuestion = notes.filter((n) => n.questionId === questionId);
    const isWorked = questionId === 'worked';
    return {
      questionId,
      notes: forQuestion,
      worked: isWorked ? forQuestion.filter((n) => n.polarity === 'worked') : [],
      notWorked: isWorked ? forQuestion.filter((n) => n.polarity === 'not-worked') : [],
    };
  });
  return { themeId, themeName, questions, total: notes.length };
}

/** Counts for the board: theme id -> question id -> live notes. */
export function boardCounts(
  notes: readonly WorkshopNote[],
): Map<string, Record<KeyQuestionId, number>> {
  const counts = new Map<string, Record<KeyQuestionId, number>>();
  for (const n of notes) {
    if (n.deletedAt !== undefined) continue;
    let row = counts.get(n.themeId);
    if (!row) {
      row = { ideal: 0, worked: 0, 'get-there': 0 };
      counts.set(n.themeId, row);
    }
    row[n.questionId] += 1;
  }
  return counts;
}
