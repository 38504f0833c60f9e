import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import type { AppDeps } from '../../src/server/app';
import { openTestDatabase } from './server-test-kit';
import type { TestDatabase } from './server-test-kit';

const INDEX_HTML = '<!doctype html><title>Involve</title><div id="app"></div>';

let staticDir: string;
let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
  staticDir = await mkdtemp(join(tmpdir(), 'involve-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(join(staticDir, 'assets', 'x-abc.js'), 'export const x = 1;');
  await writeFile(join(staticDir, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(join(staticDir, 'manifest.webmanifest'), '{"name":"Involve"}');
});

afterAll(async () => {
  await rm(staticDir, { recursive: true, force: true });
  await database.close();
});

function makeApp(overrides: Partial<AppDeps> = {}) {
  return createApp({
    staticDir,
    db: database.db,
    version: '1.2.3',
    logError: () => {},
    log: () => {},
    ...overrides,
  });
}

describe('API', () => {
  it('answers the health check with status and version', async () => {
    const res = await makeApp().request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', version: '1.2.3', database: 'ok' });
  });

  it('answers the health check with 503 when the database is unreachable', async () => {
    const broken = await openTestDatabase();
    await broken.close();
    const res = await makeApp({ db: broken.db }).request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: expect.any(String) as unknown },
    });
  });

  it.each(['/api/v1/nope', '/api', '/api/index.html', '/api/v2/health'])(
    'answers unknown API path %s with a JSON 404',
    async (path) => {
      const res = await makeApp().request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body: unknown = await res.json();
      expect(body).toEqual({
        error: { code: 'not_found', message: expect.any(String) as unknown },
      });
    },
  );

  it('never falls back to index.html for API paths, even if such a file exists', async () => {
    await mkdir(join(staticDir, 'api', 'v1'), { recursive: true });
    await writeFile(join(staticDir, 'api', 'v1', 'secret.txt'), 'do not serve');
    const res = await makeApp().request('/api/v1/secret.txt');
    expect(res.status).toBe(404);
    await rm(join(staticDir, 'api'), { recursive: true });
  });

  it('turns an unexpected error into a generic JSON 500 without leaking the message', async () => {
    const logged: string[] = [];
    const app = makeApp({ logError: (line) => logged.push(line) });
    app.get('/api/v1/boom', () => {
      throw new Error('respondent said: my name is Alice');
    });
    const res = await app.request('/api/v1/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: expect.any(String) as unknown },
    });
    expect(text).not.toContain('Alice');
    expect(text).not.toContain('at ');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('Alice');
  });
});

describe('static PWA', () => {
  it('serves index.html at /', async () => {
    const res = await makeApp().request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await makeApp().request('/events/123');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it.each(['/missing.png', '/assets/missing-abc.js', '/assets/route-like'])(
    'answers a missing file %s with 404, not the app shell',
    async (path) => {
      const res = await makeApp().request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBeNull();
    },
  );

  it('marks hashed assets immutable', async () => {
    const res = await makeApp().request('/assets/x-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/sw.js', '/manifest.webmanifest'])(
    'makes the browser revalidate %s',
    async (path) => {
      const res = await makeApp().request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves the web manifest as application/manifest+json', async () => {
    const res = await makeApp().request('/manifest.webmanifest');
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
  });

  it('refuses path traversal out of the static folder', async () => {
    const res = await makeApp().request('/assets/..%2f..%2fpackage.json');
    expect(res.status).toBe(404);
  });
});

describe('security headers', () => {
  it.each(['/', '/api/v1/health', '/api/v1/nope', '/assets/x-abc.js'])(
    'sets a strict policy on %s',
    async (path) => {
      const res = await makeApp().request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((part) => {
          const [name = '', ...values] = part.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(directives.get('base-uri')).toBe("'self'");
      expect(directives.get('connect-src')).toBe("'self'");
      expect(directives.get('worker-src')).toBe("'self'");
      expect(directives.get('manifest-src')).toBe("'self'");
      expect(directives.get('form-action')).toBe("'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );
});
