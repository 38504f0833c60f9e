import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SyncScreen from '../../../src/app/routes/sync/SyncScreen.svelte';
import { EQUALITY_GROUP } from '../../../src/app/storage/db';
import { DexieOutboxRepository } from '../../../src/app/storage/dexie-outbox.repository';
import { DexieSurveyStore } from '../../../src/app/storage/dexie-survey.store';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import type { SyncClient } from '../../../src/app/sync/sync-client';
import { SyncEngine } from '../../../src/app/sync/sync-engine';
import { processLock } from '../../../src/app/sync/sync-lock';
import type { PushRecord } from '../../../src/shared/sync/protocol';
import { freshDevice } from '../workshop-test-kit';

/** A tablet whose clock a test moves, with survey storage and a sync engine over it. */
async function kioskTablet() {
  const device = freshDevice();
  let now = new Date('2026-11-21T10:00:00.000Z');
  const clock = () => new Date(now.getTime());
  const surveys = new DexieSurveyStore(device.db, 'tablet-1', clock);
  const enrolment = settingsEnrolment(device.settings);
  await enrolment.set({
    token: 'token-1',
    serverDeviceId: 'server-device',
    name: 'Ward 7 tablet',
    organisationName: 'Riverside NHS Trust',
    enrolledAt: '2026-11-01T09:00:00.000Z',
  });
  const pushes: PushRecord[][] = [];
  const client: SyncClient = {
    push: (records) => {
      pushes.push(records);
      return Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) });
    },
    pull: () => Promise.reject(new Error('not used')),
    enrol: () => Promise.reject(new Error('not used')),
  };
  const engine = new SyncEngine({
    outbox: new DexieOutboxRepository(device.db, clock),
    client,
    enrolment,
    lock: processLock(),
    appVersion: 'test',
    isOnline: () => true,
    now: clock,
    random: () => 0,
  });
  /** One person at the kiosk: their answers, then their equality monitoring. */
  const person = async (n: number) => {
    await surveys.saveResponse({
      surveyId: 'fft',
      surveyVersion: 1,
      language: 'en',
      presentation: 'standard',
      location: 'Ward 7',
      kiosk: true,
      status: 'complete',
      answers: [{ questionId: 'fft', choice: 'good' }],
    });
    await surveys.saveEquality({ location: 'Ward 7', answers: { age: n % 2 ? '25-34' : '65-74' } });
    now = new Date(now.getTime() + 60_000);
  };
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  return { ...device, surveys, engine, pushes, person, advance };
}

describe('equality monitoring on the tablet', () => {
  it('is held back until several can be sent together, never beside one person’s answers', async () => {
    const { db, engine, pushes, person } = await kioskTablet();
    for (let n = 1; n < EQUALITY_GROUP; n++) {
      await person(n);
      await engine.flush();
    }
    engine.stop();
    // Each person's answers went at once; none of their equality answers did.
    expect(pushes.flat().map((r) => r.kind)).toEqual(
      Array.from({ length: EQUALITY_GROUP - 1 }, () => 'survey-response'),
    );
    expect(await db.heldEquality.count()).toBe(EQUALITY_GROUP - 1);

    pushes.length = 0;
    await person(EQUALITY_GROUP);
    await engine.flush();
    engine.stop();
    const sent = pushes.flat();
    const equality = sent.filter((r) => r.kind === 'equality-monitoring');
    expect(equality).toHaveLength(EQUALITY_GROUP);
    // Together, after the last person's answers, in id order (random within the day), so
    // neither their order nor their arrival says whose they are.
    expect(sent[0]!.kind).toBe('survey-response');
    const ids = equality.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(equality.map((r) => (r.data as { createdAt: string }).createdAt))).toEqual(
      new Set(['2026-11-21T00:00:00.000Z']),
    );
    expect(await db.heldEquality.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
  });

  it('sends a lone record once it has waited a week, so none waits for ever', async () => {
    const { db, engine, pushes, person, advance } = await kioskTablet();
    await person(1);
    advance(6 * 24 * 60 * 60 * 1000);
    await engine.flush();
    engine.stop();
    expect(pushes.flat().filter((r) => r.kind === 'equality-monitoring')).toHaveLength(0);

    advance(24 * 60 * 60 * 1000);
    await engine.flush();
    engine.stop();
    expect(pushes.flat().filter((r) => r.kind === 'equality-monitoring')).toHaveLength(1);
    expect(await db.heldEquality.count()).toBe(0);
  });

  it('says on the sync panel what is held back, and why', async () => {
    const { store, surveys, person } = await kioskTablet();
    await person(1);
    await person(2);
    render(SyncScreen, { store, surveys });
    expect(
      await screen.findByText(
        '2 sets of “about you” answers (equality monitoring) are kept on this tablet until at least 5 can be sent together, or one has waited a week, so no one’s can be matched to their survey answers.',
      ),
    ).toBeVisible();
  });

  it('keeps what is held through a restart of the app', async () => {
    const first = await kioskTablet();
    await first.person(1);
    first.db.close();
    await first.db.open();
    expect(await first.db.heldEquality.count()).toBe(1);
  });
});
