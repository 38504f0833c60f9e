import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../src/server/env';

describe('loadEnv', () => {
  it('applies defaults when nothing is set', () => {
    expect(loadEnv({}, 2)).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: './data',
      staticDir: './dist',
      trustedProxyHops: 0,
      shutdownDrainMs: 5000,
      shutdownGraceMs: 10_000,
      workers: 2,
      pushThreads: 0,
      nodeEnv: 'development',
    });
  });

  it('treats empty strings as unset', () => {
    const env = loadEnv({ PORT: '', DATABASE_URL: '' });
    expect(env.port).toBe(8080);
    expect('databaseUrl' in env).toBe(false);
  });

  it('reads every variable', () => {
    expect(
      loadEnv({
        PORT: '3000',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/involve',
        DATABASE_URL: 'postgres://involve:pw@db:5432/involve',
        STATIC_DIR: '/srv/involve',
        TRUSTED_PROXY_HOPS: '1',
        SHUTDOWN_DRAIN_MS: '0',
        SHUTDOWN_GRACE_MS: '30000',
        WORKERS: '3',
        PUSH_THREADS: '0',
        ADMIN_PASSWORD: 'a long admin password',
        NODE_ENV: 'production',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/var/lib/involve',
      databaseUrl: 'postgres://involve:pw@db:5432/involve',
      staticDir: '/srv/involve',
      trustedProxyHops: 1,
      shutdownDrainMs: 0,
      shutdownGraceMs: 30_000,
      workers: 3,
      pushThreads: 0,
      adminPassword: 'a long admin password',
      nodeEnv: 'production',
    });
  });

  it.each([
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['SHUTDOWN_DRAIN_MS', '2.5'],
    ['SHUTDOWN_DRAIN_MS', '5s'],
    ['SHUTDOWN_GRACE_MS', '600001'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it.each(['abc', '0', '70000', '80.5', '-1'])('rejects PORT=%s naming the variable', (port) => {
    expect(() => loadEnv({ PORT: port })).toThrow(EnvError);
    expect(() => loadEnv({ PORT: port })).toThrow(/PORT: /);
  });

  it('rejects a non-PostgreSQL DATABASE_URL without echoing its credentials', () => {
    let message = '';
    try {
      loadEnv({ DATABASE_URL: 'mysql://root:hunter2@db/involve' });
    } catch (err) {
      message = err instanceof Error ? err.message : '';
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain('hunter2');
  });

  it.each(['-1', '10', 'two'])('rejects TRUSTED_PROXY_HOPS=%s', (hops) => {
    expect(() => loadEnv({ TRUSTED_PROXY_HOPS: hops })).toThrow(/TRUSTED_PROXY_HOPS: /);
  });

  it.each([
    [1, 1],
    [2, 2],
    [4, 4],
    [16, 4],
  ])('runs one worker per CPU by default, at most four: %i CPUs, %i workers', (cpus, workers) => {
    expect(loadEnv({}, cpus).workers).toBe(workers);
    // An explicit number is taken as it is, above four too.
    expect(loadEnv({ WORKERS: '6' }, cpus).workers).toBe(6);
  });

  it.each(['0', '65', '1.5', 'two', '-1'])('rejects WORKERS=%s naming the variable', (workers) => {
    expect(() => loadEnv({ WORKERS: workers })).toThrow(/WORKERS: /);
  });

  it.each([
    [1, 1, 0],
    [2, 2, 0],
    [2, 1, 1],
    [8, 4, 1],
  ])(
    'reads pushes on a thread of their own only with a CPU to spare: %i CPUs, %i workers, %i thread',
    (cpus, workers, threads) => {
      expect(loadEnv({ WORKERS: String(workers) }, cpus).pushThreads).toBe(threads);
      expect(loadEnv({ WORKERS: String(workers), PUSH_THREADS: '2' }, cpus).pushThreads).toBe(2);
    },
  );

  it.each(['-1', '17', '1.5', 'one'])('rejects PUSH_THREADS=%s naming the variable', (threads) => {
    expect(() => loadEnv({ PUSH_THREADS: threads })).toThrow(/PUSH_THREADS: /);
  });

  it('leaves ADMIN_PASSWORD out when it is empty', () => {
    expect('adminPassword' in loadEnv({ ADMIN_PASSWORD: '' })).toBe(false);
  });

  it('names every bad variable at once', () => {
    expect(() => loadEnv({ PORT: 'x', NODE_ENV: 'staging' })).toThrow(/PORT[\s\S]*NODE_ENV/);
  });
});
