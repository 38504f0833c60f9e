/**
 * Composition root of the client: wires real storage and the service worker into the app.
 * Dexie, zod and workbox-window load after the first paint (dynamic imports).
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { AppUpdate } from './lib/app-update.svelte';
import './app.css';

const update = new AppUpdate();

mount(App, {
  target: document.getElementById('app')!,
  props: {
    openStorage: async () => {
      const { openStorage } = await import('./storage/open-storage');
      const storage = await openStorage();
      // Sync loads when the browser is idle after the first screen (at most 2 s later); the
      // screens never wait for it, and nothing is lost meanwhile: it all sits in the outbox.
      const sync = new Promise<void>((resolve) =>
        'requestIdleCallback' in window
          ? requestIdleCallback(() => resolve(), { timeout: 2000 })
          : setTimeout(resolve, 200),
      )
        .then(() => import('./sync/start-sync'))
        .then(({ startSync }) => startSync({ ...storage, appVersion: __APP_VERSION__ }));
      return {
        store: storage.store,
        surveys: storage.surveys,
        signups: storage.signups,
        settings: storage.settings,
        sync,
      };
    },
    update,
  },
});

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void import('./pwa').then(({ registerServiceWorker }) => registerServiceWorker(update));
  });
}
