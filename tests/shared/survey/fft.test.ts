import { describe, expect, it } from 'vitest';
import {
  countFft,
  emptyFftCounts,
  fftScores,
  type FftCounts,
} from '../../../src/shared/survey/fft';

function counts(c: Partial<FftCounts>): FftCounts {
  return { ...emptyFftCounts(), ...c };
}

describe('fftScores (NHS England: share of all responses to the question)', () => {
  it('works the published way on a worked example', () => {
    // Illustrative figures, not a row of NHS England's published data; the arithmetic is theirs.
    // 211 + 132 + 12 + 6 + 2 + 1 = 364 responses.
    // Positive: (211 + 132) / 364 = 343 / 364 = 94.2307…%
    // Negative: (6 + 2) / 364 = 8 / 364 = 2.1978…%
    const scores = fftScores(
      counts({
        'very-good': 211,
        good: 132,
        neither: 12,
        poor: 6,
        'very-poor': 2,
        'dont-know': 1,
      }),
    );
    expect(scores.total).toBe(364);
    expect(scores.positive).toBe(343);
    expect(scores.negative).toBe(8);
    expect(scores.percentPositive!.toFixed(2)).toBe('94.23');
    expect(scores.percentNegative!.toFixed(2)).toBe('2.20');
  });

  it('counts "Neither" and "Don\'t know" in the total but in neither score', () => {
    const scores = fftScores(counts({ 'very-good': 1, neither: 2, 'dont-know': 1 }));
    expect(scores.total).toBe(4);
    expect(scores.percentPositive).toBe(25);
    expect(scores.percentNegative).toBe(0);
  });

  it('gives 100% positive when everyone said Very good or Good', () => {
    const scores = fftScores(counts({ 'very-good': 3, good: 1 }));
    expect(scores.percentPositive).toBe(100);
    expect(scores.percentNegative).toBe(0);
  });

  it('counts Poor and Very poor as negative', () => {
    const scores = fftScores(counts({ good: 1, poor: 1, 'very-poor': 2 }));
    expect(scores.negative).toBe(3);
    expect(scores.percentNegative).toBe(75);
    expect(scores.percentPositive).toBe(25);
  });

  it('gives no percentage with no responses, rather than 0% or NaN', () => {
    expect(fftScores(emptyFftCounts())).toEqual({
      total: 0,
      positive: 0,
      negative: 0,
      percentPositive: undefined,
      percentNegative: undefined,
    });
  });

  it('gives 0%, not no percentage, when every response was "Don\'t know"', () => {
    const scores = fftScores(counts({ 'dont-know': 2 }));
    expect(scores.total).toBe(2);
    expect(scores.percentPositive).toBe(0);
    expect(scores.percentNegative).toBe(0);
  });
});

describe('countFft', () => {
  it('counts each of the six answers', () => {
    expect(
      countFft(['very-good', 'good', 'good', 'neither', 'poor', 'very-poor', 'dont-know']),
    ).toEqual({
      'very-good': 1,
      good: 2,
      neither: 1,
      poor: 1,
      'very-poor': 1,
      'dont-know': 1,
    });
  });

  it('ignores skipped questions (undefined) and values that are not FFT answers', () => {
    const c = countFft([
      'good',
      undefined,
      'excellent',
      'happy',
      '',
      'toString',
      '__proto__',
      'constructor',
    ]);
    expect(c).toEqual(counts({ good: 1 }));
    expect(fftScores(c).total).toBe(1);
  });

  it('starts from zero with nothing to count', () => {
    expect(countFft([])).toEqual(emptyFftCounts());
    expect(Object.values(emptyFftCounts())).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reads from any iterable, such as a generator over responses', () => {
    function* choices() {
      yield 'very-good';
      yield undefined;
      yield 'very-good';
    }
    expect(fftScores(countFft(choices())).percentPositive).toBe(100);
  });
});
