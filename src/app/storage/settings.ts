import { createStore, get, set, del, update, type UseStore } from 'idb-keyval';
import { uuidv7 } from '../../shared/ids';

/**
 * Small settings and drafts, kept apart from the records database in their own
 * IndexedDB store (idb-keyval). Nothing here syncs.
 */
export interface SettingsPort {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Reads and writes `key` in one transaction, so nothing written between is overwritten. */
  update<T>(key: string, change: (current: T | undefined) => T): Promise<void>;
  delete(key: string): Promise<void>;
}

export function idbSettings(store: UseStore = createStore('involve-settings', 'kv')): SettingsPort {
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    update: (key, change) => update(key, change, store),
    delete: (key) => del(key, store),
  };
}

/** This device's id, made once and kept. */
export async function ensureDeviceId(settings: SettingsPort): Promise<string> {
  const existing = await settings.get<string>('deviceId');
  if (existing) return existing;
  const id = uuidv7();
  await settings.set('deviceId', id);
  return id;
}
