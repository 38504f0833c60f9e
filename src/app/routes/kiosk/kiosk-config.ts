import type { Presentation } from '../../../shared/survey/survey-rules';
import type { SettingsPort } from '../../storage/settings';

/** How a kiosk was set up; kept on the tablet so a reload or restart comes back into it. */
export interface KioskConfig {
  surveyId: string;
  surveyVersion: number;
  location: string;
  presentation: Presentation;
  /** Seconds without a touch before "Are you still there?". */
  idleSeconds: number;
  pin: PinHash;
  startedAt: string;
}

export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

/** Wrong PIN tries, kept so a reload does not reset the lock. */
export interface PinLock {
  failures: number;
  lockedUntil?: number | undefined;
}

export { KIOSK_KEY } from './kiosk-key';
import { KIOSK_KEY } from './kiosk-key';
export const PIN_LOCK_KEY = 'kiosk-pin-lock';
export const PIN_PATTERN = /^\d{4,8}$/;
export const MAX_PIN_TRIES = 5;
export const PIN_LOCK_MS = 60_000;
/** "Are you still there?" stays up this long before the kiosk resets. */
export const STILL_THERE_SECONDS = 30;
/** Published outcomes on the welcome screen, newest first. */
export const WELCOME_OUTCOMES = 3;
export const IDLE_DEFAULTS: Record<Presentation, number> = { standard: 90, 'easy-read': 180 };
export const IDLE_LIMITS = { min: 30, max: 900 };

const PBKDF2_ITERATIONS = 150_000;

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function derive(
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return toBase64(new Uint8Array(bits));
}

/** The PIN, salted and stretched: the tablet never keeps the digits. */
export async function hashPin(pin: string, iterations = PBKDF2_ITERATIONS): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64(salt), hash: await derive(pin, salt, iterations), iterations };
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const candidate = await derive(pin, fromBase64(stored.salt), stored.iterations);
  // Equal length base64 strings; compare every character so timing says nothing.
  let diff = candidate.length ^ stored.hash.length;
  for (let i = 0; i < candidate.length; i++)
    diff |= candidate.charCodeAt(i) ^ stored.hash.charCodeAt(i % stored.hash.length);
  return diff === 0;
}

export async function readKiosk(settings: SettingsPort): Promise<KioskConfig | undefined> {
  return settings.get<KioskConfig>(KIOSK_KEY);
}

/**
 * Checks a PIN against the kiosk's, counting wrong tries: the fifth wrong try in a row locks
 * the PIN for a minute. Returns 'ok', 'wrong' (with tries left) or 'locked' (with when).
 */
export async function tryPin(
  settings: SettingsPort,
  config: KioskConfig,
  pin: string,
  now: number = Date.now(),
): Promise<
  { result: 'ok' } | { result: 'wrong'; triesLeft: number } | { result: 'locked'; until: number }
> {
  const lock = (await settings.get<PinLock>(PIN_LOCK_KEY)) ?? { failures: 0 };
  if (lock.lockedUntil !== undefined && lock.lockedUntil > now)
    return { result: 'locked', until: lock.lockedUntil };
  if (await pinMatches(pin, config.pin)) {
    await settings.delete(PIN_LOCK_KEY);
    return { result: 'ok' };
  }
  const failures = (lock.lockedUntil !== undefined ? 0 : lock.failures) + 1;
  if (failures >= MAX_PIN_TRIES) {
    const until = now + PIN_LOCK_MS;
    await settings.set(PIN_LOCK_KEY, { failures, lockedUntil: until });
    return { result: 'locked', until };
  }
  await settings.set(PIN_LOCK_KEY, { failures });
  return { result: 'wrong', triesLeft: MAX_PIN_TRIES - failures };
}
