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
      return openStorage();
    },
    update,
  },
});

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void import('./pwa').then(({ registerServiceWorker }) => registerServiceWorker(update));
  });
}
