import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseReach } from '../../../src/shared/admin/reach';
import { EQUALITY_CATEGORIES } from '../../../src/shared/survey/equality';
import { makeEqualityMonitoring } from '../../fixtures/survey.factory';
import { attackReach } from './reach-attack';

const EVENTS = [
  '0190f0a0-0000-7000-8000-0000000000e1',
  '0190f0a0-0000-7000-8000-0000000000e2',
  '0190f0a0-0000-7000-8000-0000000000e3',
];
const SURVEYS = ['ward', 'clinic'];
const labels = { events: new Map<string, string>(), surveys: new Map<string, string>() };

/** A few values per category, so counts land on both sides of 5 and zeros are common. */
const answer = (values: readonly string[]) =>
  fc.option(fc.constantFrom(...values.slice(0, 2), 'prefer-not-to-say'), { nil: undefined });

const person = (where: 'events' | 'surveys' | 'either') =>
  fc
    .record({
      event:
        where === 'surveys'
          ? fc.constant(undefined)
          : where === 'events'
            ? fc.constantFrom(...EVENTS)
            : fc.option(fc.constantFrom(...EVENTS), { nil: undefined }),
      survey:
        where === 'events'
          ? fc.constant(undefined)
          : fc.option(fc.constantFrom(...SURVEYS), { nil: undefined }),
      disability: answer(EQUALITY_CATEGORIES.disability),
      carer: answer(EQUALITY_CATEGORIES.carer),
      age: answer(EQUALITY_CATEGORIES.age),
      sex: answer(EQUALITY_CATEGORIES.sex),
      deleted: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    })
    .map(({ event, survey, deleted, ...answers }) =>
      makeEqualityMonitoring({
        eventId: event,
        surveyId: survey,
        answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)),
        ...(deleted ? { deletedAt: '2026-11-22T00:00:00.000Z' } : {}),
      }),
    );

// Everyone at an event (so everyone = the events exactly), through surveys only, or a mix;
// up to 60 people, so counts fall on both sides of 5.
const many = { maxLength: 60, size: 'max' } as const;
const crowd = fc.oneof(
  fc.array(person('events'), many),
  fc.array(person('surveys'), many),
  fc.array(person('either'), many),
);

describe('reach suppression (property)', () => {
  it('publishes only true figures, and no hidden count follows from any one row or column sum', () => {
    fc.assert(
      fc.property(crowd, (records) => {
        const summary = summariseReach(records, labels);
        expect(attackReach(summary, records, { chained: false })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('nor from several sums taken together', () => {
    fc.assert(
      fc.property(crowd, (records) => {
        const summary = summariseReach(records, labels);
        expect(attackReach(summary, records, { chained: true })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
