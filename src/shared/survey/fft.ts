import { FIXED_OPTION_VALUES } from './survey-rules';

export type FftAnswer = (typeof FIXED_OPTION_VALUES.fft)[number];
export type FftCounts = Record<FftAnswer, number>;

export interface FftScores {
  /** Every response to the FFT question, "don't know" included. */
  total: number;
  positive: number;
  negative: number;
  /** Percentages of `total`, unrounded; undefined when there are no responses. */
  percentPositive: number | undefined;
  percentNegative: number | undefined;
}

export function emptyFftCounts(): FftCounts {
  return Object.fromEntries(FIXED_OPTION_VALUES.fft.map((v) => [v, 0])) as FftCounts;
}

/**
 * The Friends and Family Test scores as NHS England publishes them: percentage positive is
 * (Very good + Good) and percentage negative (Poor + Very poor) over all responses to the
 * question, "Don't know" and "Neither good nor poor" included in the total. A response that
 * skipped the question is not a response to it and is not counted.
 *
 * Source: NHS England, "Friends and Family Test data" (england.nhs.uk/fft/friends-and-family-test-data/)
 * and the technical/background notes published with each month's data, which give the
 * percentages over the total of all six responses, "Don't know" included in the denominator.
 */
export function fftScores(counts: FftCounts): FftScores {
  const total = FIXED_OPTION_VALUES.fft.reduce((sum, v) => sum + counts[v], 0);
  const positive = counts['very-good'] + counts.good;
  const negative = counts.poor + counts['very-poor'];
  return {
    total,
    positive,
    negative,
    percentPositive: total === 0 ? undefined : (100 * positive) / total,
    percentNegative: total === 0 ? undefined : (100 * negative) / total,
  };
}

/** Adds one response's answer to the FFT question to `counts` (nothing if it is not one). */
export function tallyFft(counts: FftCounts, choice: string | undefined): void {
  if (choice !== undefined && Object.hasOwn(counts, choice)) counts[choice as FftAnswer]++;
}

/** Counts each of the six answers, from the FFT question's answer in each response. */
export function countFft(choices: Iterable<string | undefined>): FftCounts {
  const counts = emptyFftCounts();
  for (const choice of choices) tallyFft(counts, choice);
  return counts;
}
