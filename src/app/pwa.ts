import { Workbox } from 'workbox-window';
import type { AppUpdate } from './lib/app-update.svelte';

/**
 * Registers the service worker with `registerType: 'prompt'` behaviour: a new version
 * waits until the person chooses to apply it, and the page reloads only then.
 */
export function registerServiceWorker(update: AppUpdate): void {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    update.ready = true;
  });
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  update.activate = () => wb.messageSkipWaiting();
  void wb.register();
}
