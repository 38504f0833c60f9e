/** Runs `task` only if no other holder (this tab or another) is sending; else returns undefined. */
export type SyncLock = <T>(task: () => Promise<T>) => Promise<T | undefined>;

/** One sender per origin through the Web Locks API, where the browser has it. */
export function webLock(name = 'involve-sync'): SyncLock {
  return async (task) =>
    navigator.locks.request(name, { ifAvailable: true }, async (lock) =>
      lock ? task() : undefined,
    );
}

/** One sender in this process: for browsers without Web Locks, and for tests. */
export function processLock(): SyncLock {
  let busy = false;
  return async (task) => {
    if (busy) return undefined;
    busy = true;
    try {
      return await task();
    } finally {
      busy = false;
    }
  };
}

export function bestLock(): SyncLock {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? webLock() : processLock();
}
