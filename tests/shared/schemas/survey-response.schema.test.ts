import { describe, expect, it } from 'vitest';
import {
  answerSchema,
  equalityMonitoringSchema,
  surveyResponseSchema,
} from '../../../src/shared/schemas/survey-response.schema';
import { EQUALITY_CATEGORY_IDS, equalityChoices } from '../../../src/shared/survey/equality';
import { SURVEY_LIMITS } from '../../../src/shared/survey/survey-rules';
import { makeEqualityMonitoring, makeSurveyResponse } from '../../fixtures/survey.factory';

/** The paths (dotted) of every issue a failed parse reports; the parse must fail. */
function issuePaths(schema: typeof surveyResponseSchema | typeof equalityMonitoringSchema) {
  return (input: unknown): string[] => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    return (result.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
  };
}
const responsePaths = issuePaths(surveyResponseSchema);
const equalityPaths = issuePaths(equalityMonitoringSchema);

function responseInput(): Record<string, unknown> {
  return { ...makeSurveyResponse() };
}

function withAnswer(answer: unknown): Record<string, unknown> {
  return { ...responseInput(), answers: [answer] };
}

describe('surveyResponseSchema: valid responses', () => {
  it('parses a complete response unchanged', () => {
    const input = responseInput();
    expect(surveyResponseSchema.parse(input)).toEqual(input);
  });

  it('parses a partial response with every kind of answer and every optional field', () => {
    const input = {
      ...responseInput(),
      status: 'partial',
      presentation: 'easy-read',
      language: 'ur',
      location: 'Ward 7',
      eventId: makeSurveyResponse().id,
      kiosk: false,
      answeredBy: 'with-help',
      answers: [
        { questionId: 'rating', choice: 'good' },
        { questionId: 'what-helped', choices: ['food', 'quiet'] },
        { questionId: 'why', text: 'Kind staff' },
        { questionId: 'visited', dontKnow: true },
      ],
    };
    expect(surveyResponseSchema.parse(input)).toEqual(input);
  });

  it.each([
    ['Bengali', 'কর্মীরা খুব দয়ালু ছিলেন'],
    ['Urdu, written right to left', 'عملہ بہت مہربان تھا'],
    ['emoji with skin tones and joiners', 'Great 👍🏽 👨‍👩‍👧 ❤️'],
    ['Welsh', 'Roedd y staff yn garedig iawn, diolch yn fawr'],
    ['mixed scripts with a bidi mark', 'Staff \u200fعملہ\u200f / কর্মী'],
    ['spaces and line breaks around it', '  first line\nsecond line \n'],
  ])('keeps free text in %s exactly as typed (no trimming or normalising)', (_label, text) => {
    const parsed = surveyResponseSchema.parse(withAnswer({ questionId: 'why', text }));
    const answer = parsed.answers[0]!;
    expect('text' in answer && answer.text).toBe(text);
    expect(Array.from('text' in answer ? answer.text : '')).toEqual(Array.from(text));
  });

  it('keeps decomposed text decomposed (no NFC normalisation)', () => {
    const text = 'w\u0302 and e\u0301';
    const parsed = answerSchema.parse({ questionId: 'why', text });
    expect('text' in parsed && parsed.text).toBe(text);
  });

  it('trims the location, which is set up by staff, not typed by respondents', () => {
    expect(surveyResponseSchema.parse({ ...responseInput(), location: ' Ward 7 ' }).location).toBe(
      'Ward 7',
    );
  });

  it('accepts free text up to twice the character limit in UTF-16 units (the logic counts characters)', () => {
    const text = '😀'.repeat(SURVEY_LIMITS.freeText);
    expect(surveyResponseSchema.safeParse(withAnswer({ questionId: 'why', text })).success).toBe(
      true,
    );
  });
});

describe('surveyResponseSchema: invalid responses', () => {
  it.each([
    ['choice and text', { questionId: 'why', choice: 'good', text: 'good' }],
    ['choice and choices', { questionId: 'a', choice: 'x', choices: ['x'] }],
    ['text and dontKnow', { questionId: 'why', text: 'x', dontKnow: true }],
    ['no value at all', { questionId: 'why' }],
    ['dontKnow: false', { questionId: 'why', dontKnow: false }],
    ['an empty text', { questionId: 'why', text: '' }],
    ['an empty choice', { questionId: 'rating', choice: '' }],
    ['a choice that is not a string', { questionId: 'rating', choice: 3 }],
    ['no questionId', { choice: 'good' }],
    ['an empty questionId', { questionId: '', choice: 'good' }],
    ['an unknown key', { questionId: 'rating', choice: 'good', score: 5 }],
  ])('refuses an answer with %s, at answers.0', (_label, answer) => {
    const paths = responsePaths(withAnswer(answer));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('answers.0'))).toBe(true);
  });

  it('refuses free text over twice the character limit in UTF-16 units', () => {
    const text = 'a'.repeat(SURVEY_LIMITS.freeText * 2 + 1);
    expect(responsePaths(withAnswer({ questionId: 'why', text }))).toEqual(['answers.0.text']);
  });

  it('refuses more answers than a survey can have questions', () => {
    const answers = Array.from({ length: SURVEY_LIMITS.questions + 1 }, (_, i) => ({
      questionId: `q${i}`,
      choice: 'yes',
    }));
    expect(responsePaths({ ...responseInput(), answers })).toEqual(['answers']);
  });

  it.each([
    ['a language the app does not have', { language: 'fr' }, 'language'],
    ['an unknown presentation', { presentation: 'large-print' }, 'presentation'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['an unknown answeredBy', { answeredBy: 'relative' }, 'answeredBy'],
    ['survey version 0', { surveyVersion: 0 }, 'surveyVersion'],
    ['a fractional survey version', { surveyVersion: 1.5 }, 'surveyVersion'],
    ['an empty surveyId', { surveyId: '' }, 'surveyId'],
    ['a blank location', { location: '   ' }, 'location'],
    ['a malformed eventId', { eventId: 'event-1' }, 'eventId'],
    ['kiosk as a string', { kiosk: 'yes' }, 'kiosk'],
    ['answers that are not a list', { answers: {} }, 'answers'],
    ['another schema version', { schemaVersion: 2 }, 'schemaVersion'],
    ['a v4 id', { id: '3b241101-e2bb-4255-8caf-4136c566a962' }, 'id'],
  ])('refuses %s at the right path', (_label, override, path) => {
    expect(responsePaths({ ...responseInput(), ...override })).toEqual([path]);
  });
});

describe('equalityMonitoringSchema', () => {
  function equalityInput(): Record<string, unknown> {
    return { ...makeEqualityMonitoring() };
  }

  it('parses a record unchanged', () => {
    const input = equalityInput();
    expect(equalityMonitoringSchema.parse(input)).toEqual(input);
  });

  it('accepts no answers at all: every category is optional', () => {
    expect(equalityMonitoringSchema.parse({ ...equalityInput(), answers: {} }).answers).toEqual({});
  });

  it('accepts every choice of every category, "prefer not to say" included', () => {
    for (const category of EQUALITY_CATEGORY_IDS) {
      const choices = equalityChoices(category);
      expect(choices.at(-1)).toBe('prefer-not-to-say');
      for (const choice of choices) {
        const parsed = equalityMonitoringSchema.safeParse({
          ...equalityInput(),
          answers: { [category]: choice },
        });
        expect(parsed.success, `${category}: ${choice}`).toBe(true);
      }
    }
  });

  it.each([
    ['an unknown age band', { age: '30-40' }, 'answers.age'],
    ['an unknown ethnicity', { ethnicity: 'martian' }, 'answers.ethnicity'],
    ['a value from another category', { sex: 'christian' }, 'answers.sex'],
    ['a value in the wrong case', { carer: 'Yes' }, 'answers.carer'],
  ])('refuses %s', (_label, answers, path) => {
    expect(equalityPaths({ ...equalityInput(), answers })).toEqual([path]);
  });

  it('refuses a category it does not know', () => {
    const paths = equalityPaths({ ...equalityInput(), answers: { 'star-sign': 'leo' } });
    expect(paths).toEqual(['answers']);
  });

  it('drops a response id, so the record cannot be joined to the answers', () => {
    const parsed = equalityMonitoringSchema.parse({
      ...equalityInput(),
      responseId: makeSurveyResponse().id,
    });
    expect(parsed).not.toHaveProperty('responseId');
  });

  it('refuses a malformed eventId and another schema version', () => {
    expect(equalityPaths({ ...equalityInput(), eventId: 'x' })).toEqual(['eventId']);
    expect(equalityPaths({ ...equalityInput(), schemaVersion: 2 })).toEqual(['schemaVersion']);
  });
});
