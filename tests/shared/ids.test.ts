import * as fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { UUID_V7, uuidv7 as sharedUuidv7 } from '../../src/shared/ids';

type Uuidv7 = typeof sharedUuidv7;

/** uuidv7 keeps the last millisecond and counter in module state; each test starts clean. */
let uuidv7: Uuidv7;
beforeEach(async () => {
  vi.resetModules();
  ({ uuidv7 } = await import('../../src/shared/ids'));
});

/** The 48-bit Unix-ms timestamp in the first 12 hex digits. */
function timestampOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** The 12-bit counter in `rand_a`, after the version nibble. */
function counterOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(13, 16), 16);
}

const T = Date.UTC(2026, 10, 21, 10, 0, 0, 0);

describe('uuidv7', () => {
  it('matches the UUID_V7 pattern, with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 500; i++) {
      const id = uuidv7();
      expect(id).toMatch(UUID_V7);
      expect(id).toHaveLength(36);
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
      expect([id[8], id[13], id[18], id[23]]).toEqual(['-', '-', '-', '-']);
    }
  });

  it('encodes the given millisecond in the first 48 bits', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
    expect(timestampOf(uuidv7(T))).toBe(T);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOf(id)).toBeLessThanOrEqual(after);
  });

  it('starts a new millisecond with a low counter, leaving room to grow', () => {
    expect(counterOf(uuidv7(T))).toBeLessThanOrEqual(7);
    expect(counterOf(uuidv7(T + 1))).toBeLessThanOrEqual(7);
  });

  it('makes ids in the same millisecond that sort increasing as strings', () => {
    const ids = Array.from({ length: 200 }, () => uuidv7(T));
    for (const id of ids) expect(timestampOf(id)).toBe(T);
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]! > ids[i - 1]!).toBe(true);
      expect(counterOf(ids[i]!)).toBe(counterOf(ids[i - 1]!) + 1);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts ids from later milliseconds after earlier ones', () => {
    const a = uuidv7(T);
    const b = uuidv7(T + 1);
    const c = uuidv7(T + 1000);
    expect([c, a, b].sort()).toEqual([a, b, c]);
    expect(timestampOf(b)).toBe(T + 1);
    expect(timestampOf(c)).toBe(T + 1000);
  });

  it('never goes backwards when the clock does', () => {
    const first = uuidv7(T + 5);
    const second = uuidv7(T);
    expect(second > first).toBe(true);
    // The id keeps the later millisecond rather than the earlier clock reading.
    expect(timestampOf(second)).toBe(T + 5);
  });

  it('borrows the next millisecond when the counter runs out, still increasing', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(T));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(timestampOf(ids[0]!)).toBe(T);
    expect(timestampOf(ids[ids.length - 1]!)).toBe(T + 1);
    const firstBorrowed = ids.findIndex((id) => timestampOf(id) === T + 1);
    expect(counterOf(ids[firstBorrowed - 1]!)).toBe(0xfff);
    expect(counterOf(ids[firstBorrowed]!)).toBe(0);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('makes unique ids', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7()));
    expect(ids.size).toBe(10_000);
  });

  it('is strictly increasing for any sequence of clock readings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 44 }), { minLength: 1 }), (times) => {
        let previous = '';
        for (const now of times) {
          const id = uuidv7(now);
          if (!(id > previous) || !UUID_V7.test(id)) return false;
          previous = id;
        }
        return true;
      }),
    );
  });
});

describe('UUID_V7', () => {
  it('accepts a canonical lower-case v7 id', () => {
    expect(UUID_V7.test('019a8f3c-1b2d-7e4f-8a1b-0123456789ab')).toBe(true);
  });

  it.each([
    ['a v4 id', '019a8f3c-1b2d-4e4f-8a1b-0123456789ab'],
    ['the wrong variant', '019a8f3c-1b2d-7e4f-ca1b-0123456789ab'],
    ['upper case', '019A8F3C-1B2D-7E4F-8A1B-0123456789AB'],
    ['no hyphens', '019a8f3c1b2d7e4f8a1b0123456789ab'],
    ['braces', '{019a8f3c-1b2d-7e4f-8a1b-0123456789ab}'],
    ['a short last group', '019a8f3c-1b2d-7e4f-8a1b-0123456789a'],
    ['a non-hex digit', '019a8f3c-1b2d-7e4f-8a1b-0123456789ag'],
    ['the empty string', ''],
  ])('rejects %s', (_label, id) => {
    expect(UUID_V7.test(id)).toBe(false);
  });
});
