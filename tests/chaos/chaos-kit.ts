import { request as playwrightRequest, type Page } from '@playwright/test';
import { AdminApi, E2E_DATA_DIR, adminCli, ensureAdmin } from '../e2e/pages/sync.page';
import { startServerProcess, type ServerProcess } from '../server/scale/server-process';
import { startChaosProxy, type ChaosProxy } from './chaos-proxy';

/**
 * The real server (its own process, the built client from `dist/`, the chaos run's data
 * directory: playwright.chaos.config.ts points E2E_DATA_DIR there, so the admin CLI helpers
 * of the e2e suite open the same database) and a chaos proxy in front of it.
 */
export async function startServerBehindProxy(
  rate: number,
): Promise<{ server: ServerProcess; proxy: ChaosProxy }> {
  const server = await startServerProcess({ DATA_DIR: E2E_DATA_DIR, STATIC_DIR: 'dist' });
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 32));
  const proxy = await startChaosProxy(server.url, { seed, rate });
  // The seed replays the proxy's choices: CHAOS_SEED=<seed>.
  console.log(`chaos proxy seed ${seed} (replay with CHAOS_SEED=${seed})`);
  return { server, proxy };
}

/** A fresh enrolment code from the admin CLI, with the test administrator in place. */
export function enrolmentCode(): string {
  ensureAdmin();
  return adminCli('enrolment-code').split('\n')[0]!.trim();
}

/** The admin API, signed in, straight to the server (not through the faults). */
export async function adminApi(
  server: ServerProcess,
): Promise<{ admin: AdminApi; dispose: () => Promise<void> }> {
  const context = await playwrightRequest.newContext({ baseURL: server.url });
  const admin = new AdminApi(context);
  await admin.login();
  return { admin, dispose: () => context.dispose() };
}

/** Entries waiting in the tablet's outbox (IndexedDB `queue`). */
export function outboxCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('involve');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      return await new Promise<number>((resolve, reject) => {
        const req = db.transaction('queue').objectStore('queue').count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
    } finally {
      db.close();
    }
  });
}

export interface StoredNote {
  id: string;
  eventId: string;
  themeId: string;
  deviceId: string;
  text: string;
  updatedAt: string;
}

/** Every note in the tablet's IndexedDB. */
export function notesOnTablet(page: Page): Promise<StoredNote[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('involve');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    try {
      return await new Promise<StoredNote[]>((resolve, reject) => {
        const req = db.transaction('notes').objectStore('notes').getAll();
        req.onsuccess = () => resolve(req.result as StoredNote[]);
        req.onerror = () => reject(new Error(String(req.error)));
      });
    } finally {
      db.close();
    }
  });
}

/**
 * Asks the sync engine to send now, as the tablet regaining its network does: its backoff
 * (up to five minutes) would otherwise make the test wait for nothing.
 */
export async function nudge(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('online'))).catch(() => undefined);
}
