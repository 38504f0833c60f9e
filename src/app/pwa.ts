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
 * Applying holds `holdSends` (the sync engine's lock, by default) from just before the new
 * worker is asked to take over until it has: a send starting at that moment wakes the
 * outgoing worker, and Chromium then parks the new one in waiting (seen on a busy tablet: a
 * kiosk's Done saves and sends at the very moment it applies an update; the new worker was
 * still waiting 20 s later, and taking over 2.5 s after the send never failed).
 */
export function registerServiceWorker(
  update: AppUpdate,
  reload: () => void = () => window.location.reload(),
  holdSends: SyncLock | undefined = sendersLock(),
): void {
  const wb = new Workbox('/sw.js', { scope: '/' });
  let applying = false;
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
    if ((event.isUpdate || applying) && !reloading) {
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
    wb.messageSkipWaiting();
    return controlled;
  };
  update.activate = () => {
    // Asked once: the kiosk's welcome screen asks each time it comes back clean. If the new
    // worker takes over later (the browser lets it once the old one is idle), the page
    // still reloads then; until it does, this version goes on working and sends go on.
    if (applying) return;
    applying = true;
    void (holdSends ? holdSends(takeOver) : takeOver()).catch(() => undefined);
  };
  void wb.register();
}
