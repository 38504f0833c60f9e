/// <reference lib="webworker" />
/**
 * The service worker: precaches the whole app shell so it loads with the network off,
 * answers every navigation with the cached index.html, and waits for the page's word
 * before taking over (registerType 'prompt'). It carries no data: records sync from the
 * page's own outbox, never through a Workbox BackgroundSync queue.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The API never falls back to the app shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
