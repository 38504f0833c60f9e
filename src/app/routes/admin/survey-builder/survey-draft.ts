/**
 * The survey builder's model: a SurveyDefinition being edited, which may be incomplete while
 * it is typed (empty words, one option), made into the shape the server takes on save. Pure
 * functions, so the screen stays about the screen.
 */
import type {
  Localised,
  SurveyDefinition,
  SurveyOption,
  SurveyQuestion,
  Wording,
} from '../../../../shared/schemas/survey.schema';
import {
  FFT_OPTIONS,
  FFT_QUESTION_TEXT,
  SMILEY_5_OPTIONS,
  YES_NO_OPTIONS,
} from '../../../../shared/survey/builtin/common';
import { SURVEY_LANGUAGES, type LanguageCode } from '../../../../shared/survey/languages';
import type { PictogramId } from '../../../../shared/survey/pictograms';
import { FIXED_OPTION_VALUES, type QuestionType } from '../../../../shared/survey/survey-rules';

/** Where the builder's preview is: the first screen, a question (by id), or the end. */
export type PreviewAt = { kind: 'start' } | { kind: 'question'; id: string } | { kind: 'end' };

/** Question types whose answers are fixed: their words and pictures change, not the values. */
export function hasFixedOptions(type: QuestionType): boolean {
  return type === 'fft' || type === 'yes-no' || type === 'smiley';
}

export function blankWording(): Wording {
  return { text: '' };
}

export function blankText(): Localised {
  return { en: blankWording() };
}

export function blankSurvey(): SurveyDefinition {
  return {
    id: '',
    version: 1,
    title: blankText(),
    easyRead: false,
    languages: ['en'],
    questions: [],
    equalityMonitoring: false,
  };
}

/**
 * A short random id. Question ids and answer values are how results add up across versions,
 * so a new one must never reuse one that an earlier version had for something else.
 */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
    if (!used.has(id)) return id;
  }
}

/** A survey id from a title: lower-case words joined by dashes. */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

export function smileyOptions(faces: 3 | 5, current: readonly SurveyOption[] = []): SurveyOption[] {
  const values: readonly string[] =
    faces === 3 ? FIXED_OPTION_VALUES['smiley-3'] : FIXED_OPTION_VALUES['smiley-5'];
  return values.map((value) => {
    // Words already written for a face are kept when the number of faces changes.
    const kept = current.find((o) => o.value === value);
    return structuredClone(kept ?? SMILEY_5_OPTIONS.find((o) => o.value === value)!);
  });
}

export function newOption(
  existing: readonly SurveyOption[],
  pictogram: PictogramId = 'question',
): SurveyOption {
  return {
    value: freshId(
      'answer',
      existing.map((o) => o.value),
    ),
    text: blankText(),
    pictogram,
  };
}

/** A new question of a type, with the fixed answers (and the national FFT wording) filled in. */
export function newQuestion(type: QuestionType, taken: Iterable<string>): SurveyQuestion {
  const base = { id: freshId('q', taken), type, text: blankText(), required: false };
  switch (type) {
    case 'fft':
      return {
        ...base,
        text: structuredClone(FFT_QUESTION_TEXT),
        pictogram: 'hospital',
        required: true,
        options: structuredClone(FFT_OPTIONS),
      };
    case 'yes-no':
      return { ...base, pictogram: 'question', options: structuredClone(YES_NO_OPTIONS) };
    case 'smiley':
      return { ...base, pictogram: 'face-good', options: smileyOptions(5) };
    case 'single':
    case 'multiple': {
      const first = newOption([]);
      return { ...base, pictogram: 'question', options: [first, newOption([first])] };
    }
    case 'free-text':
      return { ...base, pictogram: 'writing' };
  }
}

/** Moves an item of an array in place; false when it is already at that end. */
export function moveItem(items: unknown[], from: number, to: number): boolean {
  if (to < 0 || to >= items.length || from === to) return false;
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item);
  return true;
}

function tidyText(text: Localised, offered: readonly LanguageCode[]): Localised {
  const out: Localised = { en: text.en };
  for (const language of SURVEY_LANGUAGES) {
    const wording = text[language];
    if (!wording) continue;
    const tidy: Wording = { text: wording.text };
    if (wording.easyRead !== undefined && wording.easyRead !== '') tidy.easyRead = wording.easyRead;
    if (wording.audio !== undefined) tidy.audio = wording.audio;
    if (wording.needsReview) tidy.needsReview = true;
    // Words for a language no longer offered are kept only if there are some.
    if (!offered.includes(language) && language !== 'en' && tidy.text.trim() === '') continue;
    out[language] = tidy;
  }
  return out;
}

function isBlank(text: Localised): boolean {
  return SURVEY_LANGUAGES.every(
    (l) => !text[l] || (text[l].text.trim() === '' && (text[l].easyRead ?? '').trim() === ''),
  );
}

/**
 * The definition to send, from a plain copy of what is being edited: empty easy-read boxes
 * dropped, an empty introduction left out, options only where the type has them.
 */
export function toDefinition(draft: SurveyDefinition): SurveyDefinition {
  const offered = draft.languages;
  const survey: SurveyDefinition = {
    id: draft.id,
    version: draft.version,
    title: tidyText(draft.title, offered),
    easyRead: draft.easyRead,
    // In the order the app lists them, English first.
    languages: SURVEY_LANGUAGES.filter((l) => l === 'en' || offered.includes(l)),
    questions: draft.questions.map((q) => {
      const question: SurveyQuestion = {
        id: q.id,
        type: q.type,
        text: tidyText(q.text, offered),
        pictogram: q.pictogram,
        required: q.required,
      };
      if (q.type !== 'free-text')
        question.options = (q.options ?? []).map((o) => ({
          value: o.value,
          text: tidyText(o.text, offered),
          pictogram: o.pictogram,
        }));
      if (q.showIf && q.showIf.questionId !== '')
        question.showIf = { questionId: q.showIf.questionId, anyOf: [...q.showIf.anyOf] };
      if (q.type === 'free-text' && q.maxLength !== undefined) question.maxLength = q.maxLength;
      return question;
    }),
    equalityMonitoring: draft.equalityMonitoring,
  };
  if (draft.intro && !isBlank(draft.intro)) survey.intro = tidyText(draft.intro, offered);
  return survey;
}
