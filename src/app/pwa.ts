import { Workbox } from 'workbox-window';
import type { AppUpdate } from './lib/app-update.svelte';

/**
 * Registers the service worker with `registerType: 'prompt'` behaviour: a new version
 * waits until the person chooses to apply it, and the page reloads only then.
 */
export function registerServiceWorker(
  update: AppUpdate,
  reload: () => void = () => window.location.reload(),
): void {
  const wb = new Workbox('/sw.js', { scope: '/' });
  let applying = false;
  wb.addEventListener('waiting', () => {
    update.ready = true;
  });
  wb.addEventListener('controlling', (event) => {
    // Workbox's `isUpdate` is false on a page that had no worker when it loaded (the first
    // visit, say a kiosk set up then and left running): the update this page applied must
    // reload it all the same, or it goes on running the old version's code.
    if (event.isUpdate || applying) reload();
  });
  update.activate = () => {
    applying = true;
    wb.messageSkipWaiting();
  };
  void wb.register();
}
