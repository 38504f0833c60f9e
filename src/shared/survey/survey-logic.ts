/**
 * Pure survey logic shared by the runner on the tablet and the server's checks. zod-free:
 * the client imports it on the survey path.
 */
import type { Answer, SurveyResponse } from '../schemas/survey-response.schema';
import type {
  Localised,
  SurveyDefinition,
  SurveyQuestion,
  Wording,
} from '../schemas/survey.schema';
import { countChars } from '../rules';
import type { LanguageCode } from './languages';
import { SURVEY_LIMITS, type Presentation } from './survey-rules';

export type AnswerMap = ReadonlyMap<string, Answer>;

/** The values an answer chose (none for text or "don't know"). */
export function chosenValues(answer: Answer | undefined): readonly string[] {
  if (!answer) return [];
  if ('choice' in answer) return [answer.choice];
  if ('choices' in answer) return answer.choices;
  return [];
}

/** Whether `question` is asked, given the answers so far ("show only if"). */
export function isShown(question: SurveyQuestion, answers: AnswerMap): boolean {
  const rule = question.showIf;
  if (!rule) return true;
  const chosen = chosenValues(answers.get(rule.questionId));
  return chosen.some((v) => rule.anyOf.includes(v));
}

/**
 * The questions asked, in order, given the answers so far. A question whose condition
 * depends on a hidden question is hidden too, because hidden questions' answers are ignored.
 */
export function visibleQuestions(survey: SurveyDefinition, answers: AnswerMap): SurveyQuestion[] {
  const shown: SurveyQuestion[] = [];
  const live = new Map<string, Answer>();
  for (const q of survey.questions) {
    if (!isShown(q, live)) continue;
    shown.push(q);
    const answer = answers.get(q.id);
    if (answer) live.set(q.id, answer);
  }
  return shown;
}

/** The answers to keep: those to questions still asked, in survey order. */
export function answersToKeep(survey: SurveyDefinition, answers: AnswerMap): Answer[] {
  return visibleQuestions(survey, answers).flatMap((q) => {
    const a = answers.get(q.id);
    return a ? [a] : [];
  });
}

/** A wording in the language asked for, or English when the survey lacks that language. */
export function wordingIn(text: Localised, language: LanguageCode): Wording {
  return text[language] ?? text.en;
}

/** The words to show: easy-read where asked for and written, else standard. */
export function wordsFor(
  text: Localised,
  language: LanguageCode,
  presentation: Presentation,
): string {
  const wording = wordingIn(text, language);
  return presentation === 'easy-read' ? (wording.easyRead ?? wording.text) : wording.text;
}

export interface ResponseProblem {
  /** The field at fault, from the response's root (`answers.2.choice`). */
  field: string;
  reason: string;
}

function answerProblem(q: SurveyQuestion, answer: Answer): string | undefined {
  const values = new Set(q.options?.map((o) => o.value) ?? []);
  if ('dontKnow' in answer)
    return q.required
      ? `question '${q.id}' must be answered; "I don't know" is only offered on optional questions`
      : undefined;
  if (q.type === 'free-text') {
    if (!('text' in answer)) return `question '${q.id}' takes a written answer`;
    if (answer.text.trim() === '') return `the answer to '${q.id}' is blank; leave it out instead`;
    const max = q.maxLength ?? SURVEY_LIMITS.freeText;
    return countChars(answer.text) > max
      ? `the answer to '${q.id}' is longer than ${max} characters`
      : undefined;
  }
  if (q.type === 'multiple') {
    if (!('choices' in answer)) return `question '${q.id}' takes a list of choices`;
    if (answer.choices.length === 0) return `question '${q.id}' needs at least one choice`;
    if (new Set(answer.choices).size !== answer.choices.length)
      return `a choice is repeated in '${q.id}'`;
    const bad = answer.choices.find((v) => !values.has(v));
    return bad === undefined
      ? undefined
      : `'${bad}' is not one of the options of question '${q.id}'`;
  }
  if (!('choice' in answer)) return `question '${q.id}' takes one choice`;
  return values.has(answer.choice)
    ? undefined
    : `'${answer.choice}' is not one of the options of question '${q.id}'`;
}

function answerField(index: number, answer: Answer): string {
  const key =
    'choice' in answer
      ? 'choice'
      : 'choices' in answer
        ? 'choices'
        : 'text' in answer
          ? 'text'
          : 'dontKnow';
  return `answers.${index}.${key}`;
}

/**
 * Checks a response against the survey version it answered: every answer is to a question
 * that exists and is asked, with a value among its options; a complete response answers
 * every required question it was asked. Returns the first problem, or undefined.
 */
export function responseProblem(
  survey: SurveyDefinition,
  response: Pick<SurveyResponse, 'answers' | 'status' | 'language'>,
): ResponseProblem | undefined {
  if (!survey.languages.includes(response.language))
    return {
      field: 'language',
      reason: `survey '${survey.id}' is not offered in '${response.language}'`,
    };
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  const answers = new Map<string, Answer>();
  for (const [i, answer] of response.answers.entries()) {
    const q = byId.get(answer.questionId);
    if (!q)
      return {
        field: `answers.${i}.questionId`,
        reason: `survey '${survey.id}' version ${survey.version} has no question '${answer.questionId}'`,
      };
    if (answers.has(q.id))
      return { field: `answers.${i}.questionId`, reason: `question '${q.id}' is answered twice` };
    const problem = answerProblem(q, answer);
    if (problem) return { field: answerField(i, answer), reason: problem };
    answers.set(q.id, answer);
  }
  const shown = new Set(visibleQuestions(survey, answers).map((q) => q.id));
  for (const [i, answer] of response.answers.entries())
    if (!shown.has(answer.questionId))
      return {
        field: `answers.${i}.questionId`,
        reason: `question '${answer.questionId}' is not asked after the answers given`,
      };
  if (response.status === 'complete') {
    const missing = [...shown]
      .map((id) => byId.get(id)!)
      .find((q) => q.required && !answers.has(q.id));
    if (missing)
      return {
        field: 'answers',
        reason: `a complete response must answer question '${missing.id}'`,
      };
  } else if (response.answers.length === 0) {
    return { field: 'answers', reason: 'a partial response must have at least one answer' };
  }
  return undefined;
}
