import type { BrowserContext, Page } from '@playwright/test';

/**
 * Switches the tablet's network off once the service worker has the whole app cached (its
 * install precaches everything; `ready` waits for that), so what follows runs as it would on a
 * ward with no wifi.
 */
export async function goOffline(page: Page, context: BrowserContext): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
}

/**
 * Reloads with the network off. Chromium's offline emulation blocks the new document's requests
 * but, in some versions (150 here), reports `navigator.onLine === true` to a document the
 * service worker served; a real tablet without a network reports false. Switching the emulation
 * off and on again makes the new document see what a tablet would: an `offline` state.
 */
export async function reloadOffline(page: Page, context: BrowserContext): Promise<void> {
  await page.reload();
  if (await page.evaluate(() => navigator.onLine)) {
    await context.setOffline(false);
    await context.setOffline(true);
  }
}
