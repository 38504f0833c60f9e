import { describe, expect, it } from 'vitest';
import { NOT_ANSWERED, summariseReach } from '../../../src/shared/admin/reach';
import { isSuppressed } from '../../../src/shared/admin/suppression';
import { uuidv7 } from '../../../src/shared/ids';
import type { EqualityMonitoring } from '../../../src/shared/schemas/survey-response.schema';
import { makeEqualityMonitoring } from '../../fixtures/survey.factory';

const eventA = uuidv7();
const eventB = uuidv7();
const labels = {
  events: new Map([
    [eventA, 'Carers café'],
    [eventB, 'Annual forum'],
  ]),
  surveys: new Map([['test-survey', 'Ward survey']]),
};

function people(n: number, answers: EqualityMonitoring['answers'], eventId?: string) {
  return Array.from({ length: n }, () =>
    makeEqualityMonitoring({
      answers,
      ...(eventId ? { eventId, surveyId: undefined } : {}),
    }),
  );
}

function cell(
  summary: ReturnType<typeof summariseReach>,
  key: string,
  category: string,
  value: string,
) {
  const column = summary.columns.find((c) => c.key === key)!;
  const found = column.categories
    .find((c) => c.category === category)!
    .values.find((v) => v.value === value)!;
  return isSuppressed(found.cell) ? 'fewer than 5' : found.cell.count;
}

describe('summariseReach', () => {
  const records = [
    ...people(12, { age: '18-24', carer: 'yes' }, eventA),
    ...people(8, { age: '65-74', carer: 'no' }, eventA),
    ...people(2, { age: '75-plus', carer: 'no' }, eventA),
    ...people(6, { age: '18-24', carer: 'prefer-not-to-say' }, eventB),
  ];
  const summary = summariseReach(records, labels);

  it('has a column for everyone, then each event, to compare them', () => {
    expect(summary.threshold).toBe(5);
    expect(summary.columns.map((c) => [c.key, c.label, c.total])).toEqual([
      ['all', '', { count: 28 }],
      [`event:${eventB}`, 'Annual forum', { count: 6 }],
      [`event:${eventA}`, 'Carers café', { count: 22 }],
    ]);
  });

  it('shows any count under 5 as "fewer than 5", zero included', () => {
    expect(cell(summary, `event:${eventA}`, 'age', '18-24')).toBe(12);
    expect(cell(summary, `event:${eventA}`, 'age', '65-74')).toBe(8);
    expect(cell(summary, `event:${eventA}`, 'age', '75-plus')).toBe('fewer than 5');
    expect(cell(summary, `event:${eventA}`, 'age', '25-34')).toBe('fewer than 5');
  });

  it('counts people who skipped a category as not answered, so values add up to the total', () => {
    expect(cell(summary, 'all', 'ethnicity', NOT_ANSWERED)).toBe(28);
    expect(cell(summary, 'all', 'carer', 'yes')).toBe(12);
    expect(cell(summary, 'all', 'carer', 'no')).toBe(10);
    // Not answered is 0, hidden; 28 - 12 - 10 - 6 would give it away, so the smallest
    // count shown (6) is hidden too.
    expect(cell(summary, 'all', 'carer', NOT_ANSWERED)).toBe('fewer than 5');
    expect(cell(summary, 'all', 'carer', 'prefer-not-to-say')).toBe('fewer than 5');
  });

  it('never leaves one hidden count that subtraction from the total would reveal', () => {
    // Event B: 6 people, all 18-24. Every other age is 0 → hidden; 18-24 could be shown
    // since several are hidden. Carer: 6 prefer not to say; the rest hidden.
    for (const column of summary.columns)
      for (const { values } of column.categories) {
        const hidden = values.filter((v) => isSuppressed(v.cell)).length;
        expect(hidden === 0 || hidden >= 2).toBe(true);
      }
  });

  it('has a survey column for records that came through a survey', () => {
    const withSurvey = summariseReach(people(5, { sex: 'female' }), labels);
    expect(withSurvey.columns.map((c) => c.label)).toEqual(['', 'Ward survey']);
  });

  it('hides everything for a column of fewer than 5 people', () => {
    const few = summariseReach(people(3, { sex: 'male' }, eventA), labels);
    const column = few.columns.find((c) => c.key === `event:${eventA}`)!;
    expect(isSuppressed(column.total)).toBe(true);
    expect(column.categories.flatMap((c) => c.values).every((v) => isSuppressed(v.cell))).toBe(
      true,
    );
  });
});
