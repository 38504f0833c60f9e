import { describe, expect, it } from 'vitest';
import {
  NOT_ANSWERED,
  ReachFold,
  summariseReach,
  type ReachSummary,
} from '../../../src/shared/admin/reach';
import { isSuppressed } from '../../../src/shared/admin/suppression';
import { uuidv7 } from '../../../src/shared/ids';
import type { EqualityMonitoring } from '../../../src/shared/schemas/survey-response.schema';
import { makeEqualityMonitoring } from '../../fixtures/survey.factory';
import { attackReach } from './reach-attack';

const eventA = uuidv7();
const eventB = uuidv7();
const labels = {
  events: new Map([
    [eventA, 'Carers café'],
    [eventB, 'Annual forum'],
  ]),
  surveys: new Map([
    ['test-survey', 'Ward survey'],
    ['clinic', 'Clinic survey'],
  ]),
};

function people(
  n: number,
  answers: EqualityMonitoring['answers'],
  at: { eventId?: string; surveyId?: string } = {},
) {
  return Array.from({ length: n }, () =>
    makeEqualityMonitoring({
      answers,
      ...(at.eventId ? { eventId: at.eventId, surveyId: undefined } : {}),
      ...(at.surveyId ? { surveyId: at.surveyId } : {}),
    }),
  );
}

function cell(summary: ReachSummary, key: string, category: string, value: string) {
  const column = summary.columns.find((c) => c.key === key)!;
  const found = column.categories
    .find((c) => c.category === category)!
    .values.find((v) => v.value === value)!.cell;
  return 'count' in found ? found.count : 'fewerThan' in found ? 'fewer than 5' : '5 or more';
}

describe('summariseReach', () => {
  const records = [
    ...people(12, { age: '18-24', carer: 'yes' }, { eventId: eventA }),
    ...people(8, { age: '65-74', carer: 'no' }, { eventId: eventA }),
    ...people(2, { age: '75-plus', carer: 'no' }, { eventId: eventA }),
    ...people(6, { age: '18-24', carer: 'prefer-not-to-say' }, { eventId: eventB }),
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
    expect(cell(summary, 'all', 'age', '18-24')).toBe(18);
    expect(cell(summary, 'all', 'age', '65-74')).toBe(8);
    expect(cell(summary, `event:${eventA}`, 'age', '75-plus')).toBe('fewer than 5');
    expect(cell(summary, `event:${eventA}`, 'age', '25-34')).toBe('fewer than 5');
    expect(cell(summary, `event:${eventB}`, 'carer', 'yes')).toBe('fewer than 5');
  });

  it('counts people who skipped a category as not answered, so values add up to the total', () => {
    expect(cell(summary, 'all', 'carer', 'yes')).toBe(12);
    expect(cell(summary, 'all', 'carer', 'no')).toBe(10);
    // Not answered is 0, hidden; 28 - 12 - 10 - 6 would give it away, so "prefer not to
    // say" (6) is hidden too, and said to be 5 or more, which it is.
    expect(cell(summary, 'all', 'carer', NOT_ANSWERED)).toBe('fewer than 5');
    expect(cell(summary, 'all', 'carer', 'prefer-not-to-say')).toBe('5 or more');
  });

  it('never leaves a hidden count that subtraction, down or across, would reveal', () => {
    expect(attackReach(summary, records)).toEqual([]);
  });

  it('has a survey column for records that came through a survey', () => {
    const withSurvey = summariseReach(people(5, { sex: 'female' }), labels);
    expect(withSurvey.columns.map((c) => c.label)).toEqual(['', 'Ward survey']);
  });

  it('hides everything for a column of fewer than 5 people', () => {
    const few = summariseReach(
      [...people(3, { sex: 'male' }, { eventId: eventA }), ...people(9, { sex: 'female' })],
      labels,
    );
    const column = few.columns.find((c) => c.key === `event:${eventA}`)!;
    expect(isSuppressed(column.total)).toBe(true);
    expect(column.categories.flatMap((c) => c.values).every((v) => isSuppressed(v.cell))).toBe(
      true,
    );
  });

  it('says there is nobody, in numbers, when no one has answered', () => {
    const none = summariseReach(
      [makeEqualityMonitoring({ deletedAt: '2026-11-22T00:00:00.000Z' })],
      labels,
    );
    expect(none.columns).toHaveLength(1);
    expect(none.columns[0]!.total).toEqual({ count: 0 });
  });
});

describe('summariseReach across events and surveys (complementary suppression)', () => {
  it('found in the audit: everyone 11 "yes", event A 8, so event B cannot be shown as 11 - 8', () => {
    const records = [
      ...people(8, { disability: 'yes' }, { eventId: eventA }),
      ...people(6, { disability: 'no' }, { eventId: eventA }),
      ...people(3, { disability: 'yes' }, { eventId: eventB }),
      ...people(7, { disability: 'no' }, { eventId: eventB }),
    ];
    const summary = summariseReach(records, labels);
    expect(cell(summary, `event:${eventB}`, 'disability', 'yes')).toBe('fewer than 5');
    // Before, everyone's 11 and A's 8 were both shown beside B's hidden 3.
    const everyoneYes = cell(summary, 'all', 'disability', 'yes');
    const aYes = cell(summary, `event:${eventA}`, 'disability', 'yes');
    expect(typeof everyoneYes === 'number' && typeof aYes === 'number').toBe(false);
    expect(attackReach(summary, records)).toEqual([]);
  });

  it('does the same where survey columns overlap the event columns', () => {
    // Everyone came through the ward survey, at one of two events: the survey column is
    // everyone, and the clinic survey adds people at no event.
    const records = [
      ...people(9, { carer: 'yes' }, { eventId: eventA, surveyId: 'test-survey' }),
      ...people(2, { carer: 'yes' }, { eventId: eventB, surveyId: 'test-survey' }),
      ...people(7, { carer: 'no' }, { eventId: eventB, surveyId: 'test-survey' }),
      ...people(6, { carer: 'no' }, { surveyId: 'clinic' }),
      ...people(3, { carer: 'yes' }, { surveyId: 'clinic' }),
    ];
    const summary = summariseReach(records, labels);
    expect(summary.columns.map((c) => c.key)).toEqual([
      'all',
      `event:${eventB}`,
      `event:${eventA}`,
      'survey:clinic',
      'survey:test-survey',
    ]);
    expect(cell(summary, `event:${eventB}`, 'carer', 'yes')).toBe('fewer than 5');
    expect(cell(summary, 'survey:clinic', 'carer', 'yes')).toBe('fewer than 5');
    expect(attackReach(summary, records)).toEqual([]);
  });
});

describe('ReachFold: reach a record at a time', () => {
  const records = [
    ...people(7, { age: '18-24' }, { eventId: eventA }),
    ...people(3, { age: '65-74', carer: 'yes' }, { eventId: eventB }),
    ...people(6, { age: '25-34' }, { surveyId: 'clinic' }),
    makeEqualityMonitoring({ deletedAt: '2026-11-21T00:00:00.000Z' }),
  ];

  it('answers what summariseReach does, and names the events and surveys it counted', () => {
    const fold = new ReachFold();
    for (const record of records) fold.add(record);
    expect(fold.result(labels)).toEqual(summariseReach(records, labels));
    expect(fold.eventIds().sort()).toEqual([eventA, eventB].sort());
    expect(fold.surveyIds()).toContain('clinic');
  });

  it('heads an event or survey with no title by its id', () => {
    const fold = new ReachFold();
    for (const record of records) fold.add(record);
    const unnamed = fold.result({ events: new Map(), surveys: new Map() });
    expect(unnamed.columns.filter((c) => c.key.startsWith('event:')).map((c) => c.label)).toEqual(
      [eventA, eventB].sort((a, b) => a.localeCompare(b)),
    );
  });
});
