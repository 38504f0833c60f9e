import { describe, expect, it } from 'vitest';
import {
  FreeTextPageFold,
  SurveyResultsFold,
  parseFreeTextCursor,
  summariseSurvey,
  ukMonthOf,
} from '../../../src/shared/admin/survey-results';
import type { Answer } from '../../../src/shared/schemas/survey-response.schema';
import { makeSurvey, makeSurveyResponse, words } from '../../fixtures/survey.factory';

function response(
  rating: string | undefined,
  options: {
    location?: string;
    at?: string;
    status?: 'complete' | 'partial';
    extra?: Answer[];
    version?: number;
  } = {},
) {
  const answers: Answer[] = [
    ...(rating === undefined ? [] : [{ questionId: 'rating', choice: rating }]),
    ...(options.extra ?? []),
  ];
  return makeSurveyResponse({
    answers,
    ...(options.location === undefined ? {} : { location: options.location }),
    createdAt: options.at ?? '2026-11-10T10:00:00.000Z',
    updatedAt: options.at ?? '2026-11-10T10:00:00.000Z',
    status: options.status ?? 'complete',
    surveyVersion: options.version ?? 1,
  });
}

describe('ukMonthOf', () => {
  it('puts an instant in its UK calendar month, summer time included', () => {
    expect(ukMonthOf('2026-10-31T23:30:00.000Z')).toBe('2026-10'); // GMT: still 31 October
    expect(ukMonthOf('2026-06-30T23:30:00.000Z')).toBe('2026-07'); // BST: already 1 July
    expect(ukMonthOf('2026-12-31T23:59:59.999Z')).toBe('2026-12');
  });
});

describe('summariseSurvey', () => {
  const survey = makeSurvey();

  it('gives FFT percentages per location and month, newest month first', () => {
    const responses = [
      // Ward A, November: 3 positive, 1 negative, 1 don't know → 60% / 20%.
      response('very-good', { location: 'Ward A' }),
      response('good', { location: 'Ward A' }),
      response('good', { location: 'Ward A' }),
      response('poor', { location: 'Ward A' }),
      response('dont-know', { location: 'Ward A' }),
      // Ward B, November: 1 of 2 positive.
      response('very-good', { location: 'Ward B' }),
      response('very-poor', { location: 'Ward B' }),
      // Ward A, October.
      response('neither', { location: 'Ward A', at: '2026-10-05T09:00:00.000Z' }),
      // Skipped the FFT question: not a response to it.
      response(undefined, { location: 'Ward A', status: 'partial' }),
    ];
    const results = summariseSurvey([survey], responses);
    expect(results.total).toBe(9);
    expect(results.complete).toBe(8);
    expect(results.partial).toBe(1);
    expect(results.months).toEqual(['2026-11', '2026-10']);
    expect(results.locations).toEqual(['Ward A', 'Ward B']);
    expect(
      results.fft.map((p) => [
        p.location,
        p.month,
        p.scores.total,
        p.scores.percentPositive,
        p.scores.percentNegative,
      ]),
    ).toEqual([
      ['Ward A', '2026-11', 5, 60, 20],
      ['Ward B', '2026-11', 2, 50, 50],
      ['Ward A', '2026-10', 1, 0, 0],
    ]);
    expect(results.fftOverall?.scores.total).toBe(8);
    expect(results.fftOverall?.scores.positive).toBe(4);
  });

  it('filters by location and by UK month', () => {
    const responses = [
      response('good', { location: 'Ward A', at: '2026-06-30T23:30:00.000Z' }), // July in the UK
      response('poor', { location: 'Ward A', at: '2026-06-30T22:30:00.000Z' }), // June
      response('good', { location: 'Ward B', at: '2026-07-02T10:00:00.000Z' }),
    ];
    const july = summariseSurvey([survey], responses, { month: '2026-07' });
    expect(july.total).toBe(2);
    expect(july.fft.map((p) => [p.location, p.month])).toEqual([
      ['Ward A', '2026-07'],
      ['Ward B', '2026-07'],
    ]);
    const wardA = summariseSurvey([survey], responses, { location: 'Ward A' });
    expect(wardA.total).toBe(2);
    expect(wardA.fftOverall?.scores.percentNegative).toBe(50);
    // The filter lists still offer everything.
    expect(wardA.locations).toEqual(['Ward A', 'Ward B']);
    expect(wardA.months).toEqual(['2026-07', '2026-06']);
  });

  it("counts each choice in option order, with multiple choices and don't know", () => {
    const responses = [
      response('good', {
        extra: [
          { questionId: 'visited', choice: 'yes' },
          { questionId: 'what-helped', choices: ['food', 'company'] },
        ],
      }),
      response('good', {
        extra: [
          { questionId: 'visited', dontKnow: true },
          { questionId: 'what-helped', choices: ['food'] },
        ],
      }),
    ];
    const results = summariseSurvey([survey], responses);
    const visited = results.questions.find((q) => q.questionId === 'visited')!;
    expect(visited.answered).toBe(2);
    expect(visited.dontKnow).toBe(1);
    expect(visited.choices.map((c) => [c.value, c.count])).toEqual([
      ['yes', 1],
      ['no', 0],
      ['not-sure', 0],
    ]);
    const helped = results.questions.find((q) => q.questionId === 'what-helped')!;
    expect(Object.fromEntries(helped.choices.map((c) => [c.value, c.count]))).toMatchObject({
      food: 2,
      company: 1,
    });
  });

  it('lists free text newest first, exactly as typed', () => {
    const responses = [
      response('good', {
        at: '2026-11-01T10:00:00.000Z',
        extra: [{ questionId: 'why', text: '<script>x</script>' }],
      }),
      response('good', {
        at: '2026-11-02T10:00:00.000Z',
        extra: [{ questionId: 'why', text: 'খুব ভালো' }],
      }),
    ];
    const why = summariseSurvey([survey], responses).questions.find((q) => q.questionId === 'why')!;
    expect(why.choices).toEqual([]);
    expect(why.freeText.map((f) => f.text)).toEqual(['খুব ভালো', '<script>x</script>']);
  });

  it('counts a question across versions under its newest wording, keeping dropped ones', () => {
    // (The FFT question's words cannot change: the national wording is fixed.)
    const v2 = makeSurvey({
      version: 2,
      questions: [
        survey.questions[0]!,
        { ...survey.questions[5]!, text: words('How do you feel today?') },
      ],
    });
    const responses = [
      response('good', { version: 1, extra: [{ questionId: 'visited', choice: 'no' }] }),
      response('poor', { version: 2, extra: [{ questionId: 'mood', choice: 'ok' }] }),
    ];
    const results = summariseSurvey([survey, v2], responses);
    expect(results.title).toBe('How was your visit?');
    expect(results.questions[0]!.answered).toBe(2);
    const mood = results.questions[1]!;
    expect(mood.text).toBe('How do you feel today?');
    expect(mood.answered).toBe(1);
    expect(results.questions.map((q) => q.questionId)).toEqual([
      'rating',
      'mood',
      'why',
      'visited',
      'what-helped',
      'most-helpful',
    ]);
    expect(results.questions.find((q) => q.questionId === 'visited')!.answered).toBe(1);
  });

  it('counts who answered, the language and easy read within the filter, every value listed', () => {
    const responses = [
      makeSurveyResponse({ location: 'Ward A', answeredBy: 'alone' }),
      makeSurveyResponse({ location: 'Ward A', answeredBy: 'alone', language: 'pl' }),
      makeSurveyResponse({
        location: 'Ward A',
        answeredBy: 'with-help',
        language: 'bn',
        presentation: 'easy-read',
      }),
      makeSurveyResponse({ location: 'Ward A', status: 'partial', language: 'ur' }),
      makeSurveyResponse({ location: 'Ward B', answeredBy: 'staff' }),
      makeSurveyResponse({
        location: 'Ward A',
        answeredBy: 'staff',
        deletedAt: '2026-11-21T11:00:00.000Z',
      }),
    ];
    const wardA = summariseSurvey([survey], responses, { location: 'Ward A' }).breakdown;
    expect(wardA.answeredBy).toEqual([
      { value: 'alone', count: 2 },
      { value: 'with-help', count: 1 },
      { value: 'staff', count: 0 },
      { value: 'not-recorded', count: 1 },
    ]);
    expect(wardA.language).toEqual([
      { value: 'en', count: 1 },
      { value: 'cy', count: 0 },
      { value: 'pl', count: 1 },
      { value: 'bn', count: 1 },
      { value: 'ur', count: 1 },
    ]);
    expect(wardA.presentation).toEqual([
      { value: 'standard', count: 3 },
      { value: 'easy-read', count: 1 },
    ]);
    const everywhere = summariseSurvey([survey], responses).breakdown;
    expect(everywhere.answeredBy.map((c) => c.count)).toEqual([2, 1, 1, 1]);
  });

  it('leaves deleted responses out and has no FFT for a survey without the question', () => {
    const noFft = makeSurvey({ questions: [survey.questions[5]!] });
    const gone = makeSurveyResponse({ deletedAt: '2026-11-21T11:00:00.000Z' });
    const results = summariseSurvey([noFft], [gone, makeSurveyResponse()]);
    expect(results.total).toBe(1);
    expect(results.fft).toEqual([]);
    expect(results.fftOverall).toBeUndefined();
  });
});

describe('SurveyResultsFold: results a response at a time', () => {
  const survey = makeSurvey();
  const why = (text: string, at: string, location = 'Ward A') =>
    response('good', { at, location, extra: [{ questionId: 'why', text }] });
  // Two answers share a time: their ids decide between them.
  const responses = [
    why('first', '2026-11-01T10:00:00.000Z'),
    why('second', '2026-11-02T10:00:00.000Z', 'Ward B'),
    why('third', '2026-11-03T10:00:00.000Z'),
    why('fourth', '2026-11-03T10:00:00.000Z'),
    why('fifth', '2026-10-04T10:00:00.000Z', 'Ward B'),
    response('poor', { location: 'Ward B', status: 'partial' }),
    makeSurveyResponse({ deletedAt: '2026-11-21T11:00:00.000Z' }),
  ];

  it('answers the same whatever order the responses come in', () => {
    const whole = summariseSurvey([survey], responses);
    const reversed = new SurveyResultsFold([survey]);
    for (const r of [...responses].reverse()) reversed.add(r);
    expect(reversed.result()).toEqual(whole);
    const shuffled = new SurveyResultsFold([survey]);
    for (const i of [3, 0, 6, 2, 5, 1, 4]) shuffled.add(responses[i]!);
    expect(shuffled.result()).toEqual(whole);
  });

  it('lists the newest free-text answers up to the limit, counting the rest', () => {
    const all = summariseSurvey([survey], responses).questions.find((q) => q.questionId === 'why')!;
    expect(all.freeTextCount).toBe(5);
    expect(all.freeTextNext).toBeNull();
    const newestFirst = all.freeText.map((a) => a.text);
    expect(newestFirst.slice(2)).toEqual(['second', 'first', 'fifth']);

    const capped = summariseSurvey(
      [survey],
      [...responses].reverse(),
      {},
      { freeTextLimit: 2 },
    ).questions.find((q) => q.questionId === 'why')!;
    expect(capped.freeText.map((a) => a.text)).toEqual(newestFirst.slice(0, 2));
    expect(capped.freeTextCount).toBe(5);
    expect(capped.freeTextNext).not.toBeNull();
  });

  it('pages the older free-text answers from the cursor, each once, within the filter', () => {
    const newestFirst = summariseSurvey([survey], responses)
      .questions.find((q) => q.questionId === 'why')!
      .freeText.map((a) => a.text);
    const first = summariseSurvey([survey], responses, {}, { freeTextLimit: 2 }).questions.find(
      (q) => q.questionId === 'why',
    )!;
    const seen = first.freeText.map((a) => a.text);
    let next = first.freeTextNext;
    let pages = 1;
    while (next !== null) {
      const fold = new FreeTextPageFold('why', {}, { after: parseFreeTextCursor(next), limit: 2 });
      for (const r of [...responses].reverse()) fold.add(r);
      const page = fold.result();
      seen.push(...page.answers.map((a) => a.text));
      next = page.next;
      pages++;
    }
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);

    const wardB = new FreeTextPageFold('why', { location: 'Ward B' }, { limit: 10 });
    for (const r of responses) wardB.add(r);
    expect(wardB.result()).toEqual({
      answers: [
        expect.objectContaining({ text: 'second', location: 'Ward B' }),
        expect.objectContaining({ text: 'fifth', location: 'Ward B' }),
      ],
      next: null,
    });
  });

  it('reads only cursors it made', () => {
    expect(parseFreeTextCursor('1764000000000_0190f5a8-0000-7000-8000-000000000000')).toEqual({
      time: 1764000000000,
      responseId: '0190f5a8-0000-7000-8000-000000000000',
    });
    for (const bad of ['', 'x_y', '12', '12_', '_abc', '1_a b', `1_${'a'.repeat(65)}`])
      expect(parseFreeTextCursor(bad)).toBeUndefined();
  });
});
