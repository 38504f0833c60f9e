import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  consoleDeviceId,
  ensureConsoleDevice,
  findDeviceByTokenHash,
  listDevices,
} from '../../../src/server/db/devices.repository';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import {
  insertDraft,
  listSurveyVersions,
  markPublished,
  updateDraft,
} from '../../../src/server/db/survey-versions.repository';
import { sha256Hex } from '../../../src/server/auth/tokens';
import { makeSurvey, words } from '../../fixtures/survey.factory';
import { openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;
let organisationId: string;
const at = '2026-11-21T09:00:00.000Z';

beforeEach(async () => {
  database = await openTestDatabase();
  organisationId = (await getDefaultOrganisation(database.db)).id;
});

afterEach(async () => {
  await database.close();
});

describe('survey versions', () => {
  it('never overwrite a version: a second insert of it, or a draft edit once published, changes nothing', async () => {
    const v1 = makeSurvey();
    expect(await insertDraft(database.db, { organisationId, definition: v1, at })).toBe(true);
    // Two admins starting the same version: the second is told, not merged.
    const rival = makeSurvey({ title: words('Rival') });
    expect(await insertDraft(database.db, { organisationId, definition: rival, at })).toBe(false);

    const target = { organisationId, surveyId: v1.id, version: 1, at };
    // Answers the definition it published, then nothing: it is a draft no more.
    expect(await markPublished(database.db, target)).toEqual(v1);
    expect(await markPublished(database.db, target)).toBeUndefined();
    expect(await updateDraft(database.db, { organisationId, definition: rival, at })).toBe(false);

    const [stored] = await listSurveyVersions(database.db, organisationId);
    expect(stored).toEqual({
      surveyId: v1.id,
      version: 1,
      status: 'published',
      definition: v1,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    });
  });
});

describe('the console device', () => {
  it('is made once per organisation, is not listed, and no token can reach it', async () => {
    const id = await ensureConsoleDevice(database.db, organisationId, at);
    expect(await ensureConsoleDevice(database.db, organisationId, at)).toBe(id);
    expect(id).toBe(consoleDeviceId(organisationId));
    expect(await listDevices(database.db, { organisationId, limit: 10 })).toEqual({
      devices: [],
      hasMore: false,
    });
    const row = await database.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toMatch(/^[0-9a-f]{64}$/);
    expect(row.revoked_at).toBe(at);
    expect(await findDeviceByTokenHash(database.db, sha256Hex(row.token_hash))).toBeUndefined();
  });
});
