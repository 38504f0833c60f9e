import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_ALPHABET,
  TOKEN_PATTERN,
  formatEnrolmentCode,
  newEnrolmentCode,
  normaliseEnrolmentCode,
  randomToken,
  secretsEqual,
  sha256Hex,
} from '../../../src/server/auth/tokens';

describe('tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const token = randomToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });

  it('hash to hex SHA-256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('compare equal only when identical', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
  });
});

describe('enrolment codes', () => {
  it('use 10 characters from the unambiguous alphabet, all of it in time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const code = newEnrolmentCode();
      expect(code).toHaveLength(10);
      for (const char of code) {
        expect(ENROLMENT_CODE_ALPHABET).toContain(char);
        seen.add(char);
      }
    }
    expect(seen.size).toBe(ENROLMENT_CODE_ALPHABET.length);
    expect(ENROLMENT_CODE_ALPHABET).not.toMatch(/[01IOL]/);
  });

  it('are shown in two groups and read back whatever the case or separators', () => {
    expect(formatEnrolmentCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
    expect(normaliseEnrolmentCode(' abcde - fghjk ')).toBe('ABCDEFGHJK');
    expect(normaliseEnrolmentCode('ab\tcd\nefghjk')).toBe('ABCDEFGHJK');
  });
});
