import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from '../../../src/server/http/json-body';

/**
 * `limitBody` behind the real Node adapter: the push route relies on it deciding from the
 * headers where it can, and on the body still arriving whole through `c.req.text()` after it.
 */
const LIMIT = 1024;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  const app = new Hono();
  app.use('*', limitBody(LIMIT));
  app.post('/echo', async (c) => c.json({ length: (await c.req.text()).length }));
  app.get('/echo', (c) => c.json({ length: 0 }));
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function streamed(text: string): RequestInit {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Two chunks, and no Content-Length: the body arrives chunked.
      controller.enqueue(bytes.subarray(0, bytes.length >> 1));
      controller.enqueue(bytes.subarray(bytes.length >> 1));
      controller.close();
    },
  });
  return { method: 'POST', body, duplex: 'half' } as RequestInit;
}

describe('limitBody on the Node server', () => {
  it('passes a body within the limit, with Content-Length, whole to the route', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(LIMIT) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: LIMIT });
  });

  it('answers 413 payload_too_large from Content-Length', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
  });

  it('passes a chunked body within the limit whole to the route', async () => {
    const res = await fetch(`${base}/echo`, streamed('y'.repeat(LIMIT)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: LIMIT });
  });

  it('answers 413 to a chunked body over the limit', async () => {
    const res = await fetch(`${base}/echo`, streamed('y'.repeat(LIMIT + 1)));
    expect(res.status).toBe(413);
  });

  it('lets a GET through', async () => {
    const res = await fetch(`${base}/echo`);
    expect(res.status).toBe(200);
  });
});
