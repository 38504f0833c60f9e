import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, limitBody } from '../../../src/server/http/json-body';

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

describe('decodeUtf8', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const strict = new TextDecoder('utf-8', { fatal: true });

  it('decodes what is UTF-8, beyond ASCII and the Basic Multilingual Plane too', () => {
    const text = '{"text":"গ্রুপ، اردو 😀 café"}';
    expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
  });

  it('drops a byte order mark at the start only, as TextDecoder does', () => {
    const marked = bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d);
    expect(decodeUtf8(marked)).toBe('{}');
    expect(decodeUtf8(bytes(0x7b, 0xef, 0xbb, 0xbf, 0x7d))).toBe('{\uFEFF}');
  });

  it('reads the bytes of a view into a larger buffer, not the whole buffer', () => {
    const whole = new TextEncoder().encode('xx{"a":1}yy');
    expect(decodeUtf8(whole.subarray(2, 9))).toBe('{"a":1}');
  });

  it('refuses whatever a fatal TextDecoder refuses, and decodes alike what it accepts', () => {
    const cases = [
      bytes(0x7b, 0xff, 0x7d), // a byte never in UTF-8
      bytes(0xc0, 0xaf), // an overlong encoding of '/'
      bytes(0xed, 0xa0, 0x80), // a UTF-16 surrogate, encoded
      bytes(0xf4, 0x90, 0x80, 0x80), // beyond U+10FFFF
      bytes(0xe0, 0xa6), // cut off inside a character
      bytes(0x80), // a continuation byte alone
      bytes(0xe0, 0xa6, 0x97), // গ
      bytes(),
    ];
    // And every sequence of up to two bytes drawn from the interesting ones.
    const edges = [0x00, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (const a of edges) for (const b of edges) cases.push(bytes(a, b), bytes(a, b, 0x80));
    for (const input of cases) {
      let expected: string | undefined;
      try {
        expected = strict.decode(input);
      } catch {
        expected = undefined;
      }
      expect(decodeUtf8(input), Array.from(input).join(',')).toBe(expected);
    }
  });
});
