import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startPushThreads } from '../../src/server/sync/push-reader';
import type { PushReader } from '../../src/server/sync/push-reader';

/**
 * Declares `cases` twice: pushes read on the thread that serves requests, and on a thread of
 * their own. `reader()` answers that round's reader, to give `startTestServer`; no thread may
 * fail during the round.
 */
export function withEachPushReader(cases: (reader: () => PushReader) => void): void {
  describe.each([
    { where: 'on the thread that serves requests', threads: 0 },
    { where: 'on a thread of its own', threads: 1 },
  ])('pushes read $where', ({ threads }) => {
    let pushReader: PushReader | undefined;
    const threadErrors: string[] = [];

    beforeAll(() => {
      pushReader = startPushThreads({ threads, onError: (line) => threadErrors.push(line) });
    });

    afterAll(async () => {
      await pushReader?.close();
      expect(threadErrors).toEqual([]);
    });

    cases(() => {
      if (pushReader === undefined) throw new Error('The push reader starts before each round');
      return pushReader;
    });
  });
}
