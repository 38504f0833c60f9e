import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7At } from '../../../src/shared/ids';
import {
  signUpTimeProblem,
  ukMobileProblem,
  ukPhoneProblem,
} from '../../../src/shared/signup/signup-rules';

describe('UK phone numbers', () => {
  it.each([
    ['0113 496 0000', 'geographic (01)'],
    ['020 7946 0000', 'London (02)'],
    ['0300 123 4567', 'UK-wide (03)'],
    ['0560 123 4567', 'corporate (05)'],
    ['07700 900123', 'mobile (07)'],
    ['0800 123 4567', 'freephone (08)'],
    ['+44 (0)7700 900123', 'written with +44 and (0)'],
    ['0044 113 496 0000', 'written with 0044'],
  ])('takes %s, %s', (number) => {
    expect(ukPhoneProblem(number)).toBeUndefined();
  });

  it.each([
    ['0906 123 4567', 'premium rate (09): not a way to reach a person'],
    ['0909 876 5432', 'premium rate (09)'],
    ['0400 123 456', '04 is not used'],
    ['0600 123 456', '06 is not used'],
    ['07700 9001', 'too short'],
    ['07700 9001234', 'too long'],
    ['7700 900123', 'no leading 0'],
    ['07700 9OO123', 'letters'],
  ])('refuses %s: %s', (number) => {
    expect(ukPhoneProblem(number)).toBe('invalid');
  });

  it('says a number is missing, not wrong, when nothing was typed', () => {
    expect(ukPhoneProblem('  ')).toBe('missing');
    expect(ukMobileProblem('')).toBe('missing');
  });

  it('takes only 07 numbers for texts', () => {
    expect(ukMobileProblem('07700 900123')).toBeUndefined();
    expect(ukMobileProblem('0113 496 0000')).toBe('invalid');
  });
});

describe('signUpTimeProblem', () => {
  const day = '2026-11-21T00:00:00.000Z';
  const dated = (change: Partial<Parameters<typeof signUpTimeProblem>[0]> = {}) => ({
    id: uuidv7At(Date.parse(day)),
    createdAt: day,
    updatedAt: day,
    consent: { givenAt: day },
    ...change,
  });

  it('takes a sign-up whose every time, and its id, is a midnight UTC', () => {
    expect(signUpTimeProblem(dated())).toBeUndefined();
    expect(signUpTimeProblem(dated({ deletedAt: '2026-11-22T00:00:00Z' }))).toBeUndefined();
  });

  it.each([
    ['createdAt', { createdAt: '2026-11-21T15:42:10.000Z' }],
    ['updatedAt', { updatedAt: '2026-11-21T00:00:00.001Z' }],
    ['consent.givenAt', { consent: { givenAt: '2026-11-21T00:00:01Z' } }],
    ['deletedAt', { deletedAt: '2026-11-21T08:00:00.000Z' }],
    ['id', { id: uuidv7At(Date.parse(day) + 1) }],
    ['id', { id: uuidv7() }],
  ])('names %s when it is finer than the day', (field, change) => {
    expect(signUpTimeProblem(dated(change))).toMatchObject({
      field,
      reason: expect.stringMatching(/dated to the day only/) as unknown,
    });
  });
});
