import { describe, expect, it, vi } from 'vitest';
import { preparePush } from '../../../src/server/sync/prepare-push';
import type { PushRecord } from '../../../src/shared/sync/protocol';
import type { SurveyLookup } from '../../../src/shared/sync/record-registry';
import {
  makeEqualityMonitoring,
  makeSurvey,
  makeSurveyResponse,
} from '../../fixtures/survey.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import { uuidv7 } from '../../../src/shared/ids';
import { envelope } from '../server-test-kit';

const now = new Date('2026-11-21T12:00:00.000Z');
const survey = makeSurvey();

function responseEnvelope(overrides: Parameters<typeof makeSurveyResponse>[0] = {}): PushRecord {
  const data = makeSurveyResponse(overrides);
  return { id: data.id, kind: 'survey-response', schemaVersion: data.schemaVersion, data };
}

describe('preparePush: survey responses against their survey', () => {
  it('looks up no survey for notes, events and equality records', () => {
    const findSurvey = vi.fn<SurveyLookup>(() => survey);
    const equality = makeEqualityMonitoring();
    const prepared = preparePush(
      [
        envelope(makeNote()),
        envelope(makeEvent()),
        { id: equality.id, kind: 'equality-monitoring', schemaVersion: 1, data: equality },
      ],
      now,
      findSurvey,
    );
    expect(prepared.valid).toHaveLength(3);
    expect(findSurvey).not.toHaveBeenCalled();
  });

  it('refuses an equality record whose id, or any time, is finer than the day', () => {
    const day = makeEqualityMonitoring();
    const finerId = makeEqualityMonitoring({ id: uuidv7(Date.parse('2026-11-21T15:42:10.000Z')) });
    const finerTime = makeEqualityMonitoring({ updatedAt: '2026-11-21T15:42:10.000Z' });
    const prepared = preparePush(
      [day, finerId, finerTime].map((data) => ({
        id: data.id,
        kind: 'equality-monitoring' as const,
        schemaVersion: 1,
        data,
      })),
      now,
      () => undefined,
    );
    expect(prepared.valid.map((v) => v.record.id)).toEqual([day.id]);
    expect(prepared.results.slice(1)).toEqual([
      {
        id: finerId.id,
        status: 'rejected',
        reason:
          'equality monitoring is dated to the day only (midnight UTC): its id must be made for the day',
        field: 'data.id',
      },
      {
        id: finerTime.id,
        status: 'rejected',
        reason: 'equality monitoring is dated to the day only (midnight UTC)',
        field: 'data.updatedAt',
      },
    ]);
  });

  it('checks a response against the survey version it names, found through the lookup', () => {
    const findSurvey = vi.fn<SurveyLookup>((id, version) =>
      id === survey.id && version === survey.version ? survey : undefined,
    );
    const good = responseEnvelope();
    const bad = responseEnvelope({ answers: [{ questionId: 'rating', choice: 'meh' }] });
    const prepared = preparePush([good, bad], now, findSurvey);
    expect(findSurvey.mock.calls).toEqual([
      ['test-survey', 1],
      ['test-survey', 1],
    ]);
    expect(prepared.valid.map((v) => v.record.id)).toEqual([good.id]);
    expect(prepared.results).toEqual([
      undefined,
      {
        id: bad.id,
        status: 'rejected',
        reason: "'meh' is not one of the options of question 'rating'",
        field: 'data.answers.0.choice',
      },
    ]);
  });

  it('rejects a response to a survey the lookup does not know', () => {
    const response = responseEnvelope();
    const prepared = preparePush([response], now, () => undefined);
    expect(prepared.valid).toEqual([]);
    expect(prepared.results[0]).toMatchObject({ status: 'rejected', field: 'data.surveyId' });
  });

  it('checks against the built-in surveys by default', () => {
    // 'test-survey' is not built in.
    const prepared = preparePush([responseEnvelope()], now);
    expect(prepared.results[0]).toMatchObject({ status: 'rejected', field: 'data.surveyId' });
  });
});
