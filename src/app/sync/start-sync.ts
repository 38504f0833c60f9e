import type { InvolveDb } from '../storage/db';
import { DexieInboxRepository } from '../storage/dexie-inbox.repository';
import { DexieOutboxRepository, DexieSyncStatus } from '../storage/dexie-outbox.repository';
import type { SettingsPort } from '../storage/settings';
import type { WorkshopStore } from '../storage/workshop-store';
import { settingsEnrolment, type EnrolmentPort } from './enrolment';
import { httpSyncClient, type SyncClient } from './sync-client';
import { SyncEngine, type SyncEngineDeps } from './sync-engine';
import { bestLock, type SyncLock } from './sync-lock';
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

/** What the sync services are built from. */
export interface SyncWiring {
  db: InvolveDb;
  settings: SettingsPort;
  appVersion: string;
  /** Its live counts tell the engine a save is waiting; without it, only the other triggers send. */
  store?: WorkshopStore;
  /** The server; by default over HTTP to the origin the app came from. */
  client?: SyncClient;
  /** One sender at a time; by default Web Locks where the browser has them. */
  lock?: SyncLock;
  /** What tests fix about the engine's world: whether online, the clock, chance. */
  tuning?: Pick<SyncEngineDeps, 'isOnline' | 'now' | 'random'>;
}

/**
 * The sync engine and what the sync panel and enrolment screen use, over the device's
 * storage, wired as the app runs them (tests pass their own client, lock and tuning). The
 * engine's browser triggers are not started here: {@link startSync} does that.
 */
export function buildSync(deps: SyncWiring): SyncServices {
  const { store } = deps;
  const enrolment = settingsEnrolment(deps.settings);
  const client = deps.client ?? httpSyncClient();
  const outbox = new DexieOutboxRepository(deps.db);
  const engine = new SyncEngine({
    outbox,
    inbox: new DexieInboxRepository(deps.db, deps.settings, deps.appVersion),
    client,
    enrolment,
    times: settingsSyncTimes(deps.settings),
    lock: deps.lock ?? bestLock(),
    appVersion: deps.appVersion,
    ...deps.tuning,
    ...(store && {
      watchWaiting: () => {
        const counts = store.liveCounts();
        return {
          subscribe: (observer) =>
            counts.subscribe({
              next: (c) => observer.next(c.unsent),
              error: (e: unknown) => observer.error?.(e),
            }),
        };
      },
    }),
  });
  return { engine, enrolment, client, status: new DexieSyncStatus(deps.db), attention: outbox };
}

/**
 * Builds the sync services and starts the engine's triggers. Loaded after the first screen
 * is up (a dynamic import from main.ts).
 */
export function startSync(deps: SyncWiring & { store: WorkshopStore }): SyncServices {
  const services = buildSync(deps);
  services.engine.start();
  return services;
}
