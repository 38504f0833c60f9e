import type { InvolveDb } from '../storage/db';
import { DexieInboxRepository } from '../storage/dexie-inbox.repository';
import { DexieOutboxRepository, DexieSyncStatus } from '../storage/dexie-outbox.repository';
import type { SettingsPort } from '../storage/settings';
import type { WorkshopStore } from '../storage/workshop-store';
import { settingsEnrolment, type EnrolmentPort } from './enrolment';
import { httpSyncClient, type SyncClient } from './sync-client';
import { SyncEngine } from './sync-engine';
import { bestLock } from './sync-lock';
import { settingsSyncTimes } from './sync-times';

/** Everything the sync panel and enrolment screen need. */
export interface SyncServices {
  engine: SyncEngine;
  enrolment: EnrolmentPort;
  client: SyncClient;
  status: DexieSyncStatus;
  /** Sending a refused change again, or deleting one that lives nowhere else. */
  attention: Pick<DexieOutboxRepository, 'sendAgain' | 'discard'>;
}

/**
 * Builds the sync engine over the device's storage and starts its triggers. Loaded after
 * the first screen is up (a dynamic import from main.ts).
 */
export function startSync(deps: {
  db: InvolveDb;
  store: WorkshopStore;
  settings: SettingsPort;
  appVersion: string;
}): SyncServices {
  const enrolment = settingsEnrolment(deps.settings);
  const client = httpSyncClient();
  const outbox = new DexieOutboxRepository(deps.db);
  const engine = new SyncEngine({
    outbox,
    inbox: new DexieInboxRepository(deps.db, deps.settings, deps.appVersion),
    client,
    enrolment,
    times: settingsSyncTimes(deps.settings),
    lock: bestLock(),
    appVersion: deps.appVersion,
    watchWaiting: () => {
      const counts = deps.store.liveCounts();
      return {
        subscribe: (observer) =>
          counts.subscribe({
            next: (c) => observer.next(c.unsent),
            error: (e: unknown) => observer.error?.(e),
          }),
      };
    },
  });
  engine.start();
  return { engine, enrolment, client, status: new DexieSyncStatus(deps.db), attention: outbox };
}
