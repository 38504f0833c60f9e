import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { RECORD_REGISTRY, schemaFor } from '../../../src/shared/sync/record-registry';
import { FUZZ_NOW, REGISTERED_VERSIONS, validRecord, verdictOf } from '../../fuzz-kit/push-fuzz';
import { REMOVE, arbitraryFromZod, mutationOf, setAt } from '../../fuzz-kit/zod-arbitrary';

/** The fuzz kit itself: what it calls valid is, what it calls broken is, and it covers the registry. */

describe('the fuzz kit', () => {
  it('fuzzes every kind and schema version in the registry', () => {
    const registered = Object.entries(RECORD_REGISTRY).flatMap(([kind, entry]) =>
      Object.keys(entry.schemas).map((version) => `${kind}@${version}`),
    );
    expect(REGISTERED_VERSIONS.map(({ kind, version }) => `${kind}@${version}`)).toEqual(
      registered,
    );
  });

  it.each(REGISTERED_VERSIONS)(
    'makes $kind v$version records the server must accept',
    ({ kind, version }) => {
      for (const record of fc.sample(validRecord(kind, version), 200)) {
        expect(verdictOf(record, FUZZ_NOW)).toMatchObject({ valid: true });
      }
    },
  );

  it.each(REGISTERED_VERSIONS)(
    'breaks $kind v$version records when it says it does',
    ({ kind, version }) => {
      const schema = schemaFor(kind, version)!;
      const mutations = validRecord(kind, version).chain((record) =>
        mutationOf(schema, record.data),
      );
      const changes = new Set<string>();
      for (const mutation of fc.sample(mutations, 400)) {
        changes.add(mutation.change);
        if (mutation.intent === 'invalid') {
          expect(
            schema.safeParse(mutation.value).success,
            `${mutation.change} at ${mutation.path}`,
          ).toBe(false);
        }
      }
      // Every record kind gets the mutations the fuzzing promises.
      for (const change of [
        'drop-required',
        'wrong-type',
        'deep-nesting',
        'proto-key',
        'extra-key',
        'hostile-characters',
        'too-long',
      ]) {
        expect(changes).toContain(change);
      }
    },
  );

  it('derives lengths, formats, options and strictness from a schema', () => {
    const schema = z.strictObject({
      name: z.string().check(z.trim(), z.minLength(2), z.maxLength(5)),
      at: z.iso.datetime(),
      day: z.iso.date(),
      count: z.int().check(z.minimum(3), z.maximum(4)),
      colour: z.enum(['red', 'green']),
      tags: z.array(z.literal('x')).check(z.minLength(1), z.maxLength(2)),
      note: z.optional(z.string()),
    });
    for (const value of fc.sample(arbitraryFromZod(schema), 300)) {
      expect(schema.safeParse(value).success).toBe(true);
    }
    const keysSeen = new Set(
      fc.sample(arbitraryFromZod(schema), 300).flatMap((value) => Object.keys(value)),
    );
    expect(keysSeen).toContain('note');
  });

  it('names the field it cannot derive, and an override path that names none', () => {
    const withTransform = z.object({ when: z.pipe(z.string(), z.transform(Number)) });
    expect(() => arbitraryFromZod(withTransform)).toThrow(/'pipe' at 'when'/);
    expect(() =>
      arbitraryFromZod(z.object({ a: z.string() }), { overrides: { b: fc.constant('x') } }),
    ).toThrow(/override path\(s\) b/);
  });

  it('adds __proto__ as an own key, never as a prototype', () => {
    const polluted = setAt({ a: 1 }, ['__proto__'], { polluted: true }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.hasOwn(polluted, '__proto__')).toBe(true);
    expect(JSON.stringify(polluted)).toBe('{"a":1,"__proto__":{"polluted":true}}');
    expect(setAt(polluted, ['a'], REMOVE)).toEqual(JSON.parse('{"__proto__":{"polluted":true}}'));
  });
});
