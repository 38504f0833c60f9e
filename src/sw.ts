/// <reference lib="webworker" />
/**
 * The service worker: precaches the whole app shell so it loads with the network off,
 * answers every navigation with the cached index.html, serves survey clips from their own
 * cache (app/lib/clip-cache.ts), and waits for the page's word
 * before taking over (registerType 'prompt'). It carries no data: records sync from the
 * page's own outbox, never through a Workbox BackgroundSync queue.
 */
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CLIP_CACHE, isClipPath, serveClip } from './app/lib/clip-cache';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The very first install takes over the page that installed it, so a tablet that goes offline
// straight after its first visit still opens screens it has not shown yet (their chunks come
// from the precache). An update never activates without the person's word (SKIP_WAITING
// below), and the page reloads when it does, so claiming never mixes two versions.
clientsClaim();
// The API never falls back to the app shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }),
);
// A survey's recorded clips (same origin, under /audio/): from the clip cache first, so
// read-aloud plays them offline; the page fills the cache when it shows the survey.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && request.method === 'GET' && isClipPath(url.pathname),
  async ({ request }) =>
    serveClip(request, await caches.open(CLIP_CACHE), (url, init) => fetch(url, init)),
);

/** Chromium's Service Worker Static Routing API (Chrome 123+); absent elsewhere. */
interface RoutableInstallEvent extends ExtendableEvent {
  addRoutes?: (rules: { condition: { urlPattern: string }; source: 'network' }[]) => Promise<void>;
}

// API calls (sync pushes of up to 2 MB) go straight to the network where the browser allows
// it, instead of being handed through this worker first. Failure here must never stop the
// worker installing: offline start-up depends on it.
self.addEventListener('install', (event: RoutableInstallEvent) => {
  if (typeof event.addRoutes !== 'function') return;
  try {
    event.waitUntil(
      event
        .addRoutes([{ condition: { urlPattern: '/api/*' }, source: 'network' }])
        .catch(() => undefined),
    );
  } catch {
    // An older or stricter implementation: API calls simply pass through the worker.
  }
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
