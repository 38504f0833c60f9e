import { describe, expect, it } from 'vitest';
import type { Live } from '../../../src/app/storage/live';
import { FFT_SURVEY } from '../../../src/shared/survey/builtin/fft.survey';
import { fakeFeed, makeOutcome, receive } from '../../fixtures/pull-feed';
import { makeShortSurvey, words } from '../../fixtures/survey.factory';
import { freshDevice } from '../workshop-test-kit';

function current<T>(live: Live<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const sub = live.subscribe({
      next: (value) => {
        resolve(value);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

describe('reading what was published', () => {
  it('finds a survey by version, or its newest, published before built-in', async () => {
    const { db, surveys } = freshDevice();
    const feed = fakeFeed();
    feed.publish('survey', makeShortSurvey({ version: 1 }));
    // Received before version 2 replaces it in the feed (the server keeps only the newest).
    await receive(db, feed);
    feed.publish('survey', makeShortSurvey({ version: 2, title: words('Leaving the ward') }));
    feed.publish('survey', makeShortSurvey({ id: 'fft', version: 1, title: words('Our FFT') }));
    await receive(db, feed);

    expect((await surveys.findSurvey('discharge'))?.version).toBe(2);
    expect((await surveys.findSurvey('discharge', 1))?.version).toBe(1);
    // A published survey with a built-in's id wins, at any version it has.
    expect((await surveys.findSurvey('fft'))?.title.en.text).toBe('Our FFT');
    expect((await surveys.findSurvey('fft', 1))?.title.en.text).toBe('Our FFT');
    expect(await surveys.findSurvey('ward-feedback', 9)).toBeUndefined();
    expect(await surveys.findSurvey('nothing')).toBeUndefined();

    const fft = await current(surveys.liveSurvey('fft'));
    expect(fft).toMatchObject({ published: true, survey: { title: { en: { text: 'Our FFT' } } } });
    const list = await current(surveys.liveSurveys());
    expect(list.map((a) => [a.survey.id, a.survey.version, a.published])).toEqual([
      ['fft', 1, true],
      ['ward-feedback', expect.any(Number), false],
      ['tell-us-what-you-think', expect.any(Number), false],
      ['discharge', 2, true],
    ]);
  });

  it('falls back to the built-in survey when nothing is published', async () => {
    const { surveys } = freshDevice();
    expect(await surveys.findSurvey('fft')).toBe(FFT_SURVEY);
    expect(await current(surveys.liveSurvey('fft'))).toEqual({
      survey: FFT_SURVEY,
      published: false,
    });
  });

  it('gives the newest outcomes first, and an event’s own', async () => {
    const { db, surveys, store } = freshDevice();
    const feed = fakeFeed();
    const eventId = '019a0000-0000-7000-8000-00000000e001';
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    for (const day of [3, 9, 1, 7])
      feed.publish(
        'outcome',
        makeOutcome({
          youSaid: `Day ${day}`,
          publishedAt: at(day),
          ...(day > 5 ? { eventId } : {}),
        }),
      );
    await receive(db, feed);
    expect((await current(surveys.liveLatestOutcomes(3))).map((o) => o.youSaid)).toEqual([
      'Day 9',
      'Day 7',
      'Day 3',
    ]);
    expect((await current(store.liveEventOutcomes(eventId))).map((o) => o.youSaid)).toEqual([
      'Day 9',
      'Day 7',
    ]);
  });
});
