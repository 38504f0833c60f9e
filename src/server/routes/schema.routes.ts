import { Hono } from 'hono';
import { toJSONSchema } from 'zod/mini';
import { RECORD_REGISTRY } from '../../shared/sync/record-registry';

/** `GET /api/v1/schema`: the record schemas the server validates with, as JSON Schema. */
export interface SchemaDocument {
  kinds: Record<string, { current: number; versions: Record<string, unknown> }>;
}

/**
 * Built from the same zod schemas the client and the push endpoint use, so it cannot drift.
 * `io: 'input'` describes what may be sent (before defaults and trimming apply); refinements
 * JSON Schema cannot express (such as "question 2 needs a polarity") are left out rather than
 * failing the whole document.
 */
export function buildSchemaDocument(): SchemaDocument {
  const kinds: SchemaDocument['kinds'] = {};
  for (const [kind, entry] of Object.entries(RECORD_REGISTRY)) {
    const versions: Record<string, unknown> = {};
    for (const [version, schema] of Object.entries(entry.schemas)) {
      versions[version] = toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    }
    kinds[kind] = { current: entry.current, versions };
  }
  return { kinds };
}

/** Mounted at `/api/v1/schema`; public, as it describes shapes and holds no data. */
export function schemaRoutes(): Hono {
  const routes = new Hono();
  let document: SchemaDocument | undefined;
  routes.get('/', (c) => {
    document ??= buildSchemaDocument();
    return c.json(document);
  });
  return routes;
}
