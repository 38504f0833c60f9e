import { idbSettings } from '../../src/app/storage/settings';
import { InvolveDb } from '../../src/app/storage/db';
import { DexieWorkshopStore } from '../../src/app/storage/dexie-workshop.store';
import { DexieSurveyStore } from '../../src/app/storage/dexie-survey.store';
import { DexieSignUpStore } from '../../src/app/storage/dexie-signup.store';
import type { EventInput } from '../../src/app/storage/workshop-store';
import { createStore } from 'idb-keyval';
import { DEFAULT_THEMES } from '../../src/shared';
import { buildSync, type SyncServices, type SyncWiring } from '../../src/app/sync/start-sync';
import type { SyncClient } from '../../src/app/sync/sync-client';
import { processLock } from '../../src/app/sync/sync-lock';

let n = 0;

/** A fresh device: its own Dexie database and settings store in fake-indexeddb. */
export function freshDevice() {
  n += 1;
  return openDevice({
    deviceId: `device-${n}`,
    dbName: `involve-test-${n}-${Math.random()}`,
    settingsName: `settings-test-${n}-${Math.random()}`,
  });
}

type DeviceNames = { deviceId: string; dbName: string; settingsName: string };

function openDevice(names: DeviceNames) {
  const db = new InvolveDb(names.dbName);
  const store = new DexieWorkshopStore(db, names.deviceId);
  const surveys = new DexieSurveyStore(db, names.deviceId);
  const signups = new DexieSignUpStore(db, names.deviceId);
  const settings = idbSettings(createStore(names.settingsName, 'kv'));
  return { db, store, surveys, signups, settings, names };
}

/**
 * The same device after a reload or restart: its storage opened afresh, with nothing carried
 * over in memory.
 */
export function reopenDevice(device: ReturnType<typeof freshDevice>) {
  device.db.close();
  return openDevice(device.names);
}

export const eventInput = (overrides: Partial<EventInput> = {}): EventInput => ({
  title: 'Carers’ workshop',
  date: '2026-11-21',
  place: 'Riverside Community Hall',
  themes: DEFAULT_THEMES.map((th) => ({ ...th })),
  groups: [],
  ...overrides,
});

/**
 * The device's sync services as the app wires them (`buildSync`), over `client`: one sender
 * per process, online, no jitter. The engine's browser triggers are not started.
 */
export function deviceSync(
  device: ReturnType<typeof freshDevice>,
  client: SyncClient,
  options: { appVersion?: string; tuning?: SyncWiring['tuning'] } = {},
): SyncServices {
  return buildSync({
    db: device.db,
    settings: device.settings,
    appVersion: options.appVersion ?? 'test',
    client,
    lock: processLock(),
    tuning: { isOnline: () => true, random: () => 0, ...options.tuning },
  });
}
