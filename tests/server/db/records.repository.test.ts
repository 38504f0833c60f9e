import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDevice } from '../../../src/server/db/devices.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { listRecords, upsertRecordBatch } from '../../../src/server/db/records.repository';
import type { RecordToStore } from '../../../src/server/db/records.repository';
import { uuidv7 } from '../../../src/shared/ids';
import { openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;
let organisationId: string;
const deviceId = 'device-1';
const at = '2026-11-21T10:00:00.000Z';

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

function record(overrides: Partial<RecordToStore> = {}): RecordToStore {
  const id = overrides.id ?? uuidv7();
  return {
    id,
    kind: 'workshop-note',
    schemaVersion: 1,
    eventId: 'event-1',
    data: JSON.stringify({ id, v: overrides.updatedAt ?? at }),
    updatedAt: at,
    ...overrides,
  };
}

const origin = () => ({ organisationId, deviceId, receivedAt: at });

describe('upsertRecordBatch', () => {
  it('stores a large batch across several statements in one call', async () => {
    const batch = Array.from({ length: 250 }, () => record());
    const outcomes = await upsertRecordBatch(database.db, origin(), batch);
    expect(outcomes).toEqual(batch.map(() => 'accepted'));
    const { records } = await listRecords(database.db, { organisationId, after: 0, limit: 500 });
    expect(records.map((r) => r.id)).toEqual(batch.map((r) => r.id));
  });

  it('answers each record in input order, deduplicating within the batch', async () => {
    const a = record({ updatedAt: '2026-11-21T10:00:00.000Z' });
    const aNewer = { ...a, updatedAt: '2026-11-21T11:00:00.000Z', data: '"newer"' };
    const aSame = { ...aNewer, data: '"same time, later in batch"' };
    const b = record();
    const outcomes = await upsertRecordBatch(database.db, origin(), [a, b, aNewer, aSame]);
    expect(outcomes).toEqual(['duplicate', 'accepted', 'accepted', 'duplicate']);
    const stored = await database.db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('id', '=', a.id)
      .execute();
    expect(stored).toEqual([{ id: a.id, data: '"newer"' }]);
  });

  it('handles an empty batch', async () => {
    expect(await upsertRecordBatch(database.db, origin(), [])).toEqual([]);
  });

  it("never overwrites another organisation's record with the same id", async () => {
    const otherOrg = uuidv7();
    await database.db
      .insertInto('organisations')
      .values({ id: otherOrg, name: 'Other', created_at: at })
      .execute();
    await insertDevice(database.db, {
      id: 'device-2',
      organisationId: otherOrg,
      name: 'Theirs',
      tokenHash: 'hash-2',
      createdAt: at,
    });
    const mine = record();
    await upsertRecordBatch(database.db, origin(), [mine]);
    const theirs = { ...mine, updatedAt: '2027-01-01T00:00:00.000Z', data: '"hijack"' };
    const outcomes = await upsertRecordBatch(
      database.db,
      { organisationId: otherOrg, deviceId: 'device-2', receivedAt: at },
      [theirs],
    );
    expect(outcomes).toEqual(['duplicate']);
    const row = await database.db
      .selectFrom('records')
      .select(['organisation_id', 'data'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ organisation_id: organisationId, data: mine.data });
  });

  it('rolls the whole batch back when one statement fails', async () => {
    const batch = Array.from({ length: 150 }, () => record());
    // A record of an unknown device breaks the foreign key in the second statement.
    await expect(
      upsertRecordBatch(database.db, { ...origin(), deviceId: 'no-such-device' }, batch),
    ).rejects.toThrow();
    expect(await database.db.selectFrom('records').select('id').execute()).toEqual([]);
  });
});

describe('listRecords', () => {
  it('answers hasMore only when another page exists', async () => {
    await upsertRecordBatch(database.db, origin(), [record(), record(), record()]);
    const full = await listRecords(database.db, { organisationId, after: 0, limit: 3 });
    expect(full.hasMore).toBe(false);
    const partial = await listRecords(database.db, { organisationId, after: 0, limit: 2 });
    expect(partial.hasMore).toBe(true);
    const rest = await listRecords(database.db, {
      organisationId,
      after: partial.records.at(-1)!.seq,
      limit: 2,
    });
    expect(rest.records).toHaveLength(1);
    expect(rest.hasMore).toBe(false);
  });
});
