import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/shared/schemas/survey-response.schema';
import {
  answersToKeep,
  chosenValues,
  isShown,
  responseProblem,
  visibleQuestions,
  wordingIn,
  wordsFor,
} from '../../../src/shared/survey/survey-logic';
import { SURVEY_LIMITS } from '../../../src/shared/survey/survey-rules';
import { makeSurvey, makeSurveyResponse, words } from '../../fixtures/survey.factory';

const survey = makeSurvey();

function answerMap(...answers: Answer[]): Map<string, Answer> {
  return new Map(answers.map((a) => [a.questionId, a]));
}

function shownIds(...answers: Answer[]): string[] {
  return visibleQuestions(survey, answerMap(...answers)).map((q) => q.id);
}

function question(id: string) {
  const q = survey.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

const rating: Answer = { questionId: 'rating', choice: 'good' };
const mood: Answer = { questionId: 'mood', choice: 'ok' };
const visitedYes: Answer = { questionId: 'visited', choice: 'yes' };
const visitedNo: Answer = { questionId: 'visited', choice: 'no' };

describe('chosenValues', () => {
  it('reads a choice, a list of choices, and nothing from text or "don\'t know"', () => {
    expect(chosenValues({ questionId: 'a', choice: 'yes' })).toEqual(['yes']);
    expect(chosenValues({ questionId: 'a', choices: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(chosenValues({ questionId: 'a', text: 'yes' })).toEqual([]);
    expect(chosenValues({ questionId: 'a', dontKnow: true })).toEqual([]);
    expect(chosenValues(undefined)).toEqual([]);
  });
});

describe('isShown: "show only if"', () => {
  it('always shows a question with no condition', () => {
    expect(isShown(question('rating'), answerMap())).toBe(true);
  });

  it('shows a question only when the earlier one has one of the values', () => {
    const q = question('what-helped');
    expect(isShown(q, answerMap(visitedYes))).toBe(true);
    expect(isShown(q, answerMap(visitedNo))).toBe(false);
    expect(isShown(q, answerMap({ questionId: 'visited', choice: 'not-sure' }))).toBe(false);
    expect(isShown(q, answerMap())).toBe(false);
    expect(isShown(q, answerMap({ questionId: 'visited', dontKnow: true }))).toBe(false);
  });

  it('shows a question when any one of a multiple answer matches', () => {
    const q = question('most-helpful');
    expect(isShown(q, answerMap({ questionId: 'what-helped', choices: ['quiet', 'food'] }))).toBe(
      true,
    );
    expect(isShown(q, answerMap({ questionId: 'what-helped', choices: ['quiet'] }))).toBe(false);
  });
});

describe('visibleQuestions', () => {
  it('asks the unconditional questions, in order, before any answer', () => {
    expect(shownIds()).toEqual(['rating', 'why', 'visited', 'mood']);
  });

  it('adds a conditional question once its condition is met', () => {
    expect(shownIds(visitedYes)).toEqual(['rating', 'why', 'visited', 'what-helped', 'mood']);
    expect(shownIds(visitedNo)).toEqual(['rating', 'why', 'visited', 'mood']);
  });

  it('follows a chain of conditions', () => {
    expect(shownIds(visitedYes, { questionId: 'what-helped', choices: ['quiet'] })).toEqual([
      'rating',
      'why',
      'visited',
      'what-helped',
      'mood',
    ]);
    expect(shownIds(visitedYes, { questionId: 'what-helped', choices: ['company'] })).toEqual([
      'rating',
      'why',
      'visited',
      'what-helped',
      'most-helpful',
      'mood',
    ]);
  });

  it('hides the end of a chain when its start is hidden, whatever was answered before', () => {
    // The person said yes, picked food, then went back and changed to no.
    expect(shownIds(visitedNo, { questionId: 'what-helped', choices: ['food'] })).toEqual([
      'rating',
      'why',
      'visited',
      'mood',
    ]);
  });
});

describe('answersToKeep', () => {
  it('drops the answers to questions no longer asked, down the chain', () => {
    const kept = answersToKeep(
      survey,
      answerMap(
        rating,
        visitedNo,
        { questionId: 'what-helped', choices: ['food'] },
        { questionId: 'most-helpful', choice: 'food' },
        mood,
      ),
    );
    expect(kept).toEqual([rating, visitedNo, mood]);
  });

  it('keeps every answer while its question is asked, in survey order', () => {
    const helped: Answer = { questionId: 'what-helped', choices: ['food'] };
    const most: Answer = { questionId: 'most-helpful', choice: 'food' };
    expect(answersToKeep(survey, answerMap(mood, most, helped, visitedYes, rating))).toEqual([
      rating,
      visitedYes,
      helped,
      most,
      mood,
    ]);
  });
});

describe('wordsFor and wordingIn', () => {
  const text = {
    en: { text: 'Did staff listen to you?', easyRead: 'Did staff listen?' },
    cy: { text: 'Oedd y staff yn gwrando arnoch chi?' },
  };

  it('gives the standard or easy-read words in the language asked for', () => {
    expect(wordsFor(text, 'en', 'standard')).toBe('Did staff listen to you?');
    expect(wordsFor(text, 'en', 'easy-read')).toBe('Did staff listen?');
    expect(wordsFor(text, 'cy', 'standard')).toBe('Oedd y staff yn gwrando arnoch chi?');
  });

  it('falls back to the standard words when there are no easy-read ones', () => {
    expect(wordsFor(text, 'cy', 'easy-read')).toBe('Oedd y staff yn gwrando arnoch chi?');
  });

  it('falls back to English when the text lacks the language', () => {
    expect(wordsFor(text, 'ur', 'standard')).toBe('Did staff listen to you?');
    expect(wordsFor(text, 'pl', 'easy-read')).toBe('Did staff listen?');
    expect(wordingIn(text, 'bn')).toBe(text.en);
    expect(wordingIn(words('Hello', 'Helo'), 'cy').text).toBe('Helo');
  });
});

describe('responseProblem', () => {
  function problemOf(answers: Answer[], overrides: Parameters<typeof makeSurveyResponse>[0] = {}) {
    return responseProblem(survey, makeSurveyResponse({ answers, ...overrides }));
  }

  it('accepts a complete response with every required question answered', () => {
    expect(problemOf([rating, mood])).toBeUndefined();
  });

  it('accepts a complete response with every kind of answer', () => {
    expect(
      problemOf([
        rating,
        { questionId: 'why', text: 'Kind staff' },
        visitedYes,
        { questionId: 'what-helped', choices: ['food', 'quiet'] },
        { questionId: 'most-helpful', choice: 'food' },
        mood,
      ]),
    ).toBeUndefined();
  });

  it('accepts "I don\'t know" on an optional question', () => {
    expect(problemOf([rating, { questionId: 'visited', dontKnow: true }, mood])).toBeUndefined();
  });

  it('accepts a partial response with some answers and required ones missing', () => {
    expect(problemOf([visitedNo], { status: 'partial' })).toBeUndefined();
  });

  it('refuses an answer to a question the survey does not have', () => {
    expect(problemOf([rating, mood, { questionId: 'parking', choice: 'yes' }])).toEqual({
      field: 'answers.2.questionId',
      reason: "survey 'test-survey' version 1 has no question 'parking'",
    });
  });

  it('refuses a value that is not among the options', () => {
    expect(problemOf([{ questionId: 'rating', choice: 'excellent' }, mood])).toEqual({
      field: 'answers.0.choice',
      reason: "'excellent' is not one of the options of question 'rating'",
    });
  });

  it('refuses a value among the options of another question', () => {
    // 'happy' is a smiley value, not an FFT one.
    expect(problemOf([{ questionId: 'rating', choice: 'happy' }, mood])?.field).toBe(
      'answers.0.choice',
    );
  });

  it('refuses an unknown value in a list of choices', () => {
    expect(
      problemOf([
        rating,
        visitedYes,
        { questionId: 'what-helped', choices: ['food', 'music'] },
        mood,
      ]),
    ).toEqual({
      field: 'answers.2.choices',
      reason: "'music' is not one of the options of question 'what-helped'",
    });
  });

  it('refuses a list of choices for a single-choice question', () => {
    expect(problemOf([{ questionId: 'rating', choices: ['good'] }, mood])).toEqual({
      field: 'answers.0.choices',
      reason: "question 'rating' takes one choice",
    });
  });

  it('refuses a single choice for a multiple-choice question', () => {
    expect(
      problemOf([rating, visitedYes, { questionId: 'what-helped', choice: 'food' }, mood]),
    ).toEqual({
      field: 'answers.2.choice',
      reason: "question 'what-helped' takes a list of choices",
    });
  });

  it('refuses an empty or repeated list of choices', () => {
    expect(
      problemOf([rating, visitedYes, { questionId: 'what-helped', choices: [] }, mood])?.field,
    ).toBe('answers.2.choices');
    expect(
      problemOf([
        rating,
        visitedYes,
        { questionId: 'what-helped', choices: ['food', 'food'] },
        mood,
      ]),
    ).toEqual({ field: 'answers.2.choices', reason: "a choice is repeated in 'what-helped'" });
  });

  it('refuses a choice for a free-text question and text for a choice', () => {
    expect(problemOf([rating, { questionId: 'why', choice: 'yes' }, mood])).toEqual({
      field: 'answers.1.choice',
      reason: "question 'why' takes a written answer",
    });
    expect(problemOf([{ questionId: 'rating', text: 'good' }, mood])?.field).toBe('answers.0.text');
  });

  it('refuses a question answered twice', () => {
    expect(problemOf([rating, mood, { questionId: 'rating', choice: 'poor' }])).toEqual({
      field: 'answers.2.questionId',
      reason: "question 'rating' is answered twice",
    });
  });

  it('refuses "I don\'t know" on a required question', () => {
    expect(problemOf([{ questionId: 'rating', dontKnow: true }, mood])).toEqual({
      field: 'answers.0.dontKnow',
      reason:
        "question 'rating' must be answered; \"I don't know\" is only offered on optional questions",
    });
  });

  it('counts the length of free text in characters (code points), not UTF-16 units', () => {
    // 'why' allows 20 characters; each of these emoji is two UTF-16 units.
    const twenty = '😀'.repeat(20);
    expect(twenty.length).toBe(40);
    expect(problemOf([rating, { questionId: 'why', text: twenty }, mood])).toBeUndefined();
    expect(problemOf([rating, { questionId: 'why', text: `${twenty}!` }, mood])).toEqual({
      field: 'answers.1.text',
      reason: "the answer to 'why' is longer than 20 characters",
    });
    expect(problemOf([rating, { questionId: 'why', text: 'a'.repeat(21) }, mood])?.field).toBe(
      'answers.1.text',
    );
  });

  it('limits free text with no length of its own to the survey-wide limit', () => {
    const why = { ...question('why') };
    delete why.maxLength;
    const open = makeSurvey({ questions: [why] });
    const text = (n: number) => [{ questionId: 'why', text: 'ক'.repeat(n) }];
    const ok = makeSurveyResponse({ answers: text(SURVEY_LIMITS.freeText) });
    const long = makeSurveyResponse({ answers: text(SURVEY_LIMITS.freeText + 1) });
    expect(responseProblem(open, ok)).toBeUndefined();
    expect(responseProblem(open, long)?.reason).toBe(
      `the answer to 'why' is longer than ${SURVEY_LIMITS.freeText} characters`,
    );
  });

  it('refuses a complete response that misses a required question', () => {
    expect(problemOf([rating, visitedNo])).toEqual({
      field: 'answers',
      reason: "a complete response must answer question 'mood'",
    });
  });

  it('refuses a partial response with no answers', () => {
    expect(problemOf([], { status: 'partial' })).toEqual({
      field: 'answers',
      reason: 'a partial response must have at least one answer',
    });
  });

  it('refuses an answer to a question that is not asked after the answers given', () => {
    expect(
      problemOf([rating, visitedNo, { questionId: 'what-helped', choices: ['food'] }, mood]),
    ).toEqual({
      field: 'answers.2.questionId',
      reason: "question 'what-helped' is not asked after the answers given",
    });
    // Hidden down the chain: visited was not answered, so neither follow-up is asked.
    expect(problemOf([rating, { questionId: 'most-helpful', choice: 'food' }, mood])?.field).toBe(
      'answers.1.questionId',
    );
  });

  it('refuses a language the survey does not offer', () => {
    expect(problemOf([rating, mood], { language: 'ur' })).toEqual({
      field: 'language',
      reason: "survey 'test-survey' is not offered in 'ur'",
    });
    expect(problemOf([rating, mood], { language: 'cy' })).toBeUndefined();
  });
});
