import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminEventSummary,
  JargonList,
  OrganisationSettings,
} from '../../../src/shared/admin/admin-api';
import type { EnrolResponse, PullResponse } from '../../../src/shared/sync/protocol';
import { summariseReach, type ReachSummary } from '../../../src/shared/admin/reach';
import type { PushResponse } from '../../../src/shared/sync/protocol';
import { makeAdminEventInput, makeJargonList } from '../../fixtures/admin-console.factory';
import { issueEnrolmentCode } from '../../../src/server/enrolment';
import { makeEqualityMonitoring, makeSurvey } from '../../fixtures/survey.factory';
import {
  adminAgent,
  bodyOf,
  errorOf,
  jsonPost,
  startTestServer,
  type AdminAgent,
  type TestServer,
} from '../server-test-kit';

let server: TestServer;
let admin: AdminAgent;

beforeEach(async () => {
  server = await startTestServer();
  admin = await adminAgent(server);
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

describe('GET /api/v1/admin/reach', () => {
  it('counts equality monitoring overall, per event and per survey, headed by their titles', async () => {
    const { token } = await server.enrolDevice();
    const eventRes = await admin.send(
      'POST',
      '/events',
      makeAdminEventInput({ title: 'Carers forum' }),
    );
    const { event } = await bodyOf<AdminEventSummary>(eventRes);
    expect((await admin.send('PUT', '/surveys/test-survey', makeSurvey())).status).toBe(200);
    const records = [
      ...Array.from({ length: 6 }, () => makeEqualityMonitoring({ surveyId: 'fft' })),
      ...Array.from({ length: 2 }, () => makeEqualityMonitoring({ surveyId: 'test-survey' })),
      makeEqualityMonitoring({ surveyId: undefined, eventId: event.id }),
      makeEqualityMonitoring({ deletedAt: '2026-11-21T00:00:00.000Z' }),
    ];
    const res = await server.push(
      token,
      records.map((r) => ({ id: r.id, kind: 'equality-monitoring', schemaVersion: 1, data: r })),
    );
    expect((await bodyOf<PushResponse>(res)).results.map((r) => r.status)).toEqual(
      records.map(() => 'accepted'),
    );

    const reach = await bodyOf<ReachSummary>(await admin.get('/reach'));
    expect(reach.threshold).toBe(5);
    expect(reach.columns.map((c) => [c.key, c.label, c.total])).toEqual([
      ['all', '', { count: 9 }],
      [`event:${event.id}`, 'Carers forum', { fewerThan: 5 }],
      ['survey:fft', 'Friends and Family Test', { count: 6 }],
      ['survey:test-survey', 'How was your visit?', { fewerThan: 5 }],
    ]);
  });

  it('counts more records than one page of the read, as the same records would be counted at once', async () => {
    const { token } = await server.enrolDevice();
    const events: AdminEventSummary['event'][] = [];
    for (const title of ['Spring forum', 'Autumn forum']) {
      const res = await admin.send('POST', '/events', makeAdminEventInput({ title }));
      events.push((await bodyOf<AdminEventSummary>(res)).event);
    }
    // 1,100 records: the route reads them 1,000 at a time.
    const ages = ['18-24', '25-34', '65-74', '75-plus'] as const;
    const records = Array.from({ length: 1100 }, (_, n) =>
      makeEqualityMonitoring({
        surveyId: n % 5 === 0 ? undefined : 'fft',
        ...(n % 5 === 0 ? { eventId: events[n % 2]!.id } : {}),
        answers: { age: ages[n % 4]! },
      }),
    );
    for (let start = 0; start < records.length; start += 500) {
      const batch = records.slice(start, start + 500);
      const res = await server.push(
        token,
        batch.map((r) => ({ id: r.id, kind: 'equality-monitoring', schemaVersion: 1, data: r })),
      );
      expect((await bodyOf<PushResponse>(res)).results.every((r) => r.status === 'accepted')).toBe(
        true,
      );
    }
    const reach = await bodyOf<ReachSummary>(await admin.get('/reach'));
    const titles = {
      events: new Map(events.map((e) => [e.id, e.title])),
      surveys: new Map([['fft', 'Friends and Family Test']]),
    };
    expect(reach).toEqual(summariseReach(records, titles));
    expect(reach.columns.find((c) => c.key === 'all')!.total).toEqual({ count: 1100 });
  });
});

describe('/api/v1/admin/settings/jargon', () => {
  it('is empty at first; a saved list comes back trimmed, each word once', async () => {
    expect(await bodyOf<JargonList>(await admin.get('/settings/jargon'))).toEqual({ words: [] });
    const res = await admin.send('PUT', '/settings/jargon', {
      words: [' care pathway ', 'MDT', 'Care Pathway', 'discharge'],
    });
    expect(res.status).toBe(200);
    const expected = makeJargonList(['care pathway', 'MDT', 'discharge']);
    expect(await bodyOf<JargonList>(res)).toEqual(expected);
    expect(await bodyOf<JargonList>(await admin.get('/settings/jargon'))).toEqual(expected);
    // Saving again replaces the list.
    await admin.send('PUT', '/settings/jargon', makeJargonList(['formulary']));
    expect(await bodyOf<JargonList>(await admin.get('/settings/jargon'))).toEqual({
      words: ['formulary'],
    });
  });

  it('takes the longest list the schema allows, above the API’s default body limit', async () => {
    const words = Array.from({ length: 500 }, (_, n) => `${'অনুমোদিত'.repeat(6)}${n}`);
    expect(JSON.stringify({ words }).length * 2).toBeGreaterThan(16 * 1024);
    const res = await admin.send('PUT', '/settings/jargon', { words });
    expect(res.status).toBe(200);
    expect((await bodyOf<JargonList>(res)).words).toHaveLength(500);
  });
});

describe('/api/v1/admin/settings/organisation', () => {
  const settings = async () =>
    bodyOf<OrganisationSettings>(await admin.get('/settings/organisation'));

  it('starts as the placeholder; the name the lead sets reaches tablets enrolled after and the pull', async () => {
    const before = await server.enrolDevice('Ward 3 tablet');
    expect(await settings()).toEqual({ name: 'Involve', placeholder: true });

    const res = await admin.send('PUT', '/settings/organisation', {
      name: '  Riverside NHS Foundation Trust ',
    });
    expect(res.status).toBe(200);
    const renamed = { name: 'Riverside NHS Foundation Trust', placeholder: false };
    expect(await bodyOf<OrganisationSettings>(res)).toEqual(renamed);
    expect(await settings()).toEqual(renamed);

    // A tablet enrolled now is told the name in the enrolment answer.
    const organisation = await server.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const { code } = await issueEnrolmentCode(server.db, organisation.id, server.clock.now());
    const enrolled = await server.request(
      '/api/v1/devices/enrol',
      jsonPost({ code, name: 'Ward 4 tablet' }),
    );
    expect((await bodyOf<EnrolResponse>(enrolled)).organisationName).toBe(
      'Riverside NHS Foundation Trust',
    );
    // One enrolled before is told it on its next pull.
    const pulled = await bodyOf<PullResponse>(await server.pull(before.token));
    expect(pulled.organisationName).toBe('Riverside NHS Foundation Trust');
  });

  it.each([
    ['', 'empty'],
    ['R', 'one letter'],
    ['x'.repeat(101), 'too long'],
    ['Involve', 'the software’s name'],
    [' involve ', 'the software’s name, written otherwise'],
    ['Riverside\u0000Trust', 'a control character'],
  ])('refuses %j (%s) with 400 naming the field, and keeps the name', async (name) => {
    await admin.send('PUT', '/settings/organisation', { name: 'Riverside NHS Foundation Trust' });
    const res = await admin.send('PUT', '/settings/organisation', { name });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([
      expect.objectContaining({ field: 'name' }) as unknown,
    ]);
    expect((await settings()).name).toBe('Riverside NHS Foundation Trust');
  });
});
