import { Workbox } from 'workbox-window';
import type { AppUpdate } from './lib/app-update.svelte';
import { sendersLock, type SyncLock } from './sync/sync-lock';

/** Quiet time after the last send before the new worker is asked to take over. */
export const SETTLE_MS = 1_000;
/** How long sends are held back waiting for the new worker to take over. */
export const TAKEOVER_WAIT_MS = 10_000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Registers the service worker with `registerType: 'prompt'` behaviour: a new version
 * waits until the person chooses to apply it, and the page reloads only then.
 *
 * Applying holds `holdSends` (the sync engine's lock, by default) from a second before the
 * new worker is asked to take over until it has. In the sw-update chaos test under load, a
 * kiosk's Done sent its answers at the very moment it applied an update: the outgoing worker
 * restarted about 40 ms after the new one was asked to take over, and the new one stayed
 * parked in waiting (still there 20 s later). A send under way at that moment appears to be
 * what wakes the outgoing worker; applying 2.5 s after the send never failed.
 */
export function registerServiceWorker(
  update: AppUpdate,
  reload: () => void = () => window.location.reload(),
  holdSends: SyncLock | undefined = sendersLock(),
): void {
  const wb = new Workbox('/sw.js', { scope: '/' });
  /** This page has asked a new worker to take over: when one does, the page reloads. */
  let asked = false;
  let reloading = false;
  let tookOver: (() => void) | undefined;
  wb.addEventListener('waiting', () => {
    update.ready = true;
  });
  wb.addEventListener('controlling', (event) => {
    tookOver?.();
    // Workbox's `isUpdate` is false on a page that had no worker when it loaded (the first
    // visit, say a kiosk set up then and left running): the update this page applied must
    // reload it all the same, or it goes on running the old version's code.
    if ((event.isUpdate || asked) && !reloading) {
      reloading = true;
      reload();
    }
  });
  /** Asks the waiting worker to take over; true once it has, false if it has not in time. */
  const takeOver = async (): Promise<boolean> => {
    await pause(SETTLE_MS);
    const controlled = new Promise<boolean>((resolve) => {
      tookOver = () => resolve(true);
      setTimeout(() => resolve(false), TAKEOVER_WAIT_MS);
    });
    asked = true;
    wb.messageSkipWaiting();
    return controlled;
  };
  const holdingSends = async (): Promise<boolean> => {
    if (!holdSends) return takeOver();
    let started = false;
    try {
      return (
        (await holdSends(() => {
          started = true;
          return takeOver();
        })) ?? false
      );
    } catch (error) {
      // The lock itself failed: apply without it rather than never.
      if (started) throw error;
      return takeOver();
    }
  };
  update.activate = () => {
    // One attempt at a time: the kiosk's welcome screen asks each time it comes back clean.
    if (update.applying) return;
    update.applying = true;
    void holdingSends()
      .catch(() => false)
      .then((took) => {
        // Not taken over in time: sends go on and this version keeps working; the next
        // apply asks again, and if the new worker takes over meanwhile the page reloads.
        if (!took && !reloading) update.applying = false;
      });
  };
  void wb.register();
}
