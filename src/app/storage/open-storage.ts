import { InvolveDb } from './db';
import { DexieWorkshopStore } from './dexie-workshop.store';
import { ensureDeviceId, idbSettings, type SettingsPort } from './settings';
import type { WorkshopStore } from './workshop-store';

export interface Storage {
  store: WorkshopStore;
  settings: SettingsPort;
}

/**
 * Opens the device's storage. Loaded with a dynamic import from the composition root so
 * Dexie stays off the first-paint path.
 */
export async function openStorage(dbName = 'involve'): Promise<Storage> {
  const settings = idbSettings();
  const deviceId = await ensureDeviceId(settings);
  const db = new InvolveDb(dbName);
  await db.open();
  return { store: new DexieWorkshopStore(db, deviceId), settings };
}
