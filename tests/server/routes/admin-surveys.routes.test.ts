import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminSurveyDetail, AdminSurveySummary } from '../../../src/shared/admin/admin-api';
import type { SurveyResults } from '../../../src/shared/admin/survey-results';
import type { SurveyResponse } from '../../../src/shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../../src/shared/schemas/survey.schema';
import { FFT_SURVEY } from '../../../src/shared/survey/builtin/fft.survey';
import type { PullResponse, PushResponse, PushResult } from '../../../src/shared/sync/protocol';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { insertDraft, markPublished } from '../../../src/server/db/survey-versions.repository';
import { makeSurvey, makeSurveyResponse, words } from '../../fixtures/survey.factory';
import {
  adminAgent,
  bodyOf,
  errorOf,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

let server: TestServer;
let admin: AdminAgent;
let token: string;

beforeEach(async () => {
  server = await startTestServer();
  admin = await adminAgent(server);
  ({ token } = await server.enrolDevice());
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

async function save(survey: SurveyDefinition, id = survey.id): Promise<AdminSurveyDetail> {
  const res = await admin.send('PUT', `/surveys/${id}`, survey);
  expect(res.status).toBe(200);
  return bodyOf<AdminSurveyDetail>(res);
}

async function publishSurvey(id: string): Promise<AdminSurveyDetail> {
  const res = await admin.send('POST', `/surveys/${id}/publish`);
  expect(res.status).toBe(200);
  return bodyOf<AdminSurveyDetail>(res);
}

async function detail(id: string): Promise<AdminSurveyDetail> {
  const res = await admin.get(`/surveys/${id}`);
  expect(res.status).toBe(200);
  return bodyOf<AdminSurveyDetail>(res);
}

async function push(...responses: SurveyResponse[]): Promise<PushResult[]> {
  const res = await server.push(
    token,
    responses.map((r) => ({ id: r.id, kind: 'survey-response', schemaVersion: 1, data: r })),
  );
  expect(res.status).toBe(200);
  return (await bodyOf<PushResponse>(res)).results;
}

async function pulledSurveys(): Promise<SurveyDefinition[]> {
  const res = await server.pull(token);
  expect(res.status).toBe(200);
  const { changes } = await bodyOf<PullResponse>(res);
  return changes.filter((c) => c.kind === 'survey').map((c) => c.data as SurveyDefinition);
}

/** The test survey at version `version`, its title changed so versions differ. */
function edited(title: string): SurveyDefinition {
  return makeSurvey({ title: words(title) });
}

describe('GET /api/v1/admin/surveys', () => {
  it('lists the built-in surveys as published, with their response counts', async () => {
    const fftResponse = makeSurveyResponse({
      surveyId: 'fft',
      surveyVersion: 1,
      answers: [{ questionId: 'fft', choice: 'good' }],
    });
    expect((await push(fftResponse))[0]?.status).toBe('accepted');
    await save(makeSurvey());

    const res = await admin.get('/surveys');
    expect(res.status).toBe(200);
    const { surveys } = await bodyOf<{ surveys: AdminSurveySummary[] }>(res);
    const byId = new Map(surveys.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual([
      'fft',
      'tell-us-what-you-think',
      'test-survey',
      'ward-feedback',
    ]);
    expect(byId.get('fft')).toEqual({
      id: 'fft',
      title: 'Friends and Family Test',
      builtIn: true,
      latest: {
        version: 1,
        status: 'published',
        publishedAt: null,
        updatedAt: expect.any(String) as unknown,
        responseCount: 1,
      },
      publishedVersion: 1,
      responseCount: 1,
    });
    expect(byId.get('test-survey')).toMatchObject({
      builtIn: false,
      title: 'How was your visit?',
      latest: { version: 1, status: 'draft', publishedAt: null, responseCount: 0 },
      publishedVersion: null,
      responseCount: 0,
    });
  });
});

describe('survey versions', () => {
  it('publish v1, edit → v2 draft, responses keep v1, publish v2, pull carries v2', async () => {
    // A new survey is saved as version 1, a draft, whatever version the body says.
    const v1 = await save({ ...makeSurvey(), version: 7 });
    expect(v1.definition.version).toBe(1);
    expect(v1.latest.status).toBe('draft');
    expect(v1.publishedVersion).toBeNull();

    // Tablets cannot answer a draft: the push refuses it.
    const early = makeSurveyResponse();
    expect(await push(early)).toEqual([
      expect.objectContaining({ id: early.id, status: 'rejected', field: 'data.surveyId' }),
    ]);
    expect(await pulledSurveys()).toEqual([]);

    const published = await publishSurvey('test-survey');
    expect(published.publishedVersion).toBe(1);
    expect(published.latest).toMatchObject({
      version: 1,
      status: 'published',
      publishedAt: server.clock.now().toISOString(),
    });
    expect(await pulledSurveys()).toEqual([{ ...makeSurvey(), version: 1 }]);
    const r1 = makeSurveyResponse({ location: 'Ward 3' });
    expect(await push(r1)).toEqual([{ id: r1.id, status: 'accepted' }]);

    // Editing a published survey starts version 2 as a draft; saving again edits that draft.
    server.clock.advance(60_000);
    const v2 = await save(edited('How was your stay?'));
    expect(v2.definition).toEqual({ ...edited('How was your stay?'), version: 2 });
    expect(v2.versions.map((v) => [v.version, v.status, v.responseCount])).toEqual([
      [2, 'draft', 0],
      [1, 'published', 1],
    ]);
    expect(v2.publishedVersion).toBe(1);
    const v2again = await save(edited('How was your time with us?'));
    expect(v2again.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2again.title).toBe('How was your time with us?');

    // Tablets still answer version 1; version 2 is not published yet.
    const r2 = makeSurveyResponse();
    const tooSoon = makeSurveyResponse({ surveyVersion: 2 });
    expect(await push(r2, tooSoon)).toEqual([
      { id: r2.id, status: 'accepted' },
      expect.objectContaining({ id: tooSoon.id, status: 'rejected', field: 'data.surveyId' }),
    ]);
    expect((await pulledSurveys()).map((s) => s.version)).toEqual([1]);

    server.clock.advance(60_000);
    const v2published = await publishSurvey('test-survey');
    expect(v2published.publishedVersion).toBe(2);
    expect(v2published.responseCount).toBe(2);
    // The feed holds the latest published version only.
    expect(await pulledSurveys()).toEqual([
      { ...edited('How was your time with us?'), version: 2 },
    ]);
    const r3 = makeSurveyResponse({ surveyVersion: 2 });
    const late = makeSurveyResponse({ surveyVersion: 1 });
    expect(await push(r3, late)).toEqual([
      { id: r3.id, status: 'accepted' },
      { id: late.id, status: 'accepted' },
    ]);
    const after = await detail('test-survey');
    expect(after.versions.map((v) => [v.version, v.responseCount])).toEqual([
      [2, 1],
      [1, 3],
    ]);
    expect(after.locations).toEqual(['Ward 3']);

    // Nothing left to publish.
    const again = await admin.send('POST', '/surveys/test-survey/publish');
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toBe(
      'There is no draft to publish: version 2 is already published.',
    );
  });

  it('editing a built-in survey makes the version above it; the built-in version still counts', async () => {
    const edit: SurveyDefinition = {
      ...FFT_SURVEY,
      title: { ...FFT_SURVEY.title, en: { text: 'Our ward FFT', easyRead: 'Tell us' } },
    };
    const saved = await save(edit);
    expect(saved.builtIn).toBe(true);
    expect(saved.definition.version).toBe(2);
    expect(saved.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect(saved.publishedVersion).toBe(1);
    await publishSurvey('fft');
    expect(await pulledSurveys()).toEqual([{ ...edit, version: 2 }]);
    const answers = [{ questionId: 'fft', choice: 'good' }] satisfies SurveyResponse['answers'];
    const old = makeSurveyResponse({ surveyId: 'fft', surveyVersion: 1, answers });
    const current = makeSurveyResponse({ surveyId: 'fft', surveyVersion: 2, answers });
    expect((await push(old, current)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });

  it('checks a response against the organisation’s version when a built-in one has the same number', async () => {
    // Only a later release shipping a built-in version the organisation has used can do this
    // (the console numbers its versions above the built-in ones); the tablet then runs the
    // organisation's published version, and the server must check against the same one.
    const { id: organisationId } = await getDefaultOrganisation(server.db);
    const at = server.clock.now().toISOString();
    const why = FFT_SURVEY.questions[1]!;
    const ours: SurveyDefinition = {
      ...FFT_SURVEY,
      questions: [...FFT_SURVEY.questions, { ...why, id: 'what-next' }],
    };
    expect(await insertDraft(server.db, { organisationId, definition: ours, at })).toBe(true);
    const target = { organisationId, surveyId: 'fft', version: 1, at };
    expect(await markPublished(server.db, target)).toEqual(ours);
    const answers = [
      { questionId: 'fft', choice: 'good' },
      { questionId: 'what-next', text: 'More evening sessions' },
    ] satisfies SurveyResponse['answers'];
    const response = makeSurveyResponse({ surveyId: 'fft', surveyVersion: 1, answers });
    expect((await push(response)).map((r) => r.status)).toEqual(['accepted']);
    // The console counts it as the organisation's version too.
    expect((await detail('fft')).definition).toEqual(ours);
  });

  it('refuses a body whose id is not the one in the address, naming `id`', async () => {
    const res = await admin.send('PUT', '/surveys/another-survey', makeSurvey());
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ field: 'id' })]);
    expect((await admin.get('/surveys/another-survey')).status).toBe(404);
  });

  it('refuses a definition that fails the schema, naming the field', async () => {
    const survey = makeSurvey({ easyRead: true });
    const bad = structuredClone(survey);
    delete bad.questions[2]!.text.cy!.easyRead;
    const res = await admin.send('PUT', '/surveys/test-survey', bad);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'questions.2.text.cy.easyRead' })]),
    );
  });

  it('refuses an FFT question reworded in English, naming the field, and stores nothing', async () => {
    const bad = structuredClone(makeSurvey());
    bad.questions[0]!.text.en.text = 'How likely are you to recommend our ward?';
    const res = await admin.send('PUT', '/surveys/test-survey', bad);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([
      {
        field: 'questions.0.text.en.text',
        message: expect.stringContaining('national question') as unknown,
      },
    ]);
    expect((await admin.get('/surveys/test-survey')).status).toBe(404);
  });

  it('refuses to change a published question’s type, naming the question', async () => {
    await save(makeSurvey());
    await publishSurvey('test-survey');
    const changed = makeSurvey();
    changed.questions[2] = {
      id: 'visited',
      type: 'free-text',
      text: words('Tell us about the café'),
      pictogram: 'food',
      required: false,
    };
    changed.questions.splice(3, 2);
    const res = await admin.send('PUT', '/surveys/test-survey', changed);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([
      {
        field: 'questions.2.type',
        message: expect.stringContaining("'yes-no' question in version 1") as unknown,
      },
    ]);
    // A draft never published can change freely.
    await save({ ...makeSurvey(), id: 'fresh' });
    expect((await admin.send('PUT', '/surveys/fresh', { ...changed, id: 'fresh' })).status).toBe(
      200,
    );
  });

  it('takes a definition larger than the API’s default body limit, up to its own', async () => {
    const long = (n: number) => words(`${'Question text that goes on for a while '.repeat(6)}${n}`);
    const big = makeSurvey({
      questions: [
        ...makeSurvey().questions,
        ...Array.from({ length: 40 }, (_, n) => ({
          id: `extra-${n}`,
          type: 'free-text' as const,
          text: long(n),
          pictogram: 'writing' as const,
          required: false,
        })),
      ],
    });
    expect(JSON.stringify(big).length).toBeGreaterThan(16 * 1024);
    expect((await save(big)).definition.questions).toHaveLength(46);

    const huge = await server.request('/api/v1/admin/surveys/test-survey', {
      method: 'PUT',
      headers: {
        cookie: admin.cookie,
        'X-CSRF-Token': admin.csrfToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ ...big, padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it('answers 404 with a sentence for an unknown or malformed survey id', async () => {
    for (const path of [
      '/surveys/no-such-survey',
      '/surveys/NOT_A_SURVEY',
      '/surveys/no-such-survey/results',
      '/surveys/no-such-survey/responses.csv',
    ]) {
      const res = await admin.get(path);
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({
        code: 'not_found',
        message: 'There is no survey with this id.',
      });
    }
    expect((await admin.send('POST', '/surveys/no-such-survey/publish')).status).toBe(404);
  });
});

/** The body as sent: Response#text() would drop the byte-order mark. */
async function csvText(res: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
}

function csvRows(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

describe('results and the responses CSV', () => {
  /** Responses at two wards over two UK months; one deleted. */
  async function seed(): Promise<SurveyResponse[]> {
    await save(makeSurvey());
    await publishSurvey('test-survey');
    const responses = [
      makeSurveyResponse({
        location: 'Ward 3',
        createdAt: '2026-10-05T09:00:00.000Z',
        answeredBy: 'alone',
        answers: [
          { questionId: 'rating', choice: 'very-good' },
          { questionId: 'why', text: '=SUM(1)' },
          { questionId: 'visited', choice: 'yes' },
          { questionId: 'what-helped', choices: ['food', 'quiet'] },
          { questionId: 'mood', choice: 'happy' },
        ],
      }),
      makeSurveyResponse({
        location: 'Ward 3',
        // 00:30 on 1 November in the UK (GMT): November.
        createdAt: '2026-11-01T00:30:00.000Z',
        answeredBy: 'staff',
        answers: [
          { questionId: 'rating', choice: 'poor' },
          { questionId: 'why', text: 'Noisy, at night' },
          { questionId: 'mood', choice: 'unhappy' },
        ],
      }),
      makeSurveyResponse({
        location: 'Ward 4',
        createdAt: '2026-11-10T12:00:00.000Z',
        status: 'partial',
        answers: [{ questionId: 'rating', choice: 'good' }],
      }),
      makeSurveyResponse({
        createdAt: '2026-11-11T12:00:00.000Z',
        language: 'cy',
        presentation: 'easy-read',
        answeredBy: 'with-help',
        answers: [
          { questionId: 'rating', choice: 'neither' },
          { questionId: 'visited', dontKnow: true },
          { questionId: 'mood', choice: 'ok' },
        ],
      }),
      makeSurveyResponse({
        location: 'Ward 3',
        createdAt: '2026-11-12T12:00:00.000Z',
        deletedAt: '2026-11-12T12:05:00.000Z',
        updatedAt: '2026-11-12T12:05:00.000Z',
      }),
    ];
    expect((await push(...responses)).map((r) => r.status)).toEqual(
      responses.map(() => 'accepted'),
    );
    return responses;
  }

  async function results(query = ''): Promise<SurveyResults> {
    const res = await admin.get(`/surveys/test-survey/results${query}`);
    expect(res.status).toBe(200);
    return bodyOf<SurveyResults>(res);
  }

  it('summarises live responses, filtered by location and by UK month', async () => {
    await seed();
    const all = await results();
    expect(all).toMatchObject({
      surveyId: 'test-survey',
      title: 'How was your visit?',
      total: 4,
      complete: 3,
      partial: 1,
      locations: ['Ward 3', 'Ward 4'],
      months: ['2026-11', '2026-10'],
    });
    expect(all.fftOverall?.counts).toMatchObject({ 'very-good': 1, good: 1, poor: 1 });
    // Who answered, in which language, standard or easy read: the deleted one left out.
    expect(all.breakdown).toEqual({
      answeredBy: [
        { value: 'alone', count: 1 },
        { value: 'with-help', count: 1 },
        { value: 'staff', count: 1 },
        { value: 'not-recorded', count: 1 },
      ],
      language: [
        { value: 'en', count: 3 },
        { value: 'cy', count: 1 },
        { value: 'pl', count: 0 },
        { value: 'bn', count: 0 },
        { value: 'ur', count: 0 },
      ],
      presentation: [
        { value: 'standard', count: 3 },
        { value: 'easy-read', count: 1 },
      ],
    });

    const ward3 = await results('?location=Ward%203');
    expect([ward3.total, ward3.filter]).toEqual([2, { location: 'Ward 3' }]);
    const november = await results('?month=2026-11');
    expect(november.total).toBe(3);
    expect(november.breakdown.answeredBy.map((c) => c.count)).toEqual([0, 1, 1, 1]);
    const both = await results('?location=Ward%203&month=2026-11');
    expect(both.total).toBe(1);
    expect(both.questions.find((q) => q.questionId === 'why')?.freeText.map((f) => f.text)).toEqual(
      ['Noisy, at night'],
    );
    // Empty filter values mean "everything".
    expect((await results('?location=&month=')).total).toBe(4);
  });

  it('lists the newest 50 written answers with the results, and the rest a page at a time', async () => {
    await save(makeSurvey());
    await publishSurvey('test-survey');
    const written = Array.from({ length: 63 }, (_, n) =>
      makeSurveyResponse({
        location: n % 3 === 0 ? 'Ward 4' : 'Ward 3',
        // Some share a minute, so order within one comes from the ids.
        createdAt: new Date(Date.UTC(2026, 10, 1, 9, Math.floor(n / 2))).toISOString(),
        answers: [
          { questionId: 'rating', choice: 'good' },
          { questionId: 'why', text: `Answer ${n}` },
          { questionId: 'mood', choice: 'ok' },
        ],
      }),
    );
    expect((await push(...written)).filter((r) => r.status !== 'accepted')).toEqual([]);
    const newestFirst = [...written]
      .sort((a, b) =>
        a.createdAt !== b.createdAt
          ? b.createdAt.localeCompare(a.createdAt)
          : b.id.localeCompare(a.id),
      )
      .map((r) => (r.answers[1] as { text: string }).text);

    const all = await results();
    expect(all.total).toBe(63);
    const why = all.questions.find((q) => q.questionId === 'why')!;
    expect(why.freeText).toHaveLength(50);
    expect(why.freeTextCount).toBe(63);
    expect(why.freeText.map((f) => f.text)).toEqual(newestFirst.slice(0, 50));

    const listed = why.freeText.map((f) => f.text);
    let next = why.freeTextNext;
    let pages = 0;
    while (next !== null) {
      const res = await admin.get(
        `/surveys/test-survey/free-text?question=why&limit=5&after=${encodeURIComponent(next)}`,
      );
      expect(res.status).toBe(200);
      const page = await bodyOf<{ answers: { text: string }[]; next: string | null }>(res);
      listed.push(...page.answers.map((a) => a.text));
      next = page.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(listed).toEqual(newestFirst);

    // The filter holds on every page.
    const ward4 = await results('?location=Ward%204');
    const ward4Why = ward4.questions.find((q) => q.questionId === 'why')!;
    expect([ward4Why.freeText.length, ward4Why.freeTextCount, ward4Why.freeTextNext]).toEqual([
      21,
      21,
      null,
    ]);
    const first = await admin.get('/surveys/test-survey/free-text?question=why&location=Ward%204');
    const firstPage = await bodyOf<{ answers: { location: string }[]; next: string | null }>(first);
    expect(firstPage.answers).toHaveLength(21);
    expect(new Set(firstPage.answers.map((a) => a.location))).toEqual(new Set(['Ward 4']));
    expect(firstPage.next).toBeNull();
  });

  it('answers free-text pages 400 for a bad query and 404 for what is not a written question', async () => {
    await seed();
    for (const [query, field] of [
      ['', 'question'],
      ['?question=Why%3F', 'question'],
      ['?question=why&after=yesterday', 'after'],
      ['?question=why&limit=0', 'limit'],
      ['?question=why&month=13', 'month'],
    ] as const) {
      const res = await admin.get(`/surveys/test-survey/free-text${query}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details).toEqual([expect.objectContaining({ field })]);
    }
    for (const path of [
      '/surveys/test-survey/free-text?question=rating',
      '/surveys/test-survey/free-text?question=no-such-question',
      '/surveys/no-such-survey/free-text?question=why',
    ]) {
      const res = await admin.get(path);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });

  it('answers 400 naming the query field at fault', async () => {
    await seed();
    for (const [query, field] of [
      ['?month=2026-1', 'month'],
      ['?month=November', 'month'],
      [`?location=${'x'.repeat(101)}`, 'location'],
    ] as const) {
      const res = await admin.get(`/surveys/test-survey/results${query}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('exports one row per live response, columns for the newest version, formulas neutralised', async () => {
    const responses = await seed();
    const res = await admin.get('/surveys/test-survey/responses.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="test-survey-responses-2026-11-21.csv"',
    );
    const text = await csvText(res);
    expect(text.startsWith('\uFEFFResponse,')).toBe(true);
    const [header, ...body] = csvRows(text);
    expect(header).toEqual([
      'Response',
      'Created at (UTC)',
      'Location',
      'Status',
      'Language',
      'Presentation',
      'Answered by',
      'Overall, how was your experience of our service?',
      'Why?',
      'Did you visit the café?',
      'What helped?',
      'What helped most?',
      'How do you feel now?',
    ]);
    expect(body.map((row) => row[0])).toEqual(responses.slice(0, 4).map((r) => r.id));
    expect(body[0]).toEqual([
      responses[0]!.id,
      '2026-10-05 09:00',
      'Ward 3',
      'Complete',
      'English',
      'Standard',
      'On their own',
      'Very good',
      "'=SUM(1)",
      'yes',
      'food; quiet',
      '',
      'happy',
    ]);
    expect(body[3]?.slice(2)).toEqual([
      '',
      'Complete',
      'Welsh',
      'Easy read',
      'With help',
      'Neither good nor poor',
      '',
      "Don't know",
      '',
      '',
      'ok',
    ]);
    // Who answered, for each: empty where the person left before being asked.
    expect(body.map((row) => row[header!.indexOf('Answered by')])).toEqual([
      'On their own',
      'Staff filled it in',
      '',
      'With help',
    ]);

    const filtered = await admin.get('/surveys/test-survey/responses.csv?location=Ward%204');
    const filteredRows = csvRows(await csvText(filtered));
    expect(filteredRows.slice(1).map((row) => row[0])).toEqual([responses[2]!.id]);
  });

  it('neutralises a formula in a question’s own words too', async () => {
    const survey = makeSurvey();
    survey.questions[1]!.text = words('=HYPERLINK("http://evil.example")');
    await save(survey);
    const text = await csvText(await admin.get('/surveys/test-survey/responses.csv'));
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });
});
