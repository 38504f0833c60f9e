import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startTestServer } from './server-test-kit';
import type { TestServer } from './server-test-kit';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('GET /api/v1/ready', () => {
  it('answers 200 while the database answers, and is never cached', async () => {
    server = await startTestServer();
    const res = await server.request('/api/v1/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('connection')).toBeNull();
  });

  it('answers 503 with the API error shape once the database is closed', async () => {
    const closed = await startTestServer();
    await closed.close();
    const res = await closed.request('/api/v1/ready');
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toEqual({
      code: 'unavailable',
      message: 'The database is not reachable.',
    });
    expect(closed.errors).toEqual([]);
  });

  it('answers 503 while draining for shutdown, and asks clients to reconnect elsewhere', async () => {
    let draining = false;
    server = await startTestServer({ draining: () => draining });
    expect((await server.request('/api/v1/ready')).status).toBe(200);

    draining = true;
    const res = await server.request('/api/v1/ready');
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toEqual({
      code: 'shutting_down',
      message: 'This server is shutting down.',
    });
    expect(res.headers.get('connection')).toBe('close');
    // Other requests still complete while draining; they only close their connection.
    const health = await server.request('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('connection')).toBe('close');
  });
});
