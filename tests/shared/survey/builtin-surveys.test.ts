import { describe, expect, it } from 'vitest';
import {
  surveyDefinitionSchema,
  type Localised,
  type SurveyDefinition,
} from '../../../src/shared/schemas/survey.schema';
import { BUILT_IN_SURVEYS } from '../../../src/shared/survey/builtin';
import { SURVEY_LANGUAGES } from '../../../src/shared/survey/languages';
import { PICTOGRAMS } from '../../../src/shared/survey/pictograms';

const EASY_READ_MAX_WORDS = 15;
const FFT_QUESTION = 'Overall, how was your experience of our service?';
const FFT_ANSWERS = [
  'Very good',
  'Good',
  'Neither good nor poor',
  'Poor',
  'Very poor',
  "Don't know",
];
const BENGALI = /[\u0980-\u09FF]/;
const ARABIC = /[\u0600-\u06FF]/;

/** Every text of a survey, with a readable path for failure messages. */
function texts(survey: SurveyDefinition): [string, Localised][] {
  const found: [string, Localised][] = [[`${survey.id} title`, survey.title]];
  if (survey.intro) found.push([`${survey.id} intro`, survey.intro]);
  for (const q of survey.questions) {
    found.push([`${survey.id} ${q.id}`, q.text]);
    for (const o of q.options ?? []) found.push([`${survey.id} ${q.id} ${o.value}`, o.text]);
  }
  return found;
}

/** The sentences of a text (split on . ? !) that are longer than the easy-read limit. */
function longSentences(text: string): string[] {
  return text
    .split(/[.?!]+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.split(/\s+/).filter(Boolean).length > EASY_READ_MAX_WORDS);
}

describe.each(BUILT_IN_SURVEYS.map((s) => [s.id, s] as const))('built-in survey %s', (_id, s) => {
  it('passes the survey definition schema', () => {
    const result = surveyDefinitionSchema.safeParse(s);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('offers all five languages, with a wording in each for every text', () => {
    expect([...s.languages].sort()).toEqual([...SURVEY_LANGUAGES].sort());
    for (const [path, text] of texts(s))
      for (const language of SURVEY_LANGUAGES)
        expect(text[language]?.text, `${path} ${language}`).toBeTruthy();
  });

  it('marks every translation as needing review', () => {
    for (const [path, text] of texts(s))
      for (const language of SURVEY_LANGUAGES.filter((l) => l !== 'en'))
        expect(text[language]?.needsReview, `${path} ${language}`).toBe(true);
  });

  it('keeps every English easy-read sentence to 15 words or fewer', () => {
    for (const [path, text] of texts(s)) {
      const easyRead = text.en.easyRead;
      expect(easyRead, `${path} has easy-read words`).toBeTruthy();
      expect(longSentences(easyRead ?? ''), path).toEqual([]);
    }
  });

  it('gives every question and option a pictogram the app ships', () => {
    const shipped = Object.keys(PICTOGRAMS);
    for (const q of s.questions) {
      expect(shipped, `${s.id} ${q.id}`).toContain(q.pictogram);
      for (const o of q.options ?? [])
        expect(shipped, `${s.id} ${q.id} ${o.value}`).toContain(o.pictogram);
    }
  });

  it('writes Bengali in Bengali script and Urdu in Arabic script', () => {
    for (const [path, text] of texts(s)) {
      for (const words of [text.bn?.text, text.bn?.easyRead])
        expect(words, `${path} bn`).toMatch(BENGALI);
      for (const words of [text.ur?.text, text.ur?.easyRead])
        expect(words, `${path} ur`).toMatch(ARABIC);
    }
  });
});

describe('the FFT question', () => {
  it.each(['fft', 'ward-feedback'])('in %s uses the national English wording and answers', (id) => {
    const survey = BUILT_IN_SURVEYS.find((s) => s.id === id);
    const fft = survey?.questions.find((q) => q.type === 'fft');
    expect(fft?.text.en.text).toBe(FFT_QUESTION);
    expect(fft?.options?.map((o) => o.text.en.text)).toEqual(FFT_ANSWERS);
  });
});

describe('the easy-read sentence check', () => {
  it('catches a sentence over 15 words and passes one of 15', () => {
    expect(longSentences('One two three. ' + 'word '.repeat(16) + 'end?')).toHaveLength(1);
    expect(longSentences('How was our service? ' + 'word '.repeat(15))).toEqual([]);
  });
});
