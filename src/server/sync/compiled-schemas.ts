import * as core from 'zod/v4/core';
import type { RecordKind } from '../../shared/schemas/record.schema';
import { RECORD_REGISTRY, schemaFor } from '../../shared/sync/record-registry';

/**
 * The record schemas of the registry as the server parses them: the same definitions, with
 * each object read by zod's compiled object parser (`$ZodObjectJIT`, what `zod` builds for
 * `z.object`) instead of the generic one `zod/mini` builds.
 *
 * The client keeps `zod/mini`: it is smaller, and the compiled parser makes its code with
 * `new Function`, which a strict content security policy forbids. A server pays for every
 * record of every push, so there it is worth it: 500 workshop notes parse in about half the
 * time (BENCHMARKS.md, "Early morning, 2026-12-08"). Answers and issues are the same either
 * way (tests/server/sync/compiled-schemas.test.ts); zod itself falls back to the generic
 * parser wherever it cannot compile.
 *
 * Objects are compiled where they are the record, or a field of an object that is; an object
 * inside anything else (an array, a union, an optional field) is left as it is, and so is an
 * object met again inside itself (a recursive schema).
 */
function compiled(schema: core.$ZodType, within = new Set<core.$ZodType>()): core.$ZodType {
  const def = schema._zod.def;
  if (def.type !== 'object' || within.has(schema)) return schema;
  const objectDef = def as core.$ZodObjectDef;
  const inner = new Set(within).add(schema);
  // Every own key, symbols too, as zod's own parser reads them.
  const fields = objectDef.shape as Record<PropertyKey, core.$ZodType>;
  const shape = Object.fromEntries(
    Reflect.ownKeys(fields).map((key) => [key, compiled(fields[key]!, inner)]),
  );
  return new core.$ZodObjectJIT({ ...objectDef, shape });
}

/** Kind, then schema version: looked up for every record of every push. */
const COMPILED = new Map<string, Map<number, core.$ZodType>>();
for (const [kind, entry] of Object.entries(RECORD_REGISTRY)) {
  const versions = new Map<number, core.$ZodType>();
  for (const version of Object.keys(entry.schemas).map(Number)) {
    const schema = schemaFor(kind, version);
    if (schema !== undefined) versions.set(version, compiled(schema));
  }
  COMPILED.set(kind, versions);
}

/** The server's parser for a kind and version the registry accepts; undefined otherwise. */
export function compiledSchemaFor(kind: RecordKind, version: number): core.$ZodType | undefined {
  return COMPILED.get(kind)?.get(version);
}
