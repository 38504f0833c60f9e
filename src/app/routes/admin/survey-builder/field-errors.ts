/**
 * Problems with a survey, each tied to the input that can put it right. Paths come from the
 * schema on this computer or from the server's 400 answer (`questions.0.text.en.easyRead`);
 * both are mapped to a field the builder shows, so the message sits beside that input.
 */
import {
  SURVEY_LANGUAGES,
  isLanguageCode,
  type LanguageCode,
} from '../../../../shared/survey/languages';
import { SURVEY_LIMITS } from '../../../../shared/survey/survey-rules';
import type { BuilderStringKey } from './builder.i18n';

export interface FieldError {
  /** The field's key: its dotted path in the definition, or '' for the survey as a whole. */
  key: string;
  message: string;
}

/** The parts of a zod issue the builder reads. */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  origin?: string | undefined;
  minimum?: number | bigint | undefined;
  maximum?: number | bigint | undefined;
}

type T = (key: BuilderStringKey, params?: Record<string, string | number>) => string;

const LANG = `(?:${SURVEY_LANGUAGES.join('|')})`;
const TEXT = String.raw`(?:title|intro|questions\.\d+\.text|questions\.\d+\.options\.\d+\.text)`;
/** Keys of the inputs the builder shows. */
const FIELDS = [
  /^id$/,
  /^languages$/,
  /^questions$/,
  new RegExp(`^${TEXT}\\.${LANG}\\.(?:text|easyRead)$`),
  /^questions\.\d+$/,
  /^questions\.\d+\.(?:pictogram|options|maxLength|showIf\.questionId|showIf\.anyOf)$/,
  /^questions\.\d+\.options\.\d+\.pictogram$/,
];
const MISSING_LANGUAGE = new RegExp(`^${TEXT}\\.${LANG}$`);

/** The key of the input a problem at `path` belongs beside ('' when none fits). */
export function fieldKeyFor(path: readonly PropertyKey[] | string): string {
  let key = typeof path === 'string' ? path : path.map(String).join('.');
  // A missing wording belongs to that language's words; a clip has no input of its own.
  if (MISSING_LANGUAGE.test(key)) key += '.text';
  key = key.replace(/\.(?:audio|needsReview)$/, '.text').replace(/\.showIf$/, '.showIf.questionId');
  for (;;) {
    if (FIELDS.some((re) => re.test(key))) return key;
    const cut = key.lastIndexOf('.');
    if (cut < 0) return '';
    key = key.slice(0, cut);
  }
}

/** The element id of a field (`questions.0.text.en.easyRead` → `sb-questions-0-text-en-easyRead`). */
export function domId(key: string): string {
  return key === '' ? 'sb-form' : `sb-${key.replaceAll('.', '-')}`;
}

/** The language a field's words are in, if it is a wording. */
export function languageOf(key: string): LanguageCode | undefined {
  const m = new RegExp(`\\.(${LANG})\\.(?:text|easyRead)$`).exec(key);
  return m && isLanguageCode(m[1]) ? m[1] : undefined;
}

function languageName(t: T, code: string): string {
  return isLanguageCode(code) ? t(`lang.${code}`) : code;
}

/** What a person calls a field, for the error summary: "Question 2, Welsh easy read". */
export function fieldLabel(key: string, t: T): string {
  if (key === '') return t('fieldOther');
  if (key === 'id' || key === 'languages' || key === 'questions') return t(`field.${key}`);
  const parts = key.split('.');
  let what: string;
  let rest: string[];
  if (parts[0] === 'title' || parts[0] === 'intro') {
    what = t(`field.${parts[0]}`);
    rest = parts.slice(1);
  } else {
    const q = Number(parts[1]) + 1;
    if (parts[2] === 'options' && parts[3] !== undefined && /^\d+$/.test(parts[3])) {
      what = t('optionOf', { n: Number(parts[3]) + 1, q });
      rest = parts.slice(4);
    } else {
      what = t('questionLabel', { n: q });
      rest = parts.slice(2);
    }
  }
  if (rest[0] === 'text') rest = rest.slice(1);
  const [head, tail] = rest;
  if (head !== undefined && isLanguageCode(head))
    return t(tail === 'easyRead' ? 'fieldEasyRead' : 'fieldWords', {
      what,
      language: languageName(t, head),
    });
  if (head === 'options') return t('fieldOptions', { what });
  if (head === 'showIf') return t('fieldShowIf', { what });
  if (head === 'maxLength') return t('fieldMaxLength', { what });
  if (head === 'pictogram') return t('fieldPicture', { what });
  return what;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === '') return trimmed;
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** A zod issue in words a member of staff can act on. */
export function describeIssue(issue: IssueLike, t: T): FieldError {
  const path = issue.path.map(String);
  const key = fieldKeyFor(path);
  const last = path.at(-1) ?? '';
  const max = issue.maximum === undefined ? undefined : Number(issue.maximum);
  let message: string;
  switch (issue.code) {
    case 'too_small':
      message =
        issue.origin === 'string'
          ? t('errWords')
          : key === 'questions'
            ? t('errNoQuestions')
            : key.endsWith('.options')
              ? t('errTwoOptions')
              : key.endsWith('.showIf.anyOf')
                ? t('errShowIfAnswers')
                : key.endsWith('.maxLength')
                  ? t('errMaxLength', { max: SURVEY_LIMITS.freeText })
                  : t('errGeneric');
      break;
    case 'too_big':
      message =
        issue.origin === 'string'
          ? t('errTooLong', { max: max ?? SURVEY_LIMITS.text })
          : key === 'questions'
            ? t('errTooManyQuestions', { max: max ?? SURVEY_LIMITS.questions })
            : key.endsWith('.options')
              ? t('errTooManyOptions', { max: max ?? SURVEY_LIMITS.options })
              : key.endsWith('.maxLength')
                ? t('errMaxLength', { max: SURVEY_LIMITS.freeText })
                : t('errGeneric');
      break;
    case 'invalid_format':
      message = key === 'id' ? t('errIdFormat') : t('errGeneric');
      break;
    case 'invalid_type':
      message = key.endsWith('.maxLength')
        ? t('errMaxLength', { max: SURVEY_LIMITS.freeText })
        : t('errGeneric');
      break;
    case 'custom':
      if (isLanguageCode(last)) message = t('errWordsIn', { language: languageName(t, last) });
      else if (last === 'easyRead') message = t('errEasyReadNeeded');
      else if (key.endsWith('.options') && /at least two/.test(issue.message))
        message = t('errTwoOptions');
      else if (key.endsWith('.showIf.questionId')) message = t('errShowIfEarlier');
      else message = sentence(issue.message) || t('errGeneric');
      break;
    default:
      message = t('errGeneric');
  }
  return { key, message };
}
