import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { runAdminCli } from '../../src/server/cli/admin-cli';
import { loadEnv } from '../../src/server/env';
import { ADMIN_EMAIL, ADMIN_PASSWORD, jsonPost, openTestDatabase } from './server-test-kit';
import type { TestDatabase } from './server-test-kit';

// Each run starts a Node process with tsx, which takes about a second.
const TIMEOUT = 30_000;

let database: TestDatabase;

beforeEach(async () => {
  database = await openTestDatabase();
});

afterEach(async () => {
  await database.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
      env: { ...process.env, ADMIN_PASSWORD: '', ...database.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

function appOnSameDatabase() {
  return createApp({
    staticDir: database.dataDir,
    db: database.db,
    version: 'test',
    log: () => {},
  });
}

describe('admin CLI', () => {
  it(
    'create-admin takes the password from ADMIN_PASSWORD, and the admin can sign in',
    async () => {
      const run = await cli(['create-admin', '--email', ADMIN_EMAIL.toUpperCase()], {
        env: { ADMIN_PASSWORD },
      });
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain(ADMIN_EMAIL);
      expect(run.stdout + run.stderr).not.toContain(ADMIN_PASSWORD);
      const res = await appOnSameDatabase().request(
        '/api/v1/admin/login',
        jsonPost({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      );
      expect(res.status).toBe(200);
    },
    TIMEOUT,
  );

  it(
    'create-admin reads the password from stdin, refuses short ones and duplicates',
    async () => {
      const short = await cli(['create-admin', '--email', 'a@example.org'], {
        stdin: 'too short\n',
      });
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/at least 12 characters/);

      const piped = await cli(['create-admin', '--email', 'a@example.org'], {
        stdin: 'a long enough password\nignored second line\n',
      });
      expect(piped.code).toBe(0);
      const res = await appOnSameDatabase().request(
        '/api/v1/admin/login',
        jsonPost({ email: 'a@example.org', password: 'a long enough password' }),
      );
      expect(res.status).toBe(200);

      const again = await cli(['create-admin', '--email', 'A@example.org'], {
        env: { ADMIN_PASSWORD },
      });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
    },
    TIMEOUT,
  );

  it(
    'enrolment-code prints only the code on stdout, and the code enrols a device',
    async () => {
      const run = await cli(['enrolment-code']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}\n$/);
      expect(run.stderr).toMatch(/Expires \d{4}-/);
      const res = await appOnSameDatabase().request(
        '/api/v1/devices/enrol',
        jsonPost({ code: run.stdout.trim(), name: 'Scripted tablet' }),
      );
      expect(res.status).toBe(201);

      const list = await cli(['list-devices']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/\tScripted tablet\tlast seen never\tactive\n$/);
      const deviceId = list.stdout.split('\t')[0]!;

      const revoke = await cli(['revoke-device', '--id', deviceId]);
      expect(revoke.code).toBe(0);
      const device = await database.db
        .selectFrom('devices')
        .select('revoked_at')
        .executeTakeFirstOrThrow();
      expect(device.revoked_at).not.toBeNull();
    },
    TIMEOUT,
  );
});

describe('admin CLI in process', () => {
  async function run(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runAdminCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      readPassword: () => Promise.resolve(''),
      env: () => loadEnv(database.env),
    });
    return { code, stdout, stderr };
  }

  it('shows the help, scripting example included, with status 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('code="$(npm run -s admin -- enrolment-code)"');
  });

  it.each([
    [['make-coffee'], /Unknown command: make-coffee[\s\S]*Usage:/],
    [[], /No command given/],
    [['create-admin'], /--email/],
    [['create-admin', '--email', 'not an email'], /email address/],
    [['enrolment-code', '--colour', 'red'], /colour/],
    [['revoke-device'], /--id/],
  ])('answers the usage mistake %j with status 2', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  async function createAdmin(...more: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runAdminCli(['create-admin', '--email', ADMIN_EMAIL, ...more], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      readPassword: () => Promise.resolve(ADMIN_PASSWORD),
      env: () => loadEnv(database.env),
    });
    return { code, stdout, stderr };
  }

  const organisationName = async () =>
    (await database.db.selectFrom('organisations').select('name').executeTakeFirstOrThrow()).name;

  it('create-admin --organisation names the organisation, as tablets enrolling are then told', async () => {
    const result = await createAdmin('--organisation', '  Riverside NHS Foundation Trust ');
    expect(result).toEqual({
      code: 0,
      stdout: `Administrator ${ADMIN_EMAIL} created for Riverside NHS Foundation Trust.\n`,
      stderr: '',
    });
    expect(await organisationName()).toBe('Riverside NHS Foundation Trust');
    const code = (await run(['enrolment-code'])).stdout.trim();
    const res = await appOnSameDatabase().request(
      '/api/v1/devices/enrol',
      jsonPost({ code, name: 'Ward 3 tablet' }),
    );
    expect(await res.json()).toMatchObject({ organisationName: 'Riverside NHS Foundation Trust' });
  });

  it('create-admin without --organisation says the name is still the software’s, and how to set it', async () => {
    const result = await createAdmin();
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/still called "Involve"/);
    expect(result.stderr).toMatch(/Account screen, or next time with --organisation "<name>"/);
  });

  it.each([
    ['', /organisation's name must be at least 2 characters/],
    ['Involve', /organisation's name must be your organisation’s own name/],
    ['x'.repeat(101), /organisation's name must be at most 100 characters/],
  ])('refuses the organisation name %j with status 2, making no admin', async (name, message) => {
    const result = await createAdmin('--organisation', name);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await database.db.selectFrom('admins').select('id').execute()).toEqual([]);
    expect(await organisationName()).toBe('Involve');
  });

  it('fails with status 1 when there is no such device', async () => {
    const result = await run(['revoke-device', '--id', 'no-such-device']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no device with id no-such-device/);
  });
});
