import { describe, expect, it } from 'vitest';
import {
  surveyAuthoringSchema,
  surveyDefinitionSchema,
} from '../../../src/shared/schemas/survey.schema';
import { makeSurvey } from '../../fixtures/survey.factory';

/** A valid survey as plain, mutable input, so a test can break one thing. */
function validInput() {
  return structuredClone(makeSurvey());
}

/** Every issue saving would report, as `field: message`; the parse must fail. */
function problems(input: unknown): string[] {
  const result = surveyAuthoringSchema.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

/** The one issue a broken survey should have. */
function onlyProblem(input: unknown): string {
  const found = problems(input);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function question(survey: ReturnType<typeof validInput>, id: string) {
  const q = survey.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

describe('surveyDefinitionSchema: valid surveys', () => {
  it('accepts the factory survey unchanged', () => {
    const input = validInput();
    expect(surveyDefinitionSchema.parse(input)).toEqual(input);
  });

  it('accepts a five-face smiley scale', () => {
    const survey = validInput();
    question(survey, 'mood').options = ['very-happy', 'happy', 'ok', 'unhappy', 'very-unhappy'].map(
      (value) => ({ value, pictogram: 'star', text: { en: { text: value }, cy: { text: value } } }),
    );
    expect(surveyDefinitionSchema.safeParse(survey).success).toBe(true);
  });

  it('accepts an English-only survey with no Welsh wording', () => {
    const survey = validInput();
    survey.languages = ['en'];
    survey.title = { en: { text: 'Title' } };
    expect(surveyDefinitionSchema.safeParse(survey).success).toBe(true);
  });
});

describe('surveyDefinitionSchema: a bad survey is refused, naming the field', () => {
  it('refuses a question id used twice', () => {
    const survey = validInput();
    question(survey, 'mood').id = 'rating';
    expect(onlyProblem(survey)).toBe("questions.5.id: question id 'rating' is used twice");
  });

  it('refuses an fft question whose options are not the national six', () => {
    const survey = validInput();
    question(survey, 'rating').options!.pop(); // no "don't know"
    expect(onlyProblem(survey)).toMatch(
      /^questions\.0\.options: must have exactly the options very-good, good, neither, poor, very-poor, dont-know, in that order$/,
    );
  });

  it('refuses an fft question with its options out of order', () => {
    const survey = validInput();
    const opts = question(survey, 'rating').options!;
    [opts[0], opts[1]] = [opts[1]!, opts[0]!];
    expect(onlyProblem(survey)).toMatch(/^questions\.0\.options: must have exactly the options/);
  });

  it('refuses an fft question that rewords the national English question, naming the field', () => {
    const survey = validInput();
    question(survey, 'rating').text.en.text = 'Overall, how was your stay on the ward?';
    expect(onlyProblem(survey)).toBe(
      'questions.0.text.en.text: an FFT question must ask the national question in English, word for word: "Overall, how was your experience of our service?"',
    );
  });

  it('refuses an fft answer reworded in English, naming the answer', () => {
    const survey = validInput();
    question(survey, 'rating').options![0]!.text.en.text = 'Excellent';
    question(survey, 'rating').options![5]!.text.en.text = 'Not sure';
    expect(problems(survey)).toEqual([
      `questions.0.options.0.text.en.text: the FFT answer 'very-good' must read "Very good" in English, the national wording`,
      `questions.0.options.5.text.en.text: the FFT answer 'dont-know' must read "Don't know" in English, the national wording`,
    ]);
  });

  it('refuses a change of case or a word left out of the national wording', () => {
    for (const reworded of [
      'overall, how was your experience of our service?',
      'How was your experience of our service?',
      'Overall, how was your experience of our service',
    ]) {
      const survey = validInput();
      question(survey, 'rating').text.en.text = reworded;
      expect(onlyProblem(survey)).toMatch(/^questions\.0\.text\.en\.text: an FFT question/);
    }
  });

  it('takes a typed apostrophe and spacing as the same words', () => {
    const survey = validInput();
    question(survey, 'rating').text.en.text = 'Overall,  how was your experience of our service?';
    question(survey, 'rating').options![5]!.text.en.text = 'Don\u2019t know';
    expect(surveyAuthoringSchema.safeParse(survey).success).toBe(true);
  });

  it('leaves the easy-read and translated FFT words free (easy read needs its own, shorter words)', () => {
    const survey = validInput();
    question(survey, 'rating').text.en.easyRead = 'Was our service good?';
    question(survey, 'rating').text.cy!.text = 'Sut oedd ein gwasanaeth?';
    question(survey, 'rating').options![3]!.text.en.easyRead = 'Bad';
    expect(surveyAuthoringSchema.safeParse(survey).success).toBe(true);
  });

  it('still reads a survey published with local FFT words before the national wording was enforced', () => {
    const survey = validInput();
    question(survey, 'rating').text.en.text = 'Overall, how was your experience?';
    question(survey, 'rating').options![0]!.text.en.text = 'Excellent';
    // What tablets and stored versions are read with: the survey keeps reaching kiosks.
    expect(surveyDefinitionSchema.safeParse(survey).success).toBe(true);
    // What saving it again is checked with: its next version must use the national words.
    expect(surveyAuthoringSchema.safeParse(survey).success).toBe(false);
  });

  it('asks no national wording of a question that is not the FFT', () => {
    const survey = validInput();
    question(survey, 'most-helpful').text.en.text = 'Overall, how was your stay on the ward?';
    expect(surveyAuthoringSchema.safeParse(survey).success).toBe(true);
  });

  it('refuses a yes-no question with other options', () => {
    const survey = validInput();
    question(survey, 'visited').options![2]!.value = 'maybe';
    expect(onlyProblem(survey)).toMatch(
      /^questions\.2\.options: must have exactly the options yes/,
    );
  });

  it('refuses a smiley scale with four faces', () => {
    const survey = validInput();
    question(survey, 'mood').options = ['very-happy', 'happy', 'unhappy', 'very-unhappy'].map(
      (value) => ({ value, pictogram: 'star', text: { en: { text: value }, cy: { text: value } } }),
    );
    expect(onlyProblem(survey)).toMatch(/^questions\.5\.options: a smiley scale has 3 faces/);
  });

  it('refuses a single-choice question with one option', () => {
    const survey = validInput();
    question(survey, 'most-helpful').options!.pop();
    expect(onlyProblem(survey)).toBe('questions.4.options: needs at least two options');
  });

  it('refuses two options with the same value', () => {
    const survey = validInput();
    question(survey, 'what-helped').options![2]!.value = 'food';
    expect(onlyProblem(survey)).toBe('questions.3.options: option values must be different');
  });

  it("refuses 'show only if' naming a later question", () => {
    const survey = validInput();
    question(survey, 'what-helped').showIf = { questionId: 'mood', anyOf: ['happy'] };
    expect(onlyProblem(survey)).toBe(
      "questions.3.showIf.questionId: 'show only if' must name an earlier question, not 'mood'",
    );
  });

  it("refuses 'show only if' naming an unknown question", () => {
    const survey = validInput();
    question(survey, 'what-helped').showIf = { questionId: 'nowhere', anyOf: ['yes'] };
    expect(onlyProblem(survey)).toBe(
      "questions.3.showIf.questionId: 'show only if' must name an earlier question, not 'nowhere'",
    );
  });

  it("refuses 'show only if' naming its own question", () => {
    const survey = validInput();
    question(survey, 'what-helped').showIf = { questionId: 'what-helped', anyOf: ['food'] };
    expect(onlyProblem(survey)).toMatch(/^questions\.3\.showIf\.questionId: /);
  });

  it("refuses 'show only if' with a value the earlier question does not have", () => {
    const survey = validInput();
    question(survey, 'what-helped').showIf = { questionId: 'visited', anyOf: ['yes', 'perhaps'] };
    expect(onlyProblem(survey)).toBe(
      "questions.3.showIf.anyOf: 'perhaps' is not an answer to question 'visited'",
    );
  });

  it('refuses a text with no wording in a language the survey offers', () => {
    const survey = validInput();
    delete question(survey, 'visited').options![1]!.text.cy;
    expect(onlyProblem(survey)).toBe(
      "questions.2.options.1.text.cy: needs a wording in 'cy', a language the survey offers",
    );
  });

  it('refuses a title with no wording in an offered language', () => {
    const survey = validInput();
    survey.languages = ['en', 'cy', 'pl'];
    const found = problems(survey);
    expect(found).toContain("title.pl: needs a wording in 'pl', a language the survey offers");
    expect(found).toContain(
      "questions.0.text.pl: needs a wording in 'pl', a language the survey offers",
    );
  });

  it('refuses an easy-read survey with a text that has no easy-read words', () => {
    const survey = validInput();
    survey.easyRead = true;
    delete question(survey, 'why').text.cy!.easyRead;
    expect(onlyProblem(survey)).toBe(
      'questions.1.text.cy.easyRead: an easy-read survey needs easy-read words for every text',
    );
  });

  it('accepts a standard survey with a text that has no easy-read words', () => {
    const survey = validInput();
    delete question(survey, 'why').text.cy!.easyRead;
    expect(surveyDefinitionSchema.safeParse(survey).success).toBe(true);
  });

  it('refuses a pictogram that is not in the catalogue', () => {
    const survey = validInput();
    (question(survey, 'why') as { pictogram: string }).pictogram = 'unicorn';
    expect(onlyProblem(survey)).toMatch(/^questions\.1\.pictogram: /);
  });

  it('refuses a free-text question with options', () => {
    const survey = validInput();
    question(survey, 'why').options = question(survey, 'visited').options!;
    expect(onlyProblem(survey)).toBe('questions.1.options: free-text questions have no options');
  });

  it('refuses a length on a question that is not free text', () => {
    const survey = validInput();
    question(survey, 'visited').maxLength = 100;
    expect(onlyProblem(survey)).toBe(
      'questions.2.maxLength: only free-text questions have a length',
    );
  });

  it('refuses a question id that is not lower-case letters, digits and dashes', () => {
    const survey = validInput();
    question(survey, 'why').id = 'Why?';
    expect(onlyProblem(survey)).toBe(
      'questions.1.id: must be lower-case letters, digits and dashes',
    );
  });

  it('refuses a language the app does not have', () => {
    const survey = validInput();
    (survey as { languages: string[] }).languages = ['en', 'fr'];
    expect(onlyProblem(survey)).toMatch(/^languages\.1: /);
  });

  it('refuses a survey with no questions', () => {
    const survey = validInput();
    survey.questions = [];
    expect(onlyProblem(survey)).toMatch(/^questions: /);
  });
});
