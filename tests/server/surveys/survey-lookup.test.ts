import type { Kysely, KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { insertDraft, markPublished } from '../../../src/server/db/survey-versions.repository';
import {
  answeredSurveys,
  findPublishedSurveys,
  surveyLookupAmong,
} from '../../../src/server/surveys/survey-lookup';
import { uuidv7 } from '../../../src/shared/ids';
import type { SurveyResponse } from '../../../src/shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../../src/shared/schemas/survey.schema';
import { FFT_SURVEY } from '../../../src/shared/survey/builtin/fft.survey';
import { WARD_SURVEY } from '../../../src/shared/survey/builtin/ward.survey';
import type { PushRecord } from '../../../src/shared/sync/protocol';
import { makeSurvey, makeSurveyResponse } from '../../fixtures/survey.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import { envelope, openTestDatabase, type TestDatabase } from '../server-test-kit';

let database: TestDatabase;
let organisationId: string;
let queries: string[];
let counted: Kysely<Database>;

/** Records every query that reads survey versions. */
const recorder: KyselyPlugin = {
  transformQuery(args) {
    const node = JSON.stringify(args.node);
    if (node.includes('"survey_versions"')) queries.push(args.node.kind);
    return args.node;
  },
  transformResult: (args) => Promise.resolve(args.result),
};

async function store(
  survey: SurveyDefinition,
  status: 'draft' | 'published',
  organisation = organisationId,
): Promise<void> {
  const at = '2026-11-21T09:00:00.000Z';
  expect(
    await insertDraft(database.db, { organisationId: organisation, definition: survey, at }),
  ).toBe(true);
  if (status === 'published') {
    const target = {
      organisationId: organisation,
      surveyId: survey.id,
      version: survey.version,
      at,
    };
    expect(await markPublished(database.db, target)).toEqual(survey);
  }
}

function pushed(response: SurveyResponse | Record<string, unknown>): PushRecord {
  return { id: String(response.id), kind: 'survey-response', schemaVersion: 1, data: response };
}

beforeEach(async () => {
  database = await openTestDatabase();
  organisationId = (await getDefaultOrganisation(database.db)).id;
  queries = [];
  counted = database.db.withPlugin(recorder);
});

afterEach(async () => {
  await database.close();
});

/** How a push finds its surveys: what it answered, looked up once, then found among those. */
async function surveyLookupForPush(
  db: Kysely<Database>,
  organisation: string,
  batch: PushRecord[],
) {
  const wanted = answeredSurveys(batch);
  return surveyLookupAmong(wanted, await findPublishedSurveys(db, organisation, wanted));
}

describe('the survey lookup of a push', () => {
  it('asks the database nothing for a batch without survey responses', async () => {
    const find = await surveyLookupForPush(counted, organisationId, [envelope(makeNote())]);
    expect(queries).toEqual([]);
    expect(find('fft', 1)).toBe(FFT_SURVEY);
    expect(find('fft', 2)).toBeUndefined();
  });

  it('asks once for responses to built-in surveys too, and falls back to the built-in version', async () => {
    const builtIn = makeSurveyResponse({ surveyId: FFT_SURVEY.id, surveyVersion: 1 });
    const find = await surveyLookupForPush(counted, organisationId, [pushed(builtIn)]);
    expect(queries).toEqual(['SelectQueryNode']);
    expect(find('fft', 1)).toBe(FFT_SURVEY);
  });

  it('prefers the organisation’s published version to a built-in one with the same id and version, as the tablet does', async () => {
    // Only a later release shipping a number the organisation has used already can do this.
    const ours: SurveyDefinition = {
      ...FFT_SURVEY,
      title: { ...FFT_SURVEY.title, en: { text: 'Our ward FFT', easyRead: 'Tell us' } },
    };
    await store(ours, 'published');
    // A draft with a built-in's number is not answerable: the built-in one stands.
    const draft: SurveyDefinition = { ...WARD_SURVEY, title: { ...WARD_SURVEY.title } };
    draft.title.en = { text: 'Ward draft', easyRead: 'Draft' };
    await store(draft, 'draft');
    const batch = [
      pushed(makeSurveyResponse({ surveyId: 'fft', surveyVersion: 1 })),
      pushed(makeSurveyResponse({ surveyId: WARD_SURVEY.id, surveyVersion: WARD_SURVEY.version })),
    ];
    const find = await surveyLookupForPush(counted, organisationId, batch);
    expect(find('fft', 1)).toEqual(ours);
    expect(find(WARD_SURVEY.id, WARD_SURVEY.version)).toBe(WARD_SURVEY);
    expect(queries).toHaveLength(1);
  });

  it('finds published console versions with one query per batch; never drafts or another organisation’s', async () => {
    const other = uuidv7();
    await database.db
      .insertInto('organisations')
      .values({ id: other, name: 'Other trust', created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    const v1 = makeSurvey();
    const v2 = makeSurvey({ version: 2 });
    const second = makeSurvey({ id: 'second-survey' });
    const elsewhere = makeSurvey({ id: 'their-survey' });
    await store(v1, 'published');
    await store(v2, 'draft');
    await store(second, 'published');
    await store(elsewhere, 'published', other);

    const batch = [
      pushed(makeSurveyResponse()),
      pushed(makeSurveyResponse()),
      pushed(makeSurveyResponse({ surveyVersion: 2 })),
      pushed(makeSurveyResponse({ surveyId: 'second-survey' })),
      pushed(makeSurveyResponse({ surveyId: 'their-survey' })),
      // Shapes that cannot exist are never sent to the database.
      pushed({ ...makeSurveyResponse(), surveyId: 'bad\u0000id' }),
      pushed({ ...makeSurveyResponse(), surveyVersion: 2 ** 40 }),
      pushed({ id: 'x', surveyId: 42 }),
      envelope(makeNote()),
    ];
    const find = await surveyLookupForPush(counted, organisationId, batch);
    expect(queries).toEqual(['SelectQueryNode']);
    expect(find('test-survey', 1)).toEqual(v1);
    expect(find('test-survey', 2)).toBeUndefined();
    expect(find('second-survey', 1)).toEqual(second);
    expect(find('their-survey', 1)).toBeUndefined();
    expect(find('fft', 1)).toBe(FFT_SURVEY);
    // Asking again parses nothing new and asks the database nothing.
    expect(find('test-survey', 1)).toBe(find('test-survey', 1));
    expect(queries).toHaveLength(1);
  });
});
