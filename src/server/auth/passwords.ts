import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/** Minimum admin password length, in characters. Length beats composition rules. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused before hashing, so a huge password cannot tie up the CPU. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * scrypt cost for new hashes: about 32 MiB and 100 ms per check here. OWASP suggests N = 2^17
 * where memory allows; stored hashes carry their parameters, so raising N later is safe.
 */
const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  const { N = DEFAULT_PARAMS.N, r = DEFAULT_PARAMS.r } = params;
  return new Promise((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; allow twice that so the default 32 MiB cap is not hit.
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * N * r },
      (err, key) => {
        if (err) reject(err);
        else resolve(key);
      },
    );
  });
}

/**
 * Hashes a password with scrypt and a random salt. The result carries its own parameters
 * (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without breaking old hashes.
 */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = DEFAULT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** A hash of a password nobody knows, checked when the email is unknown so timing matches. */
let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash in constant time. With `stored` undefined (no such
 * admin) it still does the same work against a decoy and answers false, so response time does
 * not reveal which emails exist.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const parsed = parseHash(stored ?? (await decoy));
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key) && stored !== undefined;
}

function parseHash(
  stored: string,
): { params: { N: number; r: number; p: number }; salt: Buffer; key: Buffer } | undefined {
  const [scheme, cost, blockSize, parallelism, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return undefined;
  const params = { N: Number(cost), r: Number(blockSize), p: Number(parallelism) };
  // Bounds keep a corrupt row from making scrypt throw or allocate gigabytes.
  const within = (value: number, max: number) =>
    Number.isSafeInteger(value) && value >= 1 && value <= max;
  const powerOfTwo = within(params.N, 2 ** 20) && params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || !within(params.r, 32) || !within(params.p, 16)) return undefined;
  const keyBytes = Buffer.from(key, 'base64url');
  if (keyBytes.length !== KEY_LENGTH) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: keyBytes };
}
