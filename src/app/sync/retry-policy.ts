/**
 * Exponential backoff with full jitter: the wait after the n-th failure in a row is drawn
 * uniformly from [0, min(cap, base · 2^n)). Spreading retries this way keeps a room of
 * tablets that regain wifi together from knocking on the server in step.
 */
export const RETRY = { baseMs: 1000, capMs: 5 * 60 * 1000 } as const;

export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY.capMs, RETRY.baseMs * 2 ** Math.min(failures, 30));
  return Math.floor(random() * ceiling);
}
