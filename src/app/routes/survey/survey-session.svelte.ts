import type { Answer, EqualityMonitoring } from '../../../shared/schemas/survey-response.schema';
import type { SurveyDefinition, SurveyQuestion } from '../../../shared/schemas/survey.schema';
import type { EqualityCategory } from '../../../shared/survey/equality';
import { EQUALITY_CATEGORY_IDS } from '../../../shared/survey/equality';
import type { LanguageCode } from '../../../shared/survey/languages';
import { answersToKeep, visibleQuestions } from '../../../shared/survey/survey-logic';
import type { AnsweredBy, Presentation } from '../../../shared/survey/survey-rules';
import type { ResponseInput } from '../../storage/survey-store';
import { uuidv7 } from '../../../shared/ids';

export type Step =
  | { kind: 'start' }
  | { kind: 'question'; questionId: string }
  | { kind: 'who' }
  | { kind: 'review' }
  | { kind: 'equality-ask' }
  | { kind: 'equality'; category: EqualityCategory }
  | { kind: 'thanks' };

/** A person's answers so far, kept on the tablet so a reload or a crash loses nothing. */
export interface SessionDraft {
  responseId: string;
  surveyId: string;
  surveyVersion: number;
  language: LanguageCode;
  presentation: Presentation;
  answers: Record<string, Answer>;
  answeredBy?: AnsweredBy | undefined;
  step: Step;
}

/** Where the survey is being answered, recorded with the response. */
export interface SessionContext {
  kiosk: boolean;
  location?: string | undefined;
  eventId?: string | undefined;
}

/**
 * One person answering one survey: the answers so far and where they are. The runner shows
 * it; a kiosk makes a new one for each person, so nothing of the last one survives.
 */
export class SurveySession {
  step = $state<Step>({ kind: 'start' });
  answers = $state<Record<string, Answer>>({});
  answeredBy = $state<AnsweredBy | undefined>();
  language = $state<LanguageCode>('en');
  presentation = $state<Presentation>('standard');
  equality = $state<EqualityMonitoring['answers']>({});
  /** Set once the answers are saved: from then on there is nothing to lose. */
  submitted = $state(false);
  /** The response's id, made now: a response saved twice (a crash between) is stored once. */
  responseId = uuidv7();
  /**
   * Set by "Change" on the review: the questions asked by then. "Next" then goes back to the
   * review, asking on the way only questions the changed answer brings in.
   */
  #changing: readonly string[] | undefined;

  constructor(
    readonly survey: SurveyDefinition,
    readonly context: SessionContext,
    options: { language?: LanguageCode | undefined; presentation?: Presentation | undefined } = {},
  ) {
    this.language = options.language ?? 'en';
    this.presentation = options.presentation ?? (survey.easyRead ? 'easy-read' : 'standard');
  }

  get answerMap(): ReadonlyMap<string, Answer> {
    // A snapshot for the pure survey logic, never mutated.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return new Map(Object.entries(this.answers));
  }

  /** The questions this person is asked, given their answers so far. */
  get questions(): SurveyQuestion[] {
    return visibleQuestions(this.survey, this.answerMap);
  }

  get current(): SurveyQuestion | undefined {
    const step = this.step;
    return step.kind === 'question'
      ? this.survey.questions.find((q) => q.id === step.questionId)
      : undefined;
  }

  /** 1-based position of the current question among those asked, and how many there are. */
  get position(): { n: number; total: number } {
    const questions = this.questions;
    const index = questions.findIndex((q) => q.id === this.current?.id);
    return { n: index + 1, total: questions.length };
  }

  /** Any answer given (kept answers only): a kiosk keeps a timed-out response only then. */
  get hasAnswers(): boolean {
    return answersToKeep(this.survey, this.answerMap).length > 0;
  }

  setAnswer(questionId: string, answer: Answer | undefined): void {
    const { [questionId]: _old, ...rest } = this.answers;
    this.answers = answer ? { ...rest, [questionId]: answer } : rest;
  }

  begin(): void {
    const first = this.questions[0];
    this.step = first ? { kind: 'question', questionId: first.id } : { kind: 'who' };
  }

  /** From a question to the next one asked, or on to "who answered". */
  next(): void {
    const step = this.step;
    if (step.kind === 'question') {
      const questions = this.questions;
      const index = questions.findIndex((q) => q.id === step.questionId);
      const changing = this.#changing;
      const later = questions.slice(index + 1);
      const following = changing ? later.find((q) => !changing.includes(q.id)) : later[0];
      if (following) {
        this.step = { kind: 'question', questionId: following.id };
      } else {
        this.step = changing ? { kind: 'review' } : { kind: 'who' };
        this.#changing = undefined;
      }
    } else if (step.kind === 'who') {
      this.step = { kind: 'review' };
    } else if (step.kind === 'equality') {
      const index = EQUALITY_CATEGORY_IDS.indexOf(step.category);
      const following = EQUALITY_CATEGORY_IDS[index + 1];
      this.step = following ? { kind: 'equality', category: following } : { kind: 'thanks' };
    }
  }

  back(): void {
    // Walking back leaves "Change": Back then Next is where the person was.
    this.#changing = undefined;
    const step = this.step;
    const questions = this.questions;
    if (step.kind === 'question') {
      const index = questions.findIndex((q) => q.id === step.questionId);
      const previous = questions[index - 1];
      this.step = previous ? { kind: 'question', questionId: previous.id } : { kind: 'start' };
    } else if (step.kind === 'who') {
      const last = questions.at(-1);
      this.step = last ? { kind: 'question', questionId: last.id } : { kind: 'start' };
    } else if (step.kind === 'review') {
      this.step = { kind: 'who' };
    } else if (step.kind === 'equality') {
      const index = EQUALITY_CATEGORY_IDS.indexOf(step.category);
      const previous = EQUALITY_CATEGORY_IDS[index - 1];
      this.step = previous ? { kind: 'equality', category: previous } : { kind: 'equality-ask' };
    }
  }

  /** "Change" on the review: to that question, and back to the review after it. */
  goTo(questionId: string): void {
    this.#changing = this.questions.map((q) => q.id);
    this.step = { kind: 'question', questionId };
  }

  /** What to keep while the person is answering (plain data, for IndexedDB). */
  toDraft(): SessionDraft {
    return $state.snapshot({
      responseId: this.responseId,
      surveyId: this.survey.id,
      surveyVersion: this.survey.version,
      language: this.language,
      presentation: this.presentation,
      answers: this.answers,
      answeredBy: this.answeredBy,
      step: this.step,
    });
  }

  /** Picks up a kept draft of this survey version; false if it is of another survey. */
  restore(draft: SessionDraft): boolean {
    if (draft.surveyId !== this.survey.id || draft.surveyVersion !== this.survey.version)
      return false;
    this.responseId = draft.responseId;
    this.language = draft.language;
    this.presentation = draft.presentation;
    this.answers = draft.answers;
    this.answeredBy = draft.answeredBy;
    const step = draft.step;
    const known =
      step.kind === 'start' ||
      step.kind === 'who' ||
      step.kind === 'review' ||
      (step.kind === 'question' && this.questions.some((q) => q.id === step.questionId));
    this.step = known ? step : { kind: 'review' };
    return true;
  }

  /** The response as it stands, to save: only answers to questions still asked. */
  toResponse(status: 'complete' | 'partial'): ResponseInput {
    return {
      id: this.responseId,
      surveyId: this.survey.id,
      surveyVersion: this.survey.version,
      language: this.language,
      presentation: this.presentation,
      location: this.context.location,
      eventId: this.context.eventId,
      kiosk: this.context.kiosk,
      answeredBy: this.answeredBy,
      status,
      answers: answersToKeep(this.survey, this.answerMap),
    };
  }
}
