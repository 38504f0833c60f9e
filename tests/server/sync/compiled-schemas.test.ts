import fc from 'fast-check';
import * as core from 'zod/v4/core';
import { en } from 'zod/v4/locales';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../../src/shared/schemas/record.schema';
import { schemaFor } from '../../../src/shared/sync/record-registry';
import { compiledSchemaFor } from '../../../src/server/sync/compiled-schemas';
import { REGISTERED_VERSIONS, fuzzRecord, validRecord } from '../../fuzz-kit/push-fuzz';
import { mutationOf } from '../../fuzz-kit/zod-arbitrary';
import { makeSignUp } from '../../fixtures/signup.factory';
import { makeNote } from '../../fixtures/workshop.factory';

/**
 * The server parses records with compiled copies of the shared schemas (compiled-schemas.ts).
 * Whatever a tablet sends, the answer must be the one the shared schema gives, which is the
 * one the tablet got when it saved the record: the same verdict, the same stored value, the
 * same first issue with its path and message, and the same JSON text to store.
 */

// The messages the server answers with (json-body.ts); without them every built-in message is
// "Invalid input", and comparing messages would prove little.
beforeAll(() => {
  core.config(en());
});

/** What a parse answers, in a form two parsers' answers can be compared by. */
function verdict(schema: core.$ZodType, data: unknown) {
  const parsed = core.safeParse(schema, data);
  return parsed.success
    ? { success: true, data: parsed.data, stored: JSON.stringify(parsed.data) }
    : {
        success: false,
        issues: parsed.error.issues.map(({ code, path, message }) => ({ code, path, message })),
      };
}

function bothWays(kind: RecordKind, version: number, data: unknown) {
  return {
    shared: verdict(schemaFor(kind, version)!, data),
    server: verdict(compiledSchemaFor(kind, version)!, data),
  };
}

describe("the server's compiled record schemas", () => {
  it.each(REGISTERED_VERSIONS)('compile $kind v$version', ({ kind, version }) => {
    const server = compiledSchemaFor(kind, version);
    expect(server).toBeDefined();
    expect(server).not.toBe(schemaFor(kind, version));
    expect(server!._zod.traits.has('$ZodObjectJIT')).toBe(true);
  });

  it.each(REGISTERED_VERSIONS)(
    'keep every check, catch-all and message of $kind v$version, compiling each object field of an object',
    ({ kind, version }) => {
      const same = (shared: core.$ZodType, server: core.$ZodType, path: string): void => {
        const [a, b] = [shared._zod.def, server._zod.def];
        expect(b.type, path).toBe(a.type);
        expect(b.checks, path).toBe(a.checks);
        expect(b.error, path).toBe(a.error);
        if (a.type !== 'object') {
          expect(server, path).toBe(shared);
          return;
        }
        expect(server._zod.traits.has('$ZodObjectJIT'), path).toBe(true);
        const [sharedObject, serverObject] = [a, b] as core.$ZodObjectDef[];
        expect(serverObject!.catchall, path).toBe(sharedObject!.catchall);
        expect(Reflect.ownKeys(serverObject!.shape), path).toEqual(
          Reflect.ownKeys(sharedObject!.shape),
        );
        for (const key of Object.keys(sharedObject!.shape)) {
          same(sharedObject!.shape[key]!, serverObject!.shape[key]!, `${path}.${key}`);
        }
      };
      same(schemaFor(kind, version)!, compiledSchemaFor(kind, version)!, kind);
    },
  );

  it.each([
    [
      'a question 2 note whose polarity is there but undefined',
      'workshop-note',
      { ...makeNote({ questionId: 'worked', polarity: 'worked' }), polarity: undefined },
    ],
    ['a note with a field no schema knows', 'workshop-note', { ...makeNote(), colour: 'red' }],
    [
      'a note with an own __proto__ key',
      'workshop-note',
      JSON.parse(JSON.stringify(makeNote()).replace('{', '{"__proto__":{"text":""},')),
    ],
    [
      'a note made without a prototype',
      'workshop-note',
      Object.assign(Object.create(null) as object, makeNote()),
    ],
    [
      'a sign-up whose consent has a field no schema knows',
      'sign-up',
      { ...makeSignUp(), consent: { ...makeSignUp().consent, extra: true } },
    ],
    ['an array where the record should be', 'workshop-note', [makeNote()]],
  ] as const)('answer %s as the shared schema does', (_, kind, data) => {
    const { shared, server } = bothWays(kind, 1, data);
    expect(server).toStrictEqual(shared);
  });

  it('know no more kinds and versions than the shared registry', () => {
    expect(compiledSchemaFor('workshop-note', 0)).toBeUndefined();
    expect(compiledSchemaFor('workshop-note', 2)).toBeUndefined();
    expect(compiledSchemaFor('no-such-kind' as RecordKind, 1)).toBeUndefined();
  });

  it.each(REGISTERED_VERSIONS)(
    'answer $kind v$version records, valid and broken, as the shared schema does',
    ({ kind, version }) => {
      const schema = schemaFor(kind, version)!;
      const data = validRecord(kind, version).map((record) => record.data as object);
      const records = fc.oneof(
        data,
        data.chain((value) => mutationOf(schema, value).map((mutation) => mutation.value)),
        // Each field from one of two valid records: rules across fields (a question 2 note
        // without a polarity, a polarity on another question) break records this way.
        fc.tuple(data, data, fc.infiniteStream(fc.boolean())).map(([one, other, pick]) => {
          const keys = new Set([...Object.keys(one), ...Object.keys(other)]);
          return Object.fromEntries(
            [...keys].flatMap((key) => {
              const from = pick.next().value ? one : other;
              return Object.hasOwn(from, key)
                ? [[key, (from as Record<string, unknown>)[key]]]
                : [];
            }),
          );
        }),
      );
      fc.assert(
        fc.property(records, (data) => {
          const { shared, server } = bothWays(kind, version, data);
          expect(server).toStrictEqual(shared);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('answer every record a push fuzzer makes as the shared schema does', () => {
    const known = fuzzRecord.filter(({ record }) => {
      const { kind, schemaVersion } = record as { kind: RecordKind; schemaVersion: number };
      return schemaFor(kind, schemaVersion) !== undefined;
    });
    fc.assert(
      fc.property(known, ({ record }) => {
        const { kind, schemaVersion, data } = record as {
          kind: RecordKind;
          schemaVersion: number;
          data: unknown;
        };
        const { shared, server } = bothWays(kind, schemaVersion, data);
        expect(server).toStrictEqual(shared);
      }),
      { numRuns: 300 },
    );
  });

  it.each(REGISTERED_VERSIONS)(
    'answer anything at all sent as $kind v$version as the shared schema does',
    ({ kind, version }) => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true }), (data) => {
          const { shared, server } = bothWays(kind, version, data);
          expect(server).toStrictEqual(shared);
        }),
        { numRuns: 300 },
      );
    },
  );
});
