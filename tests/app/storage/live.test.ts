import { describe, expect, it } from 'vitest';
import { shared, type Live } from '../../../src/app/storage/live';

/** A source that counts how often it is started and lets the test push values. */
function source() {
  const log = { starts: 0, stops: 0 };
  let push: ((n: number) => void) | undefined;
  const live: Live<number> = {
    subscribe(observer) {
      log.starts += 1;
      push = (n) => observer.next(n);
      return {
        unsubscribe() {
          log.stops += 1;
          push = undefined;
        },
      };
    },
  };
  return { live, log, push: (n: number) => push?.(n) };
}

describe('shared live queries', () => {
  it('runs one query for every watcher, gives a late one the latest value, and stops with the last', () => {
    const { live, log, push } = source();
    const counts = shared(() => live);
    const a: number[] = [];
    const b: number[] = [];
    const subA = counts.subscribe({ next: (n) => a.push(n) });
    push(1);
    const subB = counts.subscribe({ next: (n) => b.push(n) });
    push(2);
    expect(log.starts).toBe(1);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2]);

    subA.unsubscribe();
    push(3);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2, 3]);
    expect(log.stops).toBe(0);
    subB.unsubscribe();
    expect(log.stops).toBe(1);

    // Watched again later: a fresh query, with no stale value replayed.
    const c: number[] = [];
    counts.subscribe({ next: (n) => c.push(n) });
    expect(c).toEqual([]);
    expect(log.starts).toBe(2);
    push(4);
    expect(c).toEqual([4]);
  });

  it('passes an error to every watcher', () => {
    const errors: unknown[] = [];
    const failing = shared<number>(() => ({
      subscribe(observer) {
        observer.error?.(new Error('IndexedDB went away'));
        return { unsubscribe() {} };
      },
    }));
    failing.subscribe({ next: () => {}, error: (e) => errors.push(e) });
    expect(errors).toHaveLength(1);
  });
});
