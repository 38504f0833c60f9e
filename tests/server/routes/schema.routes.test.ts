import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../src/shared/sync/protocol';
import { bodyOf, startTestServer, type TestServer } from '../server-test-kit';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

interface JsonSchemaObject {
  type: string;
  properties: Record<string, { type?: string; enum?: unknown[] }>;
  required: string[];
}

describe('GET /api/v1/schema', () => {
  it('describes every record kind and version as JSON Schema, without auth', async () => {
    const res = await server.request('/api/v1/schema');
    expect(res.status).toBe(200);
    const body = await bodyOf<{
      kinds: Record<string, { current: number; versions: Record<string, JsonSchemaObject> }>;
    }>(res);
    expect(Object.keys(body.kinds).sort()).toEqual([...RECORD_KINDS].sort());
    const note = body.kinds['workshop-note']!;
    expect(note.current).toBe(1);
    expect(note.versions['1']!.type).toBe('object');
    expect(note.versions['1']!.properties.questionId!.enum).toContain('worked');
    expect(note.versions['1']!.required).toEqual(
      expect.arrayContaining(['id', 'eventId', 'text', 'updatedAt']),
    );
    const event = body.kinds.event!;
    expect(event.versions['1']!.properties).toHaveProperty('themes');
  });
});
