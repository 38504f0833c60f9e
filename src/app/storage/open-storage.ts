import { InvolveDb } from './db';
import { DexieSignUpStore } from './dexie-signup.store';
import { DexieSurveyStore } from './dexie-survey.store';
import { DexieWorkshopStore } from './dexie-workshop.store';
import { ensureDeviceId, idbSettings, type SettingsPort } from './settings';
import type { SignUpStore } from './signup-store';
import type { SurveyStore } from './survey-store';
import type { WorkshopStore } from './workshop-store';
import type { SyncServices } from '../sync/start-sync';

export interface Storage {
  store: WorkshopStore;
  surveys: SurveyStore;
  /**
   * Sign-ups (personal data): saved and counted, never listed. Optional here only so that
   * screens built before sign-ups (and their tests) need not supply it; openStorage always does.
   */
  signups?: SignUpStore | undefined;
  settings: SettingsPort;
  /** Sending to the server; resolves once the sync code has loaded (after the first screen). */
  sync?: Promise<SyncServices> | undefined;
}

export interface OpenedStorage extends Storage {
  signups: SignUpStore;
  db: InvolveDb;
}

/**
 * Opens the device's storage. Loaded with a dynamic import from the composition root so
 * Dexie stays off the first-paint path.
 */
export async function openStorage(dbName = 'involve'): Promise<OpenedStorage> {
  const settings = idbSettings();
  const deviceId = await ensureDeviceId(settings);
  const db = new InvolveDb(dbName);
  await db.open();
  return {
    store: new DexieWorkshopStore(db, deviceId),
    surveys: new DexieSurveyStore(db, deviceId),
    signups: new DexieSignUpStore(db, deviceId),
    settings,
    db,
  };
}
