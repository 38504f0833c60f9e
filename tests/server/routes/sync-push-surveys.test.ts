import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../../src/shared/schemas/record.schema';
import type {
  Answer,
  EqualityMonitoring,
  SurveyResponse,
} from '../../../src/shared/schemas/survey-response.schema';
import { EASY_READ_SURVEY } from '../../../src/shared/survey/builtin/easy-read.survey';
import { FFT_SURVEY } from '../../../src/shared/survey/builtin/fft.survey';
import { WARD_SURVEY } from '../../../src/shared/survey/builtin/ward.survey';
import type { PushRecord, PushResponse, PushResult } from '../../../src/shared/sync/protocol';
import { makeEqualityMonitoring, makeSurveyResponse } from '../../fixtures/survey.factory';
import { makeNote } from '../../fixtures/workshop.factory';
import { bodyOf, envelope, startTestServer, type TestServer } from '../server-test-kit';
import { withEachPushReader } from '../push-readers';

let server: TestServer;
let token: string;

// Pushes are parsed and validated where the server is told to: every case, both ways.
withEachPushReader((pushReader) => {
  beforeEach(async () => {
    server = await startTestServer({ pushReader: pushReader() });
    ({ token } = await server.enrolDevice());
  });

  afterEach(async () => {
    expect(server.errors).toEqual([]);
    await server.close();
  });

  function pushed(
    kind: RecordKind,
    record: SurveyResponse | EqualityMonitoring,
  ): PushRecord & { data: SurveyResponse | EqualityMonitoring } {
    return { id: record.id, kind, schemaVersion: record.schemaVersion, data: record };
  }

  /** A response to the built-in ward survey: complete, FFT and one yes-no answered. */
  function wardResponse(overrides: Partial<SurveyResponse> = {}): SurveyResponse {
    return makeSurveyResponse({
      surveyId: WARD_SURVEY.id,
      surveyVersion: WARD_SURVEY.version,
      answers: [
        { questionId: 'fft', choice: 'very-good' },
        { questionId: 'fft-why', text: 'The nurses explained everything' },
        { questionId: 'staff-listened', choice: 'yes' },
      ],
      ...overrides,
    });
  }

  /** A response to the built-in FFT survey with a written "why". */
  function fftResponse(why: string): SurveyResponse {
    return makeSurveyResponse({
      surveyId: FFT_SURVEY.id,
      surveyVersion: FFT_SURVEY.version,
      answers: [
        { questionId: 'fft', choice: 'good' },
        { questionId: 'fft-why', text: why },
      ],
    });
  }

  async function push(records: PushRecord[]): Promise<PushResult[]> {
    const res = await server.push(token, records);
    expect(res.status).toBe(200);
    return (await bodyOf<PushResponse>(res)).results;
  }

  interface AdminRecord {
    id: string;
    kind: string;
    data: Record<string, unknown>;
  }

  /** What an admin reads back of one kind, oldest first. */
  async function storedAs(kind: RecordKind): Promise<AdminRecord[]> {
    const { cookie } = await server.login();
    const res = await server.request(`/api/v1/admin/records?kind=${kind}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    return (await bodyOf<{ records: AdminRecord[] }>(res)).records;
  }

  async function storedIds(): Promise<string[]> {
    const rows = await server.db.selectFrom('records').select('id').orderBy('seq').execute();
    return rows.map((r) => r.id);
  }

  describe('POST /api/v1/sync/push: survey responses', () => {
    it('stores a complete response and a partial one', async () => {
      const complete = wardResponse();
      const partial = makeSurveyResponse({
        surveyId: EASY_READ_SURVEY.id,
        surveyVersion: EASY_READ_SURVEY.version,
        presentation: 'easy-read',
        answeredBy: 'with-help',
        status: 'partial',
        // The kiosk timed out after the follow-up to "no", before the required smiley.
        answers: [
          { questionId: 'got-help', choice: 'no' },
          { questionId: 'help-needed', choices: ['food', 'safe'] },
        ],
      });
      const results = await push([
        pushed('survey-response', complete),
        pushed('survey-response', partial),
      ]);
      expect(results).toEqual([
        { id: complete.id, status: 'accepted' },
        { id: partial.id, status: 'accepted' },
      ]);

      const stored = await storedAs('survey-response');
      expect(stored.map((r) => [r.id, r.data.status])).toEqual([
        [complete.id, 'complete'],
        [partial.id, 'partial'],
      ]);
      expect(stored.map((r) => r.data)).toEqual([complete, partial]);
    });

    it('answers duplicate to a response sent twice and stores it once', async () => {
      const response = wardResponse();
      await push([pushed('survey-response', response)]);
      expect(await push([pushed('survey-response', response)])).toEqual([
        { id: response.id, status: 'duplicate' },
      ]);
      expect(await storedIds()).toEqual([response.id]);
    });

    it('rejects an answer to a question the survey does not have, naming it', async () => {
      const response = wardResponse({
        answers: [
          { questionId: 'fft', choice: 'good' },
          { questionId: 'staff-listened', choice: 'yes' },
          { questionId: 'car-parking', choice: 'yes' },
        ],
      });
      const [result] = await push([pushed('survey-response', response)]);
      expect(result).toEqual({
        id: response.id,
        status: 'rejected',
        reason: expect.stringContaining("no question 'car-parking'") as string,
        field: 'data.answers.2.questionId',
      });
      expect(await storedIds()).toEqual([]);
    });

    it('rejects a value that is not among the options, naming the field', async () => {
      const response = wardResponse({
        answers: [{ questionId: 'fft', choice: 'excellent' }],
      });
      expect(await push([pushed('survey-response', response)])).toEqual([
        {
          id: response.id,
          status: 'rejected',
          reason: "'excellent' is not one of the options of question 'fft'",
          field: 'data.answers.0.choice',
        },
      ]);
      expect(await storedIds()).toEqual([]);
    });

    it('rejects a multiple-choice value that is not among the options', async () => {
      const response = makeSurveyResponse({
        surveyId: EASY_READ_SURVEY.id,
        surveyVersion: EASY_READ_SURVEY.version,
        status: 'partial',
        answers: [
          { questionId: 'got-help', choice: 'not-sure' },
          { questionId: 'help-needed', choices: ['food', 'parking'] },
        ],
      });
      const [result] = await push([pushed('survey-response', response)]);
      expect(result).toMatchObject({ status: 'rejected', field: 'data.answers.1.choices' });
      expect(result?.reason).toContain("'parking'");
    });

    it('rejects a complete response that misses a required question', async () => {
      const response = wardResponse({ answers: [{ questionId: 'staff-listened', choice: 'no' }] });
      expect(await push([pushed('survey-response', response)])).toEqual([
        {
          id: response.id,
          status: 'rejected',
          reason: "a complete response must answer question 'fft'",
          field: 'data.answers',
        },
      ]);
    });

    it('rejects an answer to a question hidden by an earlier answer', async () => {
      const response = makeSurveyResponse({
        surveyId: EASY_READ_SURVEY.id,
        surveyVersion: EASY_READ_SURVEY.version,
        status: 'partial',
        answers: [
          { questionId: 'got-help', choice: 'yes' },
          { questionId: 'help-needed', choices: ['food'] },
        ],
      });
      const [result] = await push([pushed('survey-response', response)]);
      expect(result).toMatchObject({ status: 'rejected', field: 'data.answers.1.questionId' });
      expect(result?.reason).toContain("'help-needed'");
    });

    it.each([
      ['an unknown survey id', { surveyId: 'no-such-survey' }, "'no-such-survey' version 1"],
      ['an unknown version of a known survey', { surveyVersion: 99 }, "'ward-feedback' version 99"],
    ])('rejects a response to %s', async (_label, overrides, named) => {
      const response = wardResponse(overrides);
      const [result] = await push([pushed('survey-response', response)]);
      expect(result).toMatchObject({ id: response.id, status: 'rejected', field: 'data.surveyId' });
      expect(result?.reason).toContain(named);
      expect(await storedIds()).toEqual([]);
    });

    it('rejects an answer with two kinds of value by the schema, naming answers.N', async () => {
      const response = wardResponse();
      const data = {
        ...response,
        answers: [{ questionId: 'fft', choice: 'good', text: 'good' }],
      };
      const [result] = await push([
        { id: response.id, kind: 'survey-response', schemaVersion: 1, data },
      ]);
      expect(result?.status).toBe('rejected');
      expect(result?.field).toMatch(/^data\.answers\.0/);
    });

    it.each([
      ['Bengali', 'নার্সরা সবকিছু বুঝিয়ে বলেছেন, ধন্যবাদ'],
      ['Urdu, written right to left', 'نرسوں نے سب کچھ سمجھایا، شکریہ'],
      ['emoji', 'Brilliant 👍🏽 thank you 🙏 👨‍👩‍👧 ❤️'],
      ['mixed scripts with spaces and a line break', '  Thanks / ধন্যবাদ\nشکریہ  '],
    ])('stores free text in %s exactly as typed', async (_label, text) => {
      const response = fftResponse(text);
      expect(await push([pushed('survey-response', response)])).toEqual([
        { id: response.id, status: 'accepted' },
      ]);
      const [stored] = await storedAs('survey-response');
      const answers = stored?.data.answers as Answer[];
      const why = answers.find((a) => a.questionId === 'fft-why');
      expect(why).toEqual({ questionId: 'fft-why', text });
      expect(Array.from((why as { text: string }).text)).toEqual(Array.from(text));
    });
  });

  describe('POST /api/v1/sync/push: equality monitoring', () => {
    it('stores an equality-monitoring record', async () => {
      const record = makeEqualityMonitoring({
        surveyId: WARD_SURVEY.id,
        location: 'Ward 7',
        answers: { age: '65-74', disability: 'yes', religion: 'prefer-not-to-say' },
      });
      expect(await push([pushed('equality-monitoring', record)])).toEqual([
        { id: record.id, status: 'accepted' },
      ]);
      const stored = await storedAs('equality-monitoring');
      expect(stored.map((r) => r.data)).toEqual([record]);
    });

    it('rejects an unknown category value, naming the field', async () => {
      const record = makeEqualityMonitoring();
      const data = { ...record, answers: { age: 'ancient' } };
      const [result] = await push([
        { id: record.id, kind: 'equality-monitoring', schemaVersion: 1, data },
      ]);
      expect(result).toMatchObject({ status: 'rejected', field: 'data.answers.age' });
      expect(await storedIds()).toEqual([]);
    });
  });

  describe('POST /api/v1/sync/push: a mixed batch', () => {
    it('stores the good records and rejects only the bad ones', async () => {
      const note = makeNote();
      const good = wardResponse();
      const unknownQuestion = wardResponse({
        answers: [
          { questionId: 'fft', choice: 'poor' },
          { questionId: 'wifi', choice: 'yes' },
        ],
      });
      const partial = fftResponse('Mae’r staff yn garedig');
      partial.status = 'partial';
      const badValue = wardResponse({ answers: [{ questionId: 'fft', choice: 'ok' }] });
      const equality = makeEqualityMonitoring({ answers: { sex: 'female' } });
      const noSurvey = wardResponse({ surveyId: 'gone' });

      const results = await push([
        envelope(note),
        pushed('survey-response', good),
        pushed('survey-response', unknownQuestion),
        pushed('survey-response', partial),
        pushed('survey-response', badValue),
        pushed('equality-monitoring', equality),
        pushed('survey-response', noSurvey),
      ]);

      expect(results.map((r) => [r.id, r.status, r.field])).toEqual([
        [note.id, 'accepted', undefined],
        [good.id, 'accepted', undefined],
        [unknownQuestion.id, 'rejected', 'data.answers.1.questionId'],
        [partial.id, 'accepted', undefined],
        [badValue.id, 'rejected', 'data.answers.0.choice'],
        [equality.id, 'accepted', undefined],
        [noSurvey.id, 'rejected', 'data.surveyId'],
      ]);
      expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason)).toBe(true);
      expect((await storedIds()).sort()).toEqual(
        [note.id, good.id, partial.id, equality.id].sort(),
      );
      expect((await storedAs('survey-response')).map((r) => r.data.status)).toEqual([
        'complete',
        'partial',
      ]);
    });
  });
});
