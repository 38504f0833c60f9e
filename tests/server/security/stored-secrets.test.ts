import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/server/auth/passwords';
import { normaliseEnrolmentCode, sha256Hex } from '../../../src/server/auth/tokens';
import { runAdminCli } from '../../../src/server/cli/admin-cli';
import { loadEnv } from '../../../src/server/env';
import { SIGN_UP_SCHEMA_VERSION } from '../../../src/shared/signup/signup-rules';
import { makeSignUp } from '../../fixtures/signup.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import { envelope, jsonPost, sessionCookie, startTestServer } from '../server-test-kit';
import type { TestServer } from '../server-test-kit';

/**
 * A stolen copy of the database (a backup left on a share, a disk sent for repair) must not
 * let anyone sign in, act as a tablet or enrol one. This runs the whole life of the secrets
 * through the real routes and the admin CLI, then reads every row of every table, and on
 * SQLite every byte of the database files, looking for any of them in the clear.
 *
 * The one token stored as it is, the session's CSRF token, is not among them on purpose: the
 * sign-in answer hands it to the page, and it does nothing without the session cookie, whose
 * id is stored only hashed.
 */

let server: TestServer;
/** Every secret the run handed out or was given, by what it is. */
const secrets = new Map<string, string>();
let firstAdminHash = '';

function remember(what: string, value: string): string {
  expect(value.length, what).toBeGreaterThanOrEqual(10);
  secrets.set(what, value);
  return value;
}

async function cli(...args: string[]): Promise<string> {
  let stdout = '';
  const code = await runAdminCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    readPassword: () => Promise.resolve(''),
    env: () => loadEnv({ ...server.env, ADMIN_PASSWORD: secrets.get('first admin password')! }),
    now: server.clock.now,
  });
  expect(code).toBe(0);
  return stdout;
}

async function signIn(email: string, password: string) {
  const res = await server.request('/api/v1/admin/login', jsonPost({ email, password }));
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: sessionCookie(res), csrfToken };
}

function asAdmin(session: { cookie: string; csrfToken: string }, path: string, body?: unknown) {
  return server.request(`/api/v1/admin${path}`, {
    method: 'POST',
    headers: {
      Cookie: session.cookie,
      'X-CSRF-Token': session.csrfToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function enrol(code: string, name: string): Promise<string> {
  const res = await server.request('/api/v1/devices/enrol', jsonPost({ code, name }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Every table in the app's schema, by the database's own catalogue. */
async function tableNames(): Promise<string[]> {
  const query =
    server.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  return (await query.execute(server.db)).rows.map((r) => r.name);
}

beforeAll(async () => {
  server = await startTestServer();
  const firstEmail = 'first.admin@example.org';
  const secondEmail = 'second.admin@example.org';

  // The first admin, made as a trust would: with the CLI and the real scrypt cost.
  remember('first admin password', 'the first admin’s own passphrase');
  await cli('create-admin', '--email', firstEmail);
  const atDesk = await signIn(firstEmail, secrets.get('first admin password')!);
  remember('first session id', atDesk.cookie.split('=')[1]!);

  // Codes from the console and from the CLI; one used, one left waiting.
  const issue = async () => {
    const res = await asAdmin(atDesk, '/enrolment-codes');
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  };
  const consoleCode = remember('console enrolment code', await issue());
  const cliCode = remember('CLI enrolment code', (await cli('enrolment-code')).trim());
  remember('unused enrolment code', await issue());
  const tablet = remember('tablet token', await enrol(consoleCode, 'Ward 3 tablet'));
  remember('second tablet token', await enrol(cliCode.toLowerCase(), 'Forum tablet'));

  // The tablet syncs: records, a sign-up with personal data, a pull.
  const event = makeEvent();
  const signUp = makeSignUp();
  const pushed = await server.push(tablet, [
    envelope(event),
    envelope(makeNote({ eventId: event.id })),
    { id: signUp.id, kind: 'sign-up', schemaVersion: SIGN_UP_SCHEMA_VERSION, data: signUp },
  ]);
  expect(pushed.status).toBe(200);
  expect(
    ((await pushed.json()) as { results: { status: string }[] }).results.map((r) => r.status),
  ).toEqual(['accepted', 'accepted', 'accepted']);
  expect((await server.pull(tablet)).status).toBe(200);

  // A wrong guess, then the real change; a second admin added; both sign in again.
  const newPassword = remember('first admin new password', 'a second passphrase, much longer');
  const wrong = await asAdmin(atDesk, '/account/password', {
    currentPassword: remember('wrong current password', 'not my password at all'),
    newPassword,
  });
  expect(wrong.status).toBe(400);
  const changed = await asAdmin(atDesk, '/account/password', {
    currentPassword: secrets.get('first admin password'),
    newPassword,
  });
  expect(changed.status).toBe(200);
  const added = await asAdmin(atDesk, '/admins', {
    email: secondEmail,
    password: remember('second admin password', 'the second admin’s passphrase'),
  });
  expect(added.status).toBe(201);
  const second = await signIn(secondEmail, secrets.get('second admin password')!);
  remember('second session id', second.cookie.split('=')[1]!);
  const again = await signIn(firstEmail, newPassword);
  remember('signed-out session id', again.cookie.split('=')[1]!);
  expect((await asAdmin(again, '/logout')).status).toBe(200);

  const admin = await server.db
    .selectFrom('admins')
    .select('password_hash')
    .where('email', '=', firstEmail)
    .executeTakeFirstOrThrow();
  firstAdminHash = admin.password_hash;
});

afterAll(async () => {
  await server.close();
});

/** The forms a secret could be written in: as given, and an enrolment code as typed or bare. */
function formsOf(what: string, value: string): string[] {
  return what.includes('enrolment code')
    ? [value, normaliseEnrolmentCode(value), value.toLowerCase()]
    : [value];
}

describe('secrets at rest', () => {
  it('appear in no row of any table', async () => {
    const tables = await tableNames();
    // The tables that hold the hashes are among those read, so an empty catalogue fails.
    expect(tables).toEqual(
      expect.arrayContaining(['admins', 'admin_sessions', 'devices', 'enrolment_codes']),
    );
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        server.db,
      );
      const text = JSON.stringify(rows.rows);
      for (const [what, value] of secrets) {
        for (const form of formsOf(what, value)) {
          expect(text.includes(form), `${what} in table ${table}`).toBe(false);
        }
      }
    }
  });

  it('are kept only as hashes that still do their job', async () => {
    // Device tokens, session ids and codes: SHA-256 of 256-bit random values (codes: ~50 bits,
    // one use, a day's life). Passwords: salted scrypt carrying its own cost.
    const devices = await server.db.selectFrom('devices').select('token_hash').execute();
    const tokenHashes = devices.map((d) => d.token_hash);
    expect(tokenHashes).toContain(sha256Hex(secrets.get('tablet token')!));
    expect(tokenHashes).toContain(sha256Hex(secrets.get('second tablet token')!));

    const sessions = await server.db.selectFrom('admin_sessions').select('id_hash').execute();
    const sessionHashes = sessions.map((s) => s.id_hash);
    expect(sessionHashes).toContain(sha256Hex(secrets.get('first session id')!));
    expect(sessionHashes).toContain(sha256Hex(secrets.get('second session id')!));
    // Signing out deletes the session, hash and all.
    expect(sessionHashes).not.toContain(sha256Hex(secrets.get('signed-out session id')!));

    const codes = await server.db.selectFrom('enrolment_codes').select('code_hash').execute();
    expect(codes.map((c) => c.code_hash)).toContain(
      sha256Hex(normaliseEnrolmentCode(secrets.get('unused enrolment code')!)),
    );

    const admins = await server.db.selectFrom('admins').select('password_hash').execute();
    for (const { password_hash } of admins) expect(password_hash).toMatch(/^scrypt\$\d+\$/);
    expect(await verifyPassword(secrets.get('first admin new password')!, firstAdminHash)).toBe(
      true,
    );
    expect(await verifyPassword(secrets.get('first admin password')!, firstAdminHash)).toBe(false);
  });

  it('leave no trace in the SQLite files, free pages and write-ahead log included', async () => {
    if (server.sqlite === undefined) return; // PostgreSQL: its files are not ours to read.
    const files = (await readdir(server.dataDir)).filter((name) => name.startsWith('involve'));
    expect(files).toContain('involve.sqlite');
    for (const file of files) {
      const bytes = await readFile(join(server.dataDir, file));
      for (const [what, value] of secrets) {
        for (const form of formsOf(what, value)) {
          expect(bytes.includes(Buffer.from(form, 'utf8')), `${what} in ${file}`).toBe(false);
        }
      }
    }
  });

  it('never reach the request log or the error log', () => {
    const logged = [...server.logs, ...server.errors].join('\n');
    expect(server.logs.length).toBeGreaterThan(10);
    for (const [what, value] of secrets) expect(logged.includes(value), what).toBe(false);
  });
});
