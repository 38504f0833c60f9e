import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256, hex. Tokens, session ids and enrolment codes are stored only as this hash. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** 32 random bytes, base64url (43 characters): device tokens, session ids, CSRF tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The shape of {@link randomToken}'s output, to turn garbage away before hashing it. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Compares two secrets in time that does not depend on where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Length is not secret (both are fixed-length tokens); timingSafeEqual needs equal lengths.
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Enrolment codes use letters and digits that cannot be mistaken for each other when read
 * aloud or typed from a screen: no 0/O, 1/I/L.
 */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 10;

/** A new enrolment code, unformatted (`ABCDEFGHJK`): 31^10 ≈ 8 × 10^14 possibilities. */
export function newEnrolmentCode(): string {
  const alphabet = ENROLMENT_CODE_ALPHABET;
  // Rejection sampling: bytes at or above the largest multiple of the alphabet size would
  // make the first letters more likely.
  const limit = 256 - (256 % alphabet.length);
  let code = '';
  while (code.length < ENROLMENT_CODE_LENGTH) {
    for (const byte of randomBytes(ENROLMENT_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < ENROLMENT_CODE_LENGTH) {
        code += alphabet[byte % alphabet.length]!;
      }
    }
  }
  return code;
}

/** `ABCDEFGHJK` → `ABCDE-FGHJK`, easier to read out and type. */
export function formatEnrolmentCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

/** What a person typed → the canonical code: case, spaces and hyphens do not matter. */
export function normaliseEnrolmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}
