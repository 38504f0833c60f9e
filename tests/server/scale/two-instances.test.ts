import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopNote } from '../../../src/shared';
import type { PushResponse } from '../../../src/shared/sync/protocol';
import { hashPassword } from '../../../src/server/auth/passwords';
import { insertAdmin } from '../../../src/server/db/admins.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { enrolDevice, issueEnrolmentCode } from '../../../src/server/enrolment';
import { uuidv7 } from '../../../src/shared/ids';
import { makeNote } from '../../fixtures/workshop.factory';
import { ADMIN_EMAIL, ADMIN_PASSWORD, jsonPost, openTestDatabase } from '../server-test-kit';
import type { TestDatabase } from '../server-test-kit';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import { startServerProcess, type ServerProcess } from './server-process';

const POSTGRES = (process.env.INVOLVE_TEST_DATABASE_URL ?? '') !== '';
const DEVICES = 20;
const PER_DEVICE = 1000;
const BATCH = 100;
/** Each batch after the first carries the last records of the one before again. */
const OVERLAP = 20;

/** A small seeded generator, so a failing run can be repeated exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// On SQLite, two processes on one file: as `npm start` runs its workers, and as the admin CLI
// writes beside the server.
describe(`two server instances on one ${POSTGRES ? 'PostgreSQL' : 'SQLite file'} behind a round-robin proxy`, () => {
  let database: TestDatabase;
  let instances: ServerProcess[] = [];
  let proxy: RoundRobinProxy;

  beforeAll(async () => {
    database = await openTestDatabase();
    const organisation = await getDefaultOrganisation(database.db);
    await insertAdmin(database.db, {
      id: uuidv7(),
      organisationId: organisation.id,
      email: ADMIN_EMAIL,
      passwordHash: await hashPassword(ADMIN_PASSWORD, { N: 1024, r: 8, p: 1 }),
      createdAt: new Date().toISOString(),
    });
    instances = await Promise.all(
      [0, 1].map(() =>
        startServerProcess({
          DATABASE_URL: database.env.DATABASE_URL,
          DATA_DIR: database.dataDir,
          // One process each: the proxy is the balancer here.
          WORKERS: '1',
        }),
      ),
    );
    proxy = await startRoundRobinProxy(instances.map((i) => i.url));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(instances.map((i) => i.stop()));
    await database?.close();
  });

  const upstreamOf = (path: string) => proxy.routed.findLast((r) => r.path === path)?.upstream;

  it('keeps an admin signed in, and an enrolment code good, whichever instance answers', async () => {
    const login = await fetch(
      `${proxy.url}/api/v1/admin/login`,
      jsonPost({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    );
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    // The next two requests land on one instance each: both know the session.
    const seenBy = new Set<number | undefined>();
    for (let i = 0; i < 2; i++) {
      const session = await fetch(`${proxy.url}/api/v1/admin/session`, { headers: { cookie } });
      expect(session.status).toBe(200);
      seenBy.add(upstreamOf('/api/v1/admin/session'));
    }
    expect(seenBy).toEqual(new Set([0, 1]));

    // A code made on one instance enrols a tablet on the other.
    const made = await fetch(`${proxy.url}/api/v1/admin/enrolment-codes`, {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(made.status).toBe(201);
    const { code } = (await made.json()) as { code: string };
    const enrolled = await fetch(
      `${proxy.url}/api/v1/devices/enrol`,
      jsonPost({ code, name: 'Ward 7 tablet' }),
    );
    expect(enrolled.status).toBe(201);
    expect(upstreamOf('/api/v1/devices/enrol')).not.toBe(
      upstreamOf('/api/v1/admin/enrolment-codes'),
    );
    // And the code is spent on both.
    const again = await fetch(
      `${proxy.url}/api/v1/devices/enrol`,
      jsonPost({ code, name: 'Another tablet' }),
    );
    expect(again.status).toBe(400);
  });

  it('stores exactly 20,000 records from 20 devices sending duplicates and retries at once', async () => {
    const organisation = await getDefaultOrganisation(database.db);
    // Devices enrolled as the CLI does (the per-address enrolment limit is shared by the
    // instances, and one test machine is one address).
    const devices = await Promise.all(
      Array.from({ length: DEVICES }, async (_, d) => {
        const { code } = await issueEnrolmentCode(database.db, organisation.id, new Date());
        const enrolment = await enrolDevice(database.db, code, `Tablet ${d + 1}`, new Date());
        if (!enrolment) throw new Error('enrolment failed');
        return enrolment.token;
      }),
    );
    const newest = new Map<string, WorkshopNote>();
    let accepted = 0;
    let edits = 0;
    let pushes = 0;

    const push = async (token: string, notes: WorkshopNote[]): Promise<PushResponse> => {
      pushes += 1;
      const res = await fetch(
        `${proxy.url}/api/v1/sync/push`,
        jsonPost(
          {
            records: notes.map((n) => ({
              id: n.id,
              kind: 'workshop-note',
              schemaVersion: n.schemaVersion,
              data: n,
            })),
          },
          { Authorization: `Bearer ${token}` },
        ),
      );
      if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as PushResponse;
    };

    await Promise.all(
      devices.map(async (token, d) => {
        const random = seeded(d + 1);
        const eventId = uuidv7();
        const notes = Array.from({ length: PER_DEVICE }, (_, i) =>
          makeNote({ eventId, text: `Device ${d} note ${i}`, deviceId: `tablet-${d}` }),
        );
        for (const note of notes) newest.set(note.id, note);
        for (let start = 0; start < PER_DEVICE; start += BATCH) {
          const batch = notes.slice(Math.max(0, start - OVERLAP), start + BATCH);
          // Some notes of the overlap come again edited: the newer version must win.
          const sent = batch.map((note, i) => {
            if (start === 0 || i >= OVERLAP || random() >= 0.1) return note;
            const edited = {
              ...note,
              text: `${note.text} (edited)`,
              updatedAt: new Date(Date.parse(note.updatedAt) + 60_000).toISOString(),
            };
            newest.set(note.id, edited);
            edits += 1;
            return edited;
          });
          // Retries: the answer is lost (a timeout, a dropped connection) and the tablet
          // sends the same batch again, once or twice.
          const tries = random() < 0.25 ? (random() < 0.5 ? 2 : 3) : 1;
          for (let t = 0; t < tries; t++) {
            const answer = await push(token, sent);
            expect(answer.results).toHaveLength(sent.length);
            for (const result of answer.results) {
              expect(result.status).not.toBe('rejected');
              if (result.status === 'accepted') accepted += 1;
            }
          }
        }
      }),
    );

    const stored = await database.db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('kind', '=', 'workshop-note')
      .execute();
    expect(stored).toHaveLength(DEVICES * PER_DEVICE);
    expect(new Set(stored.map((r) => r.id)).size).toBe(DEVICES * PER_DEVICE);
    // Every record once as new, and every edit once as a change: never twice.
    expect(accepted).toBe(DEVICES * PER_DEVICE + edits);
    for (const row of stored) {
      expect(JSON.parse(row.data) as WorkshopNote).toEqual(newest.get(row.id));
    }
    // Both instances did real work.
    expect(pushes).toBeGreaterThan(DEVICES * (PER_DEVICE / BATCH));
    const pushedTo = proxy.routed.filter((r) => r.path === '/api/v1/sync/push');
    expect(pushedTo.filter((r) => r.upstream === 0).length).toBeGreaterThan(pushes / 4);
    expect(pushedTo.filter((r) => r.upstream === 1).length).toBeGreaterThan(pushes / 4);
  }, 180_000);

  it('counts sign-in attempts across instances, so two instances allow no more guesses than one', async () => {
    // Wrong passwords until refused. Per-process counting would let each instance allow its
    // 10 a minute (20 in all); shared counting allows 10 in all, fewer if the first test's
    // sign-in fell in the same minute or a minute began part-way.
    let allowed = 0;
    let refused = false;
    while (!refused && allowed <= 20) {
      const res = await fetch(
        `${proxy.url}/api/v1/admin/login`,
        jsonPost({ email: ADMIN_EMAIL, password: 'not the password at all' }),
      );
      if (res.status === 429) refused = true;
      else {
        expect(res.status).toBe(401);
        allowed += 1;
      }
    }
    expect(refused).toBe(true);
    expect(allowed).toBeLessThanOrEqual(10);
    // The attempts really went to both instances.
    const attempts = proxy.routed
      .filter((r) => r.path === '/api/v1/admin/login')
      .slice(-allowed - 1);
    expect(new Set(attempts.map((a) => a.upstream))).toEqual(new Set([0, 1]));
  });
});
