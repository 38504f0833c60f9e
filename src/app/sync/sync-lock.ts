/** Runs `task` only if no other holder (this tab or another) is sending; else returns undefined. */
export type SyncLock = <T>(task: () => Promise<T>) => Promise<T | undefined>;

/** The Web Lock every sync pass takes; applying an app update holds it too (app/pwa.ts). */
export const SYNC_LOCK_NAME = 'involve-sync';

/**
 * One sender per origin through the Web Locks API, where the browser has it. A tab waits
 * its turn rather than giving up, so a trigger that fires while another tab sends is not
 * lost if that tab then fails or closes; its own pass is then quick if nothing is left.
 */
export function webLock(name = SYNC_LOCK_NAME): SyncLock {
  return async (task) => navigator.locks.request(name, async () => task());
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

function hasWebLocks(): boolean {
  return typeof navigator !== 'undefined' && 'locks' in navigator;
}

export function bestLock(): SyncLock {
  return hasWebLocks() ? webLock() : processLock();
}

/** The senders' own lock, shared with every tab, where the browser has Web Locks. */
export function sendersLock(): SyncLock | undefined {
  return hasWebLocks() ? webLock() : undefined;
}
