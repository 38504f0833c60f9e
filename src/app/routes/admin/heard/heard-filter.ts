import type { KeyQuestionId, Voice, WorkshopNote } from '../../../../shared/domain';

/** What the admin narrows "what we heard" to; `''` means every value. */
export interface HeardFilter {
  theme: string;
  question: '' | KeyQuestionId;
  /** A voice, or {@link NOT_SAID} for notes with none. */
  voice: '' | Voice | typeof NOT_SAID;
  /** A group label, or {@link NOT_SAID} for notes with none. */
  group: string;
}

/** The filter value for "no voice" or "no group" (not a label anyone can type: it has a NUL). */
export const NOT_SAID = '\u0000none';

export const NO_FILTER: HeardFilter = { theme: '', question: '', voice: '', group: '' };

export function isFiltered(filter: HeardFilter): boolean {
  return (
    filter.theme !== '' || filter.question !== '' || filter.voice !== '' || filter.group !== ''
  );
}

/** The notes that pass the filter; the playback grouping then runs on them unchanged. */
export function filterNotes(notes: readonly WorkshopNote[], filter: HeardFilter): WorkshopNote[] {
  return notes.filter(
    (n) =>
      (filter.theme === '' || n.themeId === filter.theme) &&
      (filter.question === '' || n.questionId === filter.question) &&
      (filter.voice === '' ||
        (filter.voice === NOT_SAID ? n.voice === undefined : n.voice === filter.voice)) &&
      (filter.group === '' ||
        (filter.group === NOT_SAID ? n.group === undefined : n.group === filter.group)),
  );
}

/** Every group label in use: the event's own, then any a tablet added, in order of first use. */
export function groupLabels(
  eventGroups: readonly string[],
  notes: readonly WorkshopNote[],
): string[] {
  const labels = new Set(eventGroups);
  for (const n of notes)
    if (n.group !== undefined && n.deletedAt === undefined) labels.add(n.group);
  return [...labels];
}
