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
      // Sync loads once the first screen is up; the screens never wait for it.
      const sync = new Promise<void>((resolve) => setTimeout(resolve, 0))
        .then(() => import('./sync/start-sync'))
        .then(({ startSync }) => startSync({ ...storage, appVersion: __APP_VERSION__ }));
      return { store: storage.store, settings: storage.settings, sync };
    },
    update,
  },
});

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void import('./pwa').then(({ registerServiceWorker }) => registerServiceWorker(update));
  });
}
