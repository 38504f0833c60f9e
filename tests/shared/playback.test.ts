import { describe, expect, it } from 'vitest';
import { boardCounts, byCreation, groupPlayback } from '../../src/shared/playback';
import type { WorkshopNote } from '../../src/shared/schemas/note.schema';
import { makeEvent, makeNote } from '../fixtures/workshop.factory';

/** A UTC time on the event day, minutes after 10:00. */
function minute(n: number): string {
  return new Date(Date.UTC(2026, 10, 21, 10, n)).toISOString();
}

const event = makeEvent({
  // Not the default order, so the test shows the event's own order wins.
  themes: [
    { id: 'leadership', name: 'Leadership' },
    { id: 'training', name: 'Staff training' },
    { id: 'communication', name: 'Communication' },
  ],
});

function note(overrides: Partial<WorkshopNote>): WorkshopNote {
  return makeNote({ eventId: event.id, ...overrides });
}

function texts(notes: readonly WorkshopNote[]): string[] {
  return notes.map((n) => n.text);
}

describe('groupPlayback', () => {
  it('lists every theme in event order, each with the three questions in order', () => {
    const result = groupPlayback(event, []);
    expect(result.map((t) => [t.themeId, t.themeName])).toEqual([
      ['leadership', 'Leadership'],
      ['training', 'Staff training'],
      ['communication', 'Communication'],
    ]);
    for (const theme of result) {
      expect(theme.questions.map((q) => q.questionId)).toEqual(['ideal', 'worked', 'get-there']);
      expect(theme.total).toBe(0);
      for (const q of theme.questions) {
        expect(q.notes).toEqual([]);
        expect(q.worked).toEqual([]);
        expect(q.notWorked).toEqual([]);
      }
    }
  });

  it('files each note under its theme and question', () => {
    const notes = [
      note({ themeId: 'training', questionId: 'get-there', text: 'T3' }),
      note({ themeId: 'leadership', questionId: 'ideal', text: 'L1' }),
      note({ themeId: 'training', questionId: 'worked', polarity: 'worked', text: 'T2' }),
      note({ themeId: 'communication', questionId: 'ideal', text: 'C1' }),
    ];
    const result = groupPlayback(event, notes);
    const summary = result.map((t) => ({
      themeId: t.themeId,
      total: t.total,
      questions: t.questions.map((q) => texts(q.notes)),
    }));
    expect(summary).toEqual([
      { themeId: 'leadership', total: 1, questions: [['L1'], [], []] },
      { themeId: 'training', total: 2, questions: [[], ['T2'], ['T3']] },
      { themeId: 'communication', total: 1, questions: [['C1'], [], []] },
    ]);
  });

  it('splits question 2 into worked and not worked, keeping both in notes', () => {
    const notes = [
      note({ questionId: 'worked', polarity: 'worked', text: 'good 1', createdAt: minute(1) }),
      note({ questionId: 'worked', polarity: 'not-worked', text: 'bad 1', createdAt: minute(2) }),
      note({ questionId: 'worked', polarity: 'worked', text: 'good 2', createdAt: minute(3) }),
      note({ questionId: 'ideal', text: 'ideal', createdAt: minute(4) }),
    ];
    const training = groupPlayback(event, notes).find((t) => t.themeId === 'training');
    const [ideal, worked, getThere] = training?.questions ?? [];
    expect(texts(worked?.notes ?? [])).toEqual(['good 1', 'bad 1', 'good 2']);
    expect(texts(worked?.worked ?? [])).toEqual(['good 1', 'good 2']);
    expect(texts(worked?.notWorked ?? [])).toEqual(['bad 1']);
    // The split is for question 2 only.
    expect(texts(ideal?.notes ?? [])).toEqual(['ideal']);
    expect(ideal?.worked).toEqual([]);
    expect(ideal?.notWorked).toEqual([]);
    expect(getThere?.worked).toEqual([]);
    expect(getThere?.notWorked).toEqual([]);
  });

  it('puts notes oldest first, whatever order they arrive in', () => {
    const notes = [
      note({ text: 'third', createdAt: minute(30) }),
      note({ text: 'first', createdAt: minute(1) }),
      note({ text: 'second', createdAt: minute(2) }),
    ];
    const training = groupPlayback(event, notes).find((t) => t.themeId === 'training');
    expect(texts(training?.questions[0]?.notes ?? [])).toEqual(['first', 'second', 'third']);
  });

  it('breaks createdAt ties by id, which is creation order for UUIDv7', () => {
    const made = [note({ text: 'a' }), note({ text: 'b' }), note({ text: 'c' })];
    expect(made.map((n) => n.createdAt)).toEqual([minute(0), minute(0), minute(0)]);
    const training = groupPlayback(event, [...made].reverse()).find(
      (t) => t.themeId === 'training',
    );
    expect(texts(training?.questions[0]?.notes ?? [])).toEqual(['a', 'b', 'c']);
  });

  it('does not reorder the array it is given', () => {
    const notes = [note({ text: 'later', createdAt: minute(5) }), note({ createdAt: minute(1) })];
    const copy = [...notes];
    groupPlayback(event, notes);
    expect(notes).toEqual(copy);
  });

  it('leaves out deleted notes', () => {
    const notes = [
      note({ text: 'kept' }),
      note({ text: 'deleted', deletedAt: minute(10) }),
      note({ questionId: 'worked', polarity: 'worked', text: 'gone', deletedAt: minute(11) }),
    ];
    const training = groupPlayback(event, notes).find((t) => t.themeId === 'training');
    expect(training?.total).toBe(1);
    expect(training?.questions.flatMap((q) => texts(q.notes))).toEqual(['kept']);
    expect(training?.questions[1]?.worked).toEqual([]);
  });

  it("leaves out another event's notes", () => {
    const other = makeEvent();
    const notes = [
      note({ text: 'ours' }),
      makeNote({ eventId: other.id, themeId: 'training', text: 'theirs' }),
      makeNote({ eventId: other.id, themeId: 'gone', text: 'theirs too' }),
    ];
    const result = groupPlayback(event, notes);
    expect(result).toHaveLength(3);
    expect(result.flatMap((t) => t.questions.flatMap((q) => texts(q.notes)))).toEqual(['ours']);
  });

  it('puts notes under a theme the event no longer has last, without a name', () => {
    const notes = [
      note({ themeId: 'dropped-b', text: 'orphan b', createdAt: minute(1) }),
      note({ themeId: 'training', text: 'kept', createdAt: minute(2) }),
      note({ themeId: 'dropped-a', text: 'orphan a', createdAt: minute(3) }),
      note({
        themeId: 'dropped-b',
        questionId: 'get-there',
        text: 'orphan b2',
        createdAt: minute(4),
      }),
    ];
    const result = groupPlayback(event, notes);
    expect(result.map((t) => [t.themeId, t.themeName, t.total])).toEqual([
      ['leadership', 'Leadership', 0],
      ['training', 'Staff training', 1],
      ['communication', 'Communication', 0],
      ['dropped-b', undefined, 2],
      ['dropped-a', undefined, 1],
    ]);
    const droppedB = result[3];
    expect(droppedB?.questions.map((q) => texts(q.notes))).toEqual([
      ['orphan b'],
      [],
      ['orphan b2'],
    ]);
  });

  it('does not list a dropped theme whose only notes are deleted', () => {
    const notes = [note({ themeId: 'dropped', deletedAt: minute(5) })];
    expect(groupPlayback(event, notes).map((t) => t.themeId)).toEqual([
      'leadership',
      'training',
      'communication',
    ]);
  });

  it('counts every live note once across themes', () => {
    const notes = [
      note({ themeId: 'leadership' }),
      note({ themeId: 'training', questionId: 'worked', polarity: 'not-worked' }),
      note({ themeId: 'dropped' }),
      note({ themeId: 'training', deletedAt: minute(1) }),
    ];
    const result = groupPlayback(event, notes);
    expect(result.reduce((sum, t) => sum + t.total, 0)).toBe(3);
    expect(result.flatMap((t) => t.questions.flatMap((q) => q.notes)).map((n) => n.id)).toEqual([
      notes[0]?.id,
      notes[1]?.id,
      notes[2]?.id,
    ]);
  });
});

describe('byCreation', () => {
  it('orders by createdAt, then id, and says 0 for the same note', () => {
    const early = note({ createdAt: minute(1) });
    const late = note({ createdAt: minute(2) });
    const sameTimeA = note({ createdAt: minute(3) });
    const sameTimeB = note({ createdAt: minute(3) });
    expect(byCreation(early, late)).toBe(-1);
    expect(byCreation(late, early)).toBe(1);
    expect(byCreation(sameTimeA, sameTimeB)).toBe(-1);
    expect(byCreation(sameTimeB, sameTimeA)).toBe(1);
    expect(byCreation(early, early)).toBe(0);
  });

  // BUG: the schema accepts any ISO precision ('…10:00:00Z' as well as '…10:00:00.500Z'), but
  // byCreation compares the strings, and '.' sorts before 'Z', so the later note comes first.
  it('orders by time when timestamps differ in precision', () => {
    const earlier = note({ createdAt: '2026-11-21T10:00:00Z' });
    const later = note({ createdAt: '2026-11-21T10:00:00.500Z' });
    expect(byCreation(earlier, later)).toBe(-1);
  });
});

describe('boardCounts', () => {
  it('counts live notes per theme and question', () => {
    const notes = [
      note({ themeId: 'training', questionId: 'ideal' }),
      note({ themeId: 'training', questionId: 'ideal' }),
      note({ themeId: 'training', questionId: 'worked', polarity: 'worked' }),
      note({ themeId: 'training', questionId: 'worked', polarity: 'not-worked' }),
      note({ themeId: 'leadership', questionId: 'get-there' }),
      note({ themeId: 'leadership', questionId: 'get-there', deletedAt: minute(9) }),
      note({ themeId: 'workforce', questionId: 'ideal', deletedAt: minute(9) }),
    ];
    const counts = boardCounts(notes);
    expect(Object.fromEntries(counts)).toEqual({
      training: { ideal: 2, worked: 2, 'get-there': 0 },
      leadership: { ideal: 0, worked: 0, 'get-there': 1 },
    });
    // A theme with only deleted notes has no row at all.
    expect(counts.has('workforce')).toBe(false);
  });

  it('is empty for no notes', () => {
    expect(boardCounts([]).size).toBe(0);
  });
});
