import { describe, expect, it } from 'vitest';
import { RETRY, retryDelay } from '../../../src/app/sync/retry-policy';

describe('retry delay (exponential backoff, full jitter)', () => {
  it('draws from zero up to base · 2^failures', () => {
    expect(retryDelay(1, () => 0)).toBe(0);
    expect(retryDelay(1, () => 0.999)).toBe(Math.floor(0.999 * 2 * RETRY.baseMs));
    expect(retryDelay(3, () => 0.5)).toBe(4 * RETRY.baseMs);
  });

  it('never waits longer than the cap, however many failures', () => {
    for (const failures of [9, 10, 20, 1000]) {
      expect(retryDelay(failures, () => 0.999_999)).toBeLessThan(RETRY.capMs);
      expect(retryDelay(failures, () => 0.999_999)).toBeGreaterThan(RETRY.capMs * 0.99);
    }
  });

  it('spreads a room of tablets out instead of retrying in step', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(5)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
