import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDevice } from '../../../src/server/db/devices.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import {
  eraseSignUp,
  erasedIdHash,
  getSignUp,
  listSignUpAudit,
  listSignUps,
  pagesOfSignUpsForExport,
  upsertSignUpBatch,
  withdrawSignUp,
  type SignUpQuery,
  type SignUpToStore,
} from '../../../src/server/db/sign-ups.repository';
import { uuidv7 } from '../../../src/shared/ids';
import type { SignUp } from '../../../src/shared/schemas/sign-up.schema';
import { makeSignUp } from '../../fixtures/signup.factory';
import { openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;
let organisationId: string;
const deviceId = 'device-1';
const at = '2026-11-21T10:00:00.000Z';
const later = '2026-11-21T11:00:00.000Z';

beforeEach(async () => {
  database = await openTestDatabase();
  organisationId = (await getDefaultOrganisation(database.db)).id;
  await insertDevice(database.db, {
    id: deviceId,
    organisationId,
    name: 'Tablet',
    tokenHash: 'hash-1',
    createdAt: at,
  });
});

afterEach(async () => {
  await database.close();
});

const origin = () => ({ organisationId, deviceId, receivedAt: at });

function entry(signUp: SignUp): SignUpToStore {
  return { signUp, schemaVersion: signUp.schemaVersion, updatedAt: signUp.updatedAt };
}

async function store(...signUps: SignUp[]) {
  return upsertSignUpBatch(database.db, origin(), signUps.map(entry));
}

async function names(query: Partial<SignUpQuery> = {}): Promise<string[]> {
  const { signUps } = await listSignUps(database.db, {
    organisationId,
    includeWithdrawn: false,
    after: 0,
    limit: 100,
    ...query,
  });
  return signUps.map((s) => (JSON.parse(s.data) as SignUp).name);
}

const by = (id: string) => ({ organisationId, id, adminId: 'admin-1', at: later });
const auditOf = (after = 0, limit = 100) =>
  listSignUpAudit(database.db, { organisationId, after, limit });

describe('upsertSignUpBatch', () => {
  it('stores the consent columns beside the record, and answers in input order', async () => {
    const a = makeSignUp({
      consent: {
        contact: true,
        news: true,
        version: '2026-11-v1',
        language: 'cy',
        givenAt: '2026-11-21T00:00:00.000Z',
        answeredBy: 'with-help',
      },
      phone: '07700 900123',
      postcode: 'LS1 4AP',
    });
    const b = makeSignUp();
    expect(await store(a, b)).toEqual(['accepted', 'accepted']);
    const row = await database.db
      .selectFrom('sign_ups')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organisation_id: organisationId,
      device_id: deviceId,
      schema_version: 1,
      name: a.name,
      email: a.email,
      phone: '07700 900123',
      postcode: 'LS1 4AP',
      consent_version: '2026-11-v1',
      consent_language: 'cy',
      consent_given_at: '2026-11-21T00:00:00.000Z',
      consent_news: 1,
      answered_by: 'with-help',
      withdrawn_at: null,
      deleted_at: null,
      record_updated_at: a.updatedAt,
      // The day it arrived: the moment would match the push that brought the answers too.
      received_at: '2026-11-21T00:00:00.000Z',
    });
    expect(JSON.parse(row.data)).toEqual(a);
  });

  it('stores a sign-up sent twice once; the newer version wins, an older one changes nothing', async () => {
    const first = makeSignUp({ name: 'First Name' });
    const newer = { ...first, name: 'Second Name', updatedAt: later };
    expect(await store(first)).toEqual(['accepted']);
    expect(await store(first)).toEqual(['duplicate']);
    expect(await store(newer)).toEqual(['accepted']);
    expect(await store(first)).toEqual(['duplicate']);
    // Within one batch: the newest copy is stored, the rest are duplicates.
    const other = makeSignUp();
    expect(await store(other, { ...other, name: 'Newest', updatedAt: later }, other)).toEqual([
      'duplicate',
      'accepted',
      'duplicate',
    ]);
    expect(await names()).toEqual(['Second Name', 'Newest']);
    expect(await upsertSignUpBatch(database.db, origin(), [])).toEqual([]);
  });

  it("never touches another organisation's sign-up with the same id", async () => {
    const otherOrg = uuidv7();
    await database.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other', created_at: at })
      .execute();
    await insertDevice(database.db, {
      id: 'device-2',
      organisationId: otherOrg,
      name: 'Other tablet',
      tokenHash: 'hash-2',
      createdAt: at,
    });
    const theirs = makeSignUp({ name: 'Theirs' });
    await upsertSignUpBatch(
      database.db,
      { organisationId: otherOrg, deviceId: 'device-2', receivedAt: at },
      [entry(theirs)],
    );
    expect(await store({ ...theirs, name: 'Hijack', updatedAt: later })).toEqual(['duplicate']);
    const rows = await database.db
      .selectFrom('sign_ups')
      .select(['name', 'organisation_id'])
      .execute();
    expect(rows).toEqual([{ name: 'Theirs', organisation_id: otherOrg }]);
  });

  it('keeps a withdrawal when a newer version of the sign-up arrives later', async () => {
    const signUp = makeSignUp();
    await store(signUp);
    await withdrawSignUp(database.db, by(signUp.id));
    expect(await store({ ...signUp, name: 'Edited', updatedAt: later })).toEqual(['accepted']);
    const stored = await getSignUp(database.db, organisationId, signUp.id);
    expect(stored?.withdrawnAt).toBe(later);
  });
});

describe('listSignUps', () => {
  beforeEach(async () => {
    // One batch each, so they arrive in this order (a batch is written in id order).
    for (const signUp of [
      makeSignUp({ name: 'Łucja Nowak', email: 'LUCJA@Example.org' }),
      makeSignUp({
        name: 'Sam Jones',
        email: undefined,
        phone: '07700 900123',
        preferredContact: 'phone',
      }),
      makeSignUp({
        name: 'Pat 100%_Real',
        email: undefined,
        address: '1 High Street, Leeds',
        postcode: 'ls1 4ap',
        preferredContact: 'post',
      }),
    ])
      await store(signUp);
  });

  it('finds by any part of the name, email, phone or postcode, whatever the case', async () => {
    expect(await names({ search: 'łUCJA' })).toEqual(['Łucja Nowak']);
    expect(await names({ search: 'lucja@example' })).toEqual(['Łucja Nowak']);
    expect(await names({ search: 'jones' })).toEqual(['Sam Jones']);
    expect(await names({ search: '07700900123' })).toEqual(['Sam Jones']);
    expect(await names({ search: '+44 7700 900 123' })).toEqual(['Sam Jones']);
    expect(await names({ search: 'LS1 4AP' })).toEqual(['Pat 100%_Real']);
    expect(await names({ search: 'ls14ap' })).toEqual(['Pat 100%_Real']);
    expect(await names({ search: 'nobody' })).toEqual([]);
    expect(await names({ search: '' })).toHaveLength(3);
  });

  it('takes % and _ in a search literally', async () => {
    expect(await names({ search: '0%_' })).toEqual(['Pat 100%_Real']);
    expect(await names({ search: '%' })).toEqual(['Pat 100%_Real']);
    expect(await names({ search: 'S_m' })).toEqual([]);
  });

  it('pages by seq', async () => {
    const first = await listSignUps(database.db, {
      organisationId,
      includeWithdrawn: false,
      after: 0,
      limit: 2,
    });
    expect(first.hasMore).toBe(true);
    expect(first.signUps).toHaveLength(2);
    const rest = await listSignUps(database.db, {
      organisationId,
      includeWithdrawn: false,
      after: first.signUps[1]!.seq,
      limit: 2,
    });
    expect(rest.hasMore).toBe(false);
    expect(rest.signUps.map((s) => (JSON.parse(s.data) as SignUp).name)).toEqual(['Pat 100%_Real']);
  });

  it('leaves out those who withdrew unless asked to include them', async () => {
    const { signUps } = await listSignUps(database.db, {
      organisationId,
      includeWithdrawn: false,
      after: 0,
      limit: 10,
    });
    await withdrawSignUp(database.db, by(signUps[0]!.id));
    expect(await names()).toEqual(['Sam Jones', 'Pat 100%_Real']);
    expect(await names({ includeWithdrawn: true })).toEqual([
      'Łucja Nowak',
      'Sam Jones',
      'Pat 100%_Real',
    ]);
  });
});

describe('erase and withdraw', () => {
  it('erases: the row is gone and the audit says only what, when and who', async () => {
    const signUp = makeSignUp({ name: 'Erase Me', email: 'erase.me@example.org' });
    await store(signUp);
    expect(await eraseSignUp(database.db, by(signUp.id))).toBe(true);
    expect(await database.db.selectFrom('sign_ups').selectAll().execute()).toEqual([]);
    const audit = await database.db.selectFrom('sign_up_audit').selectAll().execute();
    expect(audit).toEqual([
      {
        seq: expect.any(Number) as unknown,
        organisation_id: organisationId,
        action: 'erased',
        at: later,
        admin_id: 'admin-1',
      },
    ]);
    // A second erasure finds nobody and records nothing.
    expect(await eraseSignUp(database.db, by(signUp.id))).toBe(false);
    expect((await auditOf()).entries).toHaveLength(1);
    // What is left is the marker: the id's hash, not the id, and when.
    expect(await database.db.selectFrom('sign_up_erasures').selectAll().execute()).toEqual([
      { id_hash: erasedIdHash(signUp.id), organisation_id: organisationId, erased_at: later },
    ]);
    expect(erasedIdHash(signUp.id)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers an erased sign-up sent again as a duplicate and stores nothing, in any batch', async () => {
    const erased = makeSignUp({ name: 'Erase Me' });
    const stays = makeSignUp({ name: 'Stays' });
    await store(erased, stays);
    await eraseSignUp(database.db, by(erased.id));
    const newer = { ...erased, updatedAt: later };
    expect(await store(stays, erased, newer, makeSignUp({ name: 'New' }))).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'accepted',
    ]);
    expect((await names()).sort()).toEqual(['New', 'Stays']);
  });

  it('withdraws once: a second withdrawal answers the first time and adds no audit', async () => {
    const signUp = makeSignUp();
    await store(signUp);
    expect(await withdrawSignUp(database.db, by(signUp.id))).toBe(later);
    expect(
      await withdrawSignUp(database.db, { ...by(signUp.id), at: '2026-11-22T00:00:00.000Z' }),
    ).toBe(later);
    expect(await withdrawSignUp(database.db, by(uuidv7()))).toBeUndefined();
    expect((await auditOf()).entries.map((e) => e.action)).toEqual(['withdrawn']);
  });

  it('lists the audit a page at a time, oldest first, each entry once', async () => {
    const people = [makeSignUp(), makeSignUp(), makeSignUp(), makeSignUp(), makeSignUp()];
    await store(...people);
    for (const [n, person] of people.entries()) {
      const action = { ...by(person.id), at: `2026-11-21T11:0${n}:00.000Z` };
      if (n % 2 === 0) await eraseSignUp(database.db, action);
      else await withdrawSignUp(database.db, action);
    }
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await auditOf(after, 2);
      seen.push(...page.entries.map((e) => `${e.action} ${e.at}`));
      const last = page.entries.at(-1);
      if (!page.hasMore || last === undefined) break;
      expect(page.entries).toHaveLength(2);
      after = last.seq;
    }
    expect(seen).toEqual([
      'erased 2026-11-21T11:00:00.000Z',
      'withdrawn 2026-11-21T11:01:00.000Z',
      'erased 2026-11-21T11:02:00.000Z',
      'withdrawn 2026-11-21T11:03:00.000Z',
      'erased 2026-11-21T11:04:00.000Z',
    ]);
  });

  it('exports neither the withdrawn nor those the device deleted', async () => {
    const kept = makeSignUp({ name: 'Kept' });
    const withdrawn = makeSignUp({ name: 'Withdrawn' });
    const deleted = makeSignUp({ name: 'Deleted', deletedAt: at });
    await store(kept, withdrawn, deleted);
    await withdrawSignUp(database.db, by(withdrawn.id));
    const exported: string[] = [];
    for await (const page of pagesOfSignUpsForExport(database.db, organisationId, 1))
      exported.push(...page.map((s) => s.name));
    expect(exported).toEqual(['Kept']);
  });
});
