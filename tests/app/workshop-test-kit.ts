import { idbSettings } from '../../src/app/storage/settings';
import { InvolveDb } from '../../src/app/storage/db';
import { DexieWorkshopStore } from '../../src/app/storage/dexie-workshop.store';
import { DexieSurveyStore } from '../../src/app/storage/dexie-survey.store';
import { DexieSignUpStore } from '../../src/app/storage/dexie-signup.store';
import type { EventInput } from '../../src/app/storage/workshop-store';
import { createStore } from 'idb-keyval';
import { DEFAULT_THEMES } from '../../src/shared';

let n = 0;

/** A fresh device: its own Dexie database and settings store in fake-indexeddb. */
export function freshDevice() {
  n += 1;
  const db = new InvolveDb(`involve-test-${n}-${Math.random()}`);
  const store = new DexieWorkshopStore(db, `device-${n}`);
  const surveys = new DexieSurveyStore(db, `device-${n}`);
  const signups = new DexieSignUpStore(db, `device-${n}`);
  const settings = idbSettings(createStore(`settings-test-${n}-${Math.random()}`, 'kv'));
  return { db, store, surveys, signups, settings };
}

export const eventInput = (overrides: Partial<EventInput> = {}): EventInput => ({
  title: 'Carers’ workshop',
  date: '2026-11-21',
  place: 'Riverside Community Hall',
  themes: DEFAULT_THEMES.map((th) => ({ ...th })),
  groups: [],
  ...overrides,
});
