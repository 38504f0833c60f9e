import { describe, expect, it } from 'vitest';
import {
  MAX_PIN_TRIES,
  PIN_LOCK_KEY,
  PIN_LOCK_MS,
  hashPin,
  pinMatches,
  tryPin,
  type PinLock,
} from '../../../../src/app/routes/kiosk/kiosk-config';
import { idbSettings } from '../../../../src/app/storage/settings';
import { createStore } from 'idb-keyval';
import {
  FAST_PIN_ITERATIONS as FAST,
  KIOSK_PIN as PIN,
  makeKioskConfig as kiosk,
} from '../../../fixtures/kiosk.factory';
import { freshDevice } from '../../workshop-test-kit';

const NOW = Date.parse('2026-11-21T15:42:10.000Z');

describe('hashPin and pinMatches', () => {
  it('never keeps the PIN itself', async () => {
    const stored = await hashPin(PIN, FAST);
    const text = JSON.stringify(stored);
    expect(text).not.toContain(PIN);
    expect(stored.iterations).toBe(FAST);
    expect(stored.salt).not.toBe('');
    expect(stored.hash).not.toBe('');
  });

  it('salts each hash: two hashes of one PIN differ, and both match it', async () => {
    const a = await hashPin(PIN, FAST);
    const b = await hashPin(PIN, FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await pinMatches(PIN, a)).toBe(true);
    expect(await pinMatches(PIN, b)).toBe(true);
  });

  it('does not match a wrong PIN, a PIN one digit off, or the PIN with a digit more', async () => {
    const stored = await hashPin(PIN, FAST);
    expect(await pinMatches('482914', stored)).toBe(false);
    expect(await pinMatches('48291', stored)).toBe(false);
    expect(await pinMatches('4829130', stored)).toBe(false);
    expect(await pinMatches('', stored)).toBe(false);
  });

  it('uses the iterations it was made with', async () => {
    const stored = await hashPin(PIN, FAST);
    expect(await pinMatches(PIN, { ...stored, iterations: FAST + 1 })).toBe(false);
  });
});

describe('tryPin', () => {
  it('counts wrong tries down, then locks for a minute on the fifth', async () => {
    const { settings } = freshDevice();
    const config = await kiosk();
    for (let i = 1; i < MAX_PIN_TRIES; i++) {
      expect(await tryPin(settings, config, '0000', NOW + i)).toEqual({
        result: 'wrong',
        triesLeft: MAX_PIN_TRIES - i,
      });
    }
    expect(await tryPin(settings, config, '0000', NOW + 5)).toEqual({
      result: 'locked',
      until: NOW + 5 + PIN_LOCK_MS,
    });
    expect(PIN_LOCK_MS).toBe(60_000);
  });

  it('while locked, refuses even the right PIN; after the lock the right PIN works and clears it', async () => {
    const { settings } = freshDevice();
    const config = await kiosk();
    for (let i = 0; i < MAX_PIN_TRIES; i++) await tryPin(settings, config, '1111', NOW);
    const until = NOW + PIN_LOCK_MS;

    expect(await tryPin(settings, config, PIN, NOW + 1_000)).toEqual({ result: 'locked', until });
    expect(await tryPin(settings, config, PIN, until - 1)).toEqual({ result: 'locked', until });

    expect(await tryPin(settings, config, PIN, until)).toEqual({ result: 'ok' });
    expect(await settings.get(PIN_LOCK_KEY)).toBeUndefined();
    // A fresh count: one wrong try now leaves four.
    expect(await tryPin(settings, config, '1111', until + 1)).toEqual({
      result: 'wrong',
      triesLeft: MAX_PIN_TRIES - 1,
    });
  });

  it('after a lock runs out, a wrong PIN starts the count again rather than locking at once', async () => {
    const { settings } = freshDevice();
    const config = await kiosk();
    for (let i = 0; i < MAX_PIN_TRIES; i++) await tryPin(settings, config, '1111', NOW);
    expect(await tryPin(settings, config, '1111', NOW + PIN_LOCK_MS)).toEqual({
      result: 'wrong',
      triesLeft: MAX_PIN_TRIES - 1,
    });
  });

  it('a right PIN before the fifth wrong one resets the count', async () => {
    const { settings } = freshDevice();
    const config = await kiosk();
    for (let i = 0; i < MAX_PIN_TRIES - 1; i++) await tryPin(settings, config, '1111', NOW);
    expect(await tryPin(settings, config, PIN, NOW)).toEqual({ result: 'ok' });
    expect(await tryPin(settings, config, '1111', NOW)).toEqual({
      result: 'wrong',
      triesLeft: MAX_PIN_TRIES - 1,
    });
  });

  it('keeps the count and the lock through a reload (settings read afresh)', async () => {
    const name = `settings-reload-${Math.random()}`;
    const config = await kiosk();
    const before = idbSettings(createStore(name, 'kv'));
    for (let i = 0; i < 3; i++) await tryPin(before, config, '1111', NOW);

    const afterReload = idbSettings(createStore(name, 'kv'));
    expect(await afterReload.get<PinLock>(PIN_LOCK_KEY)).toEqual({ failures: 3 });
    expect(await tryPin(afterReload, config, '1111', NOW)).toEqual({
      result: 'wrong',
      triesLeft: 1,
    });
    expect(await tryPin(afterReload, config, '1111', NOW)).toEqual({
      result: 'locked',
      until: NOW + PIN_LOCK_MS,
    });

    const secondReload = idbSettings(createStore(name, 'kv'));
    expect(await tryPin(secondReload, config, PIN, NOW + 30_000)).toEqual({
      result: 'locked',
      until: NOW + PIN_LOCK_MS,
    });
    expect(await tryPin(secondReload, config, PIN, NOW + PIN_LOCK_MS)).toEqual({ result: 'ok' });
  });
});
