import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { SQLITE_FILE } from '../../../src/server/db/open-database';
import { uuidv7 } from '../../../src/shared/ids';
import type { SignUp } from '../../../src/shared/schemas/sign-up.schema';
import type { PushRecord, PushResponse } from '../../../src/shared/sync/protocol';
import { makeSignUp } from '../../fixtures/signup.factory';
import { bodyOf, errorOf, jsonPost, startTestServer, type TestServer } from '../server-test-kit';

const BASE = '/api/v1/admin/sign-ups';
const CANARY_NAME = 'Zebedee Canary-Name';
const CANARY_EMAIL = 'canary.person@example.org';

let server: TestServer;
let token: string;
let admin: { cookie: string; csrfToken: string };

beforeEach(async () => {
  server = await startTestServer();
  ({ token } = await server.enrolDevice());
  admin = await server.login();
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

function pushed(signUp: SignUp | Record<string, unknown>): PushRecord {
  return { id: signUp.id as string, kind: 'sign-up', schemaVersion: 1, data: signUp };
}

/**
 * Pushes each sign-up in a push of its own, so they arrive in this order (within one push
 * they are stored in id order, and ids made for the same day are in no order).
 */
async function pushSignUps(...signUps: SignUp[]): Promise<void> {
  for (const signUp of signUps) {
    const res = await server.push(token, [pushed(signUp)]);
    expect(res.status).toBe(200);
    const { results } = await bodyOf<PushResponse>(res);
    expect(results).toEqual([{ id: signUp.id, status: 'accepted' }]);
  }
}

/** An admin request with the session cookie and, unless told otherwise, the CSRF token. */
function asAdmin(path: string, init: RequestInit = {}, csrf = true): Promise<Response> {
  return server.request(path, {
    ...init,
    headers: {
      cookie: admin.cookie,
      ...(csrf ? { 'X-CSRF-Token': admin.csrfToken } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

interface Listed {
  id: string;
  withdrawnAt: string | null;
  data: SignUp;
}

async function list(query = ''): Promise<{ signUps: Listed[]; next: string | null }> {
  const res = await asAdmin(`${BASE}${query}`);
  expect(res.status).toBe(200);
  return bodyOf(res);
}

async function listedNames(query = ''): Promise<string[]> {
  return (await list(query)).signUps.map((s) => s.data.name);
}

async function exportCsv(): Promise<{ res: Response; text: string; rows: string[][] }> {
  const res = await asAdmin(`${BASE}/export.csv`);
  // Response#text() would drop the byte-order mark this test looks for.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  return { res, text, rows };
}

const erase = (id: string, csrf = true) => asAdmin(`${BASE}/${id}`, { method: 'DELETE' }, csrf);
const withdraw = (id: string, csrf = true) =>
  asAdmin(`${BASE}/${id}/withdraw`, { method: 'POST' }, csrf);

describe('GET /api/v1/admin/sign-ups', () => {
  it('lists, searches and pages sign-ups', async () => {
    await pushSignUps(
      makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL }),
      makeSignUp({ name: 'Ann Other', email: 'ann@example.org' }),
      makeSignUp({ name: 'Bea Third', email: 'bea@example.org' }),
    );
    expect(await listedNames()).toEqual([CANARY_NAME, 'Ann Other', 'Bea Third']);
    expect(await listedNames('?q=zebedee')).toEqual([CANARY_NAME]);
    expect(await listedNames('?q=EXAMPLE.ORG&limit=2')).toEqual([CANARY_NAME, 'Ann Other']);
    const first = await list('?limit=2');
    expect(first.next).not.toBeNull();
    expect(await listedNames(`?limit=2&after=${first.next!}`)).toEqual(['Bea Third']);
    expect((await list(`?limit=2&after=${first.next!}`)).next).toBeNull();
  });

  it('answers 400 naming the field for a bad query', async () => {
    const res = await asAdmin(`${BASE}?limit=0`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await asAdmin(`${BASE}?withdrawn=maybe`)).status).toBe(400);
    expect((await asAdmin(`${BASE}?q=${'x'.repeat(101)}`)).status).toBe(400);
  });

  it('gets one sign-up, or 404 in the API error shape', async () => {
    const signUp = makeSignUp();
    await pushSignUps(signUp);
    const res = await asAdmin(`${BASE}/${signUp.id}`);
    expect(res.status).toBe(200);
    expect(await bodyOf<Listed>(res)).toMatchObject({ id: signUp.id, data: signUp });
    const missing = await asAdmin(`${BASE}/${uuidv7()}`);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
  });
});

describe('GET /api/v1/admin/sign-ups/export.csv', () => {
  it('is an Excel-safe CSV with readable columns, formulas neutralised', async () => {
    const signUp = makeSignUp({
      name: '=HYPERLINK("http://evil.example","Click me")',
      support: ['hearing-loop', 'transport'],
      payment: 'payment',
      consent: { ...makeSignUp().consent, news: true, answeredBy: 'with-help' },
    });
    await pushSignUps(signUp);
    const { res, text, rows } = await exportCsv();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="sign-ups-2026-11-21.csv"',
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(text.startsWith('\uFEFFName,')).toBe(true);
    const [header, row] = rows;
    const cell = (column: string) => row![header!.indexOf(column)];
    expect(cell('Name')).toBe('\'=HYPERLINK("http://evil.example","Click me")');
    expect(cell('Support needed')).toBe('Hearing loop; Transport');
    expect(cell('Expenses and payment')).toBe('Expenses and payment for their time');
    expect(cell('Consent version')).toBe(signUp.consent.version);
    expect(cell('Consent language')).toBe('English');
    expect(cell('News and membership')).toBe('Yes');
    expect(cell('Filled in')).toBe('With help');
  });
});

describe('GET /api/v1/admin/sign-ups/audit', () => {
  it('pages the audit trail oldest first, each entry once', async () => {
    const people = Array.from({ length: 5 }, () => makeSignUp());
    await pushSignUps(...people);
    for (const [n, person] of people.entries()) {
      server.clock.advance(60_000);
      const res = n % 2 === 0 ? await erase(person.id) : await withdraw(person.id);
      expect(res.status).toBeLessThan(300);
    }
    const seen: string[] = [];
    let after = '';
    for (let pages = 1; ; pages++) {
      const res = await asAdmin(`${BASE}/audit?limit=2${after}`);
      expect(res.status).toBe(200);
      const page = await bodyOf<{ entries: { action: string; at: string }[]; next: string | null }>(
        res,
      );
      seen.push(...page.entries.map((e) => `${e.action} ${e.at.slice(11, 16)}`));
      if (page.next === null) {
        expect(pages).toBe(3);
        break;
      }
      after = `&after=${page.next}`;
    }
    expect(seen).toEqual([
      'erased 09:01',
      'withdrawn 09:02',
      'erased 09:03',
      'withdrawn 09:04',
      'erased 09:05',
    ]);
    for (const query of ['?limit=0', '?after=x']) {
      expect((await asAdmin(`${BASE}/audit${query}`)).status).toBe(400);
    }
  });
});

describe('DELETE /api/v1/admin/sign-ups/:id (erase)', () => {
  it('removes the person from the database, the list and the export; the audit holds no personal data', async () => {
    const person = makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL });
    const other = makeSignUp({ name: 'Stays Here' });
    await pushSignUps(person, other);

    const res = await erase(person.id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    const rows = await server.db.selectFrom('sign_ups').select(['id', 'name', 'data']).execute();
    expect(rows.map((r) => r.id)).toEqual([other.id]);
    expect(JSON.stringify(rows)).not.toContain('Zebedee');
    expect(await listedNames('?withdrawn=include')).toEqual(['Stays Here']);
    expect(await listedNames('?q=zebedee&withdrawn=include')).toEqual([]);
    const { text } = await exportCsv();
    expect(text).toContain('Stays Here');
    expect(text).not.toContain('Zebedee');
    expect(text).not.toContain(CANARY_EMAIL);

    const audit = await server.db.selectFrom('sign_up_audit').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'erased', at: server.clock.now().toISOString() });
    for (const trace of [CANARY_NAME, 'Zebedee', CANARY_EMAIL, 'canary', person.id]) {
      expect(JSON.stringify(audit)).not.toContain(trace);
    }
    const listedAudit = await asAdmin(`${BASE}/audit`);
    expect(await bodyOf<{ entries: { action: string }[] }>(listedAudit)).toEqual({
      entries: [
        {
          action: 'erased',
          at: server.clock.now().toISOString(),
          adminId: expect.any(String) as unknown,
        },
      ],
      next: null,
    });
  });

  it('answers 404 in the API error shape when there is nobody to erase', async () => {
    for (const id of [uuidv7(), 'not%20an%20id']) {
      const res = await erase(id);
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({
        code: 'not_found',
        message: 'There is no sign-up with this id.',
      });
    }
    expect(await server.db.selectFrom('sign_up_audit').selectAll().execute()).toEqual([]);
  });

  it.runIf(process.env.INVOLVE_TEST_DATABASE_URL === undefined)(
    'leaves no trace of the person in the SQLite file',
    async () => {
      const person = makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL });
      await pushSignUps(person, makeSignUp({ name: 'Stays Here' }));
      expect((await erase(person.id)).status).toBe(204);
      // Move the WAL into the main file and empty it, as SQLite does from time to time.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(server.db);
      const file = await readFile(join(server.dataDir, SQLITE_FILE));
      expect(file.includes('Stays Here')).toBe(true);
      expect(file.includes(CANARY_NAME)).toBe(false);
      expect(file.includes(CANARY_EMAIL)).toBe(false);
    },
  );

  it('does not bring the person back when their tablet sends the sign-up again', async () => {
    const person = makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL });
    await pushSignUps(person);
    expect((await erase(person.id)).status).toBe(204);

    // The first push reached the server but its answer was lost: the tablet sends the same
    // sign-up again (and, later, an edited copy), beside someone new.
    const newcomer = makeSignUp({ name: 'New Person' });
    const again = await server.push(token, [pushed(person), pushed(newcomer)]);
    expect((await bodyOf<PushResponse>(again)).results).toEqual([
      // Duplicate, so the tablet deletes its copy as it does for anything the server has.
      { id: person.id, status: 'duplicate' },
      { id: newcomer.id, status: 'accepted' },
    ]);
    const edited = { ...person, phone: '07700 900123', updatedAt: '2026-11-22T00:00:00.000Z' };
    expect(
      (await bodyOf<PushResponse>(await server.push(token, [pushed(edited)]))).results,
    ).toEqual([{ id: person.id, status: 'duplicate' }]);

    const rows = await server.db.selectFrom('sign_ups').select(['id', 'data']).execute();
    expect(rows.map((r) => r.id)).toEqual([newcomer.id]);
    expect(JSON.stringify(rows)).not.toContain('Zebedee');
    expect(await listedNames('?withdrawn=include')).toEqual(['New Person']);
    expect(await listedNames('?q=zebedee&withdrawn=include')).toEqual([]);
    expect((await asAdmin(`${BASE}/${person.id}`)).status).toBe(404);
    const { text } = await exportCsv();
    expect(text).toContain('New Person');
    expect(text).not.toContain('Zebedee');
    expect(text).not.toContain(CANARY_EMAIL);

    // The marker keeps a hash of the id and when, nothing of the person; the audit still
    // says one erasure.
    const markers = await server.db.selectFrom('sign_up_erasures').selectAll().execute();
    expect(markers).toEqual([
      {
        id_hash: createHash('sha256').update(person.id).digest('hex'),
        organisation_id: expect.any(String) as unknown,
        erased_at: server.clock.now().toISOString(),
      },
    ]);
    for (const trace of [CANARY_NAME, 'Zebedee', CANARY_EMAIL, person.id]) {
      expect(JSON.stringify(markers)).not.toContain(trace);
    }
    const audit = await server.db.selectFrom('sign_up_audit').select('action').execute();
    expect(audit).toEqual([{ action: 'erased' }]);
  });

  // Only PostgreSQL lets an erasure commit while a push's transaction is open (SQLite has one
  // writer: the push would fail and be sent again, meeting the marker).
  it.runIf(process.env.INVOLVE_TEST_DATABASE_URL !== undefined)(
    'an erasure that commits while the sign-up is being sent again still wins (PostgreSQL)',
    async () => {
      const person = makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL });
      await pushSignUps(person);
      // Erase (through the API, on another connection) just after the push has looked for
      // erasure markers and before it writes the row.
      let markerCheck: unknown;
      let erased = false;
      const eraseMidPush: KyselyPlugin = {
        transformQuery(args) {
          if (
            markerCheck === undefined &&
            args.node.kind === 'SelectQueryNode' &&
            JSON.stringify(args.node).includes('"sign_up_erasures"')
          )
            markerCheck = args.queryId;
          return args.node;
        },
        async transformResult(args) {
          if (args.queryId === markerCheck && !erased) {
            erased = true;
            expect((await erase(person.id)).status).toBe(204);
          }
          return args.result;
        },
      };
      const app = createApp({
        staticDir: server.dataDir,
        db: server.db.withPlugin(eraseMidPush),
        version: '0.0.0-test',
        now: server.clock.now,
        log: () => undefined,
        logError: (line) => server.errors.push(line),
      });
      const res = await app.request(
        '/api/v1/sync/push',
        jsonPost({ records: [pushed(person)] }, { Authorization: `Bearer ${token}` }),
      );
      expect(erased).toBe(true);
      expect((await bodyOf<PushResponse>(res)).results).toEqual([
        { id: person.id, status: 'duplicate' },
      ]);
      expect(await server.db.selectFrom('sign_ups').select('id').execute()).toEqual([]);
    },
  );
});

describe('POST /api/v1/admin/sign-ups/:id/withdraw', () => {
  it('leaves the person out of the export; the list shows them when asked, marked withdrawn', async () => {
    const person = makeSignUp({ name: 'Withdrawn Person' });
    await pushSignUps(person, makeSignUp({ name: 'Still In' }));
    const res = await withdraw(person.id);
    expect(res.status).toBe(200);
    const now = server.clock.now().toISOString();
    expect(await bodyOf(res)).toEqual({ id: person.id, withdrawnAt: now });

    const { text } = await exportCsv();
    expect(text).toContain('Still In');
    expect(text).not.toContain('Withdrawn Person');
    expect(await listedNames()).toEqual(['Still In']);
    const all = await list('?withdrawn=include');
    expect(all.signUps.map((s) => [s.data.name, s.withdrawnAt])).toEqual([
      ['Withdrawn Person', now],
      ['Still In', null],
    ]);
    const audit = await server.db.selectFrom('sign_up_audit').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['withdrawn']);
    expect(JSON.stringify(audit)).not.toContain(person.id);

    expect((await withdraw(uuidv7())).status).toBe(404);
  });
});

describe('admin sign-up routes: access', () => {
  it('refuses requests without an admin session', async () => {
    const signUp = makeSignUp();
    await pushSignUps(signUp);
    const anonymous: [string, string][] = [
      ['GET', BASE],
      ['GET', `${BASE}/export.csv`],
      ['GET', `${BASE}/${signUp.id}`],
      ['GET', `${BASE}/audit`],
      ['DELETE', `${BASE}/${signUp.id}`],
      ['POST', `${BASE}/${signUp.id}/withdraw`],
    ];
    for (const [method, path] of anonymous) {
      const res = await server.request(path, {
        method,
        headers: { 'X-CSRF-Token': admin.csrfToken },
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
    expect(await server.db.selectFrom('sign_ups').select('id').execute()).toHaveLength(1);
  });

  it('refuses erasure and withdrawal without the CSRF token', async () => {
    const signUp = makeSignUp();
    await pushSignUps(signUp);
    for (const res of [
      await erase(signUp.id, false),
      await withdraw(signUp.id, false),
      await asAdmin(
        `${BASE}/${signUp.id}`,
        { method: 'DELETE', headers: { 'X-CSRF-Token': 'x'.repeat(43) } },
        false,
      ),
    ]) {
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('csrf_failed');
    }
    const rows = await server.db.selectFrom('sign_ups').select(['id', 'withdrawn_at']).execute();
    expect(rows).toEqual([{ id: signUp.id, withdrawn_at: null }]);
    expect(await server.db.selectFrom('sign_up_audit').selectAll().execute()).toEqual([]);
  });
});

describe('logs', () => {
  const traces = [CANARY_NAME, 'Zebedee', 'Canary-Name', CANARY_EMAIL, 'canary.person'];

  function expectNoTrace(lines: string[]): void {
    const text = lines.join('\n');
    for (const trace of traces) expect(text.toLowerCase()).not.toContain(trace.toLowerCase());
    expect(text).not.toContain('q=');
  }

  it('hold no trace of a canary name and email through push, rejection, search, export and erasure', async () => {
    const person = makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL });
    await pushSignUps(person);
    // Rejected: texts wanted, but no phone number.
    const bad = {
      ...makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL }),
      preferredContact: 'text',
    };
    const rejected = await server.push(token, [pushed(bad)]);
    expect((await bodyOf<PushResponse>(rejected)).results[0]?.status).toBe('rejected');
    expect((await asAdmin(`${BASE}?q=Zebedee`)).status).toBe(200);
    expect((await asAdmin(`${BASE}?q=${encodeURIComponent(CANARY_EMAIL)}`)).status).toBe(200);
    expect((await exportCsv()).text).toContain(CANARY_NAME);
    expect((await asAdmin(`${BASE}/${person.id}`)).status).toBe(200);
    expect((await withdraw(person.id)).status).toBe(200);
    expect((await erase(person.id)).status).toBe(204);

    expectNoTrace([...server.logs, ...server.errors]);
    expect(server.logs.join('\n')).not.toContain(person.id);
    // Every request was logged, by its route pattern.
    expect(
      server.logs.filter((line) => line.startsWith('POST /api/v1/sync/push 200')),
    ).toHaveLength(2);
    expect(server.logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/api\/v1\/admin\/sign-ups\/? 200 \d+ms$/),
        expect.stringMatching(/^GET \/api\/v1\/admin\/sign-ups\/export\.csv 200 \d+ms$/),
        expect.stringMatching(/^DELETE \/api\/v1\/admin\/sign-ups\/:id 204 \d+ms$/),
      ]) as unknown,
    );
  });

  it('hold no trace of them when storing a sign-up fails with an error quoting the row', async () => {
    let thrown = '';
    // A driver error that quotes the values it could not write, as PostgreSQL's can.
    const failSignUpInserts: KyselyPlugin = {
      transformQuery(args) {
        const node = JSON.stringify(args.node);
        if (args.node.kind === 'InsertQueryNode' && node.includes('"sign_ups"')) {
          thrown = `could not insert ${node}`;
          throw new Error(thrown);
        }
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const logs: string[] = [];
    const errors: string[] = [];
    const app = createApp({
      staticDir: server.dataDir,
      db: server.db.withPlugin(failSignUpInserts),
      version: '0.0.0-test',
      now: server.clock.now,
      log: (line) => logs.push(line),
      logError: (line) => errors.push(line),
    });
    const res = await app.request(
      '/api/v1/sync/push',
      jsonPost(
        { records: [pushed(makeSignUp({ name: CANARY_NAME, email: CANARY_EMAIL }))] },
        { Authorization: `Bearer ${token}` },
      ),
    );
    expect(res.status).toBe(500);
    expect(thrown).toContain(CANARY_EMAIL);
    expect(errors).toHaveLength(1);
    expectNoTrace([...logs, ...errors]);
    expect(await server.db.selectFrom('sign_ups').selectAll().execute()).toEqual([]);
  });
});
