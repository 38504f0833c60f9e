import type { Answer, SurveyResponse } from '../schemas/survey-response.schema';
import type { SurveyDefinition, SurveyQuestion } from '../schemas/survey.schema';
import { emptyFftCounts, fftScores, tallyFft, type FftCounts, type FftScores } from '../survey/fft';
import { SURVEY_LANGUAGES, type LanguageCode } from '../survey/languages';
import {
  ANSWERED_BY,
  PRESENTATIONS,
  type AnsweredBy,
  type Presentation,
  type QuestionType,
} from '../survey/survey-rules';

/** Which responses a results page covers. A month is a calendar month in UK time, `YYYY-MM`. */
export interface ResultsFilter {
  location?: string | undefined;
  month?: string | undefined;
}

/** FFT scores for one location (null: responses with no location) in one month. */
export interface FftPeriod {
  location: string | null;
  month: string;
  counts: FftCounts;
  scores: FftScores;
}

export interface ChoiceCount {
  value: string;
  /** English wording of the option, from the newest version that has it. */
  label: string;
  count: number;
}

export interface FreeTextAnswer {
  responseId: string;
  text: string;
  /** When the response was made. */
  at: string;
  location: string | null;
}

export interface QuestionResult {
  questionId: string;
  type: QuestionType;
  /** English wording, from the newest version that has the question. */
  text: string;
  /** Responses that answered it ("don't know" included). */
  answered: number;
  dontKnow: number;
  /** Choice counts in the option order; empty for free text. */
  choices: ChoiceCount[];
  /**
   * Free-text answers, newest first (at most the fold's `freeTextLimit`, see
   * {@link SurveyResultsFold}); empty for other types.
   */
  freeText: FreeTextAnswer[];
  /** How many free-text answers the filter covers, listed or not. */
  freeTextCount: number;
  /** Where the next older answers start ({@link freeTextCursor}), or null if all are listed. */
  freeTextNext: string | null;
}

/** Responses with one value of something about how they were given. */
export interface BreakdownCount<V extends string> {
  value: V;
  count: number;
}

/** A response that does not say who gave the answers (the question was not reached). */
export const ANSWERED_BY_NOT_RECORDED = 'not-recorded';

/**
 * How the responses were given, each list adding up to the responses the filter covers: who
 * gave the answers (in {@link ANSWERED_BY} order, then not recorded), the language, standard
 * or easy read. Every value is listed, a zero included, so a table always has the same rows.
 */
export interface ResponseBreakdown {
  answeredBy: BreakdownCount<AnsweredBy | typeof ANSWERED_BY_NOT_RECORDED>[];
  language: BreakdownCount<LanguageCode>[];
  presentation: BreakdownCount<Presentation>[];
}

export interface SurveyResults {
  surveyId: string;
  title: string;
  filter: ResultsFilter;
  total: number;
  complete: number;
  partial: number;
  /** Who gave the answers, in which language, standard or easy read. */
  breakdown: ResponseBreakdown;
  /** Every location and month the survey has responses for, before filtering. */
  locations: string[];
  months: string[];
  /** FFT per location and month, newest month first; empty if the survey has no FFT question. */
  fft: FftPeriod[];
  /** FFT over everything the filter covers; undefined if the survey has no FFT question. */
  fftOverall: { counts: FftCounts; scores: FftScores } | undefined;
  questions: QuestionResult[];
}

/** NHS England reports the FFT by calendar month; a ward's month is the UK's, not UTC's. */
const UK_MONTH = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
});

/** `YYYY-MM` of an instant, in UK time. */
export function ukMonthOf(iso: string): string {
  const parts = UK_MONTH.formatToParts(new Date(iso));
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '00';
  return `${year}-${month}`;
}

/** The questions across versions, newest wording first; questions later dropped come last. */
function questionsAcross(versions: readonly SurveyDefinition[]): SurveyQuestion[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const byId = new Map<string, SurveyQuestion>();
  for (const version of newestFirst)
    for (const question of version.questions)
      if (!byId.has(question.id)) byId.set(question.id, question);
  return [...byId.values()];
}

/** Option labels per question across versions, newest wording winning. */
function optionLabels(
  versions: readonly SurveyDefinition[],
  questionId: string,
): { value: string; label: string }[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const seen = new Map<string, string>();
  for (const version of newestFirst) {
    const question = version.questions.find((q) => q.id === questionId);
    for (const option of question?.options ?? [])
      if (!seen.has(option.value)) seen.set(option.value, option.text.en.text);
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

function choicesOf(answer: Answer): readonly string[] {
  if ('choice' in answer) return [answer.choice];
  if ('choices' in answer) return answer.choices;
  return [];
}

/** A free-text answer's place in newest-first order: its response's time, then its id. */
export interface FreeTextPosition {
  /** `createdAt` of the response, in milliseconds. */
  time: number;
  responseId: string;
}

/** Whether `a` comes before `b` newest first: later, or at the same time the larger id. */
function newerThan(a: FreeTextPosition, b: FreeTextPosition): boolean {
  return a.time !== b.time ? a.time > b.time : a.responseId > b.responseId;
}

const positionOf = (answer: FreeTextAnswer): FreeTextPosition => ({
  time: Date.parse(answer.at),
  responseId: answer.responseId,
});

/**
 * The cursor for the answers older than `answer`: `<milliseconds>_<response id>`. Sent back
 * as `?after=` to `/surveys/:id/free-text`, which reads it with {@link parseFreeTextCursor}.
 */
export function freeTextCursor(answer: FreeTextAnswer): string {
  const { time, responseId } = positionOf(answer);
  return `${time}_${responseId}`;
}

/** The position a {@link freeTextCursor} names, or undefined if `text` is not one. */
export function parseFreeTextCursor(text: string): FreeTextPosition | undefined {
  const match = /^(\d{1,15})_([\w-]{1,64})$/.exec(text);
  return match ? { time: Number(match[1]), responseId: match[2]! } : undefined;
}

/**
 * The newest `limit` free-text answers older than `after`, kept while answers arrive in any
 * order: memory is `limit` answers, however many go past. Also counts every answer it saw.
 */
class NewestAnswers {
  readonly kept: FreeTextAnswer[] = [];
  /** Whether an answer beyond the `limit` kept was seen (older than `after`). */
  more = false;
  count = 0;

  constructor(
    private readonly limit: number,
    private readonly after?: FreeTextPosition,
  ) {}

  add(answer: FreeTextAnswer): void {
    this.count++;
    const position = positionOf(answer);
    if (this.after !== undefined && !newerThan(this.after, position)) return;
    // Binary search for its place among those kept, newest first.
    let lo = 0;
    let hi = this.kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newerThan(positionOf(this.kept[mid]!), position)) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.limit) {
      this.more = true;
      return;
    }
    this.kept.splice(lo, 0, answer);
    if (this.kept.length > this.limit) {
      this.kept.pop();
      this.more = true;
    }
  }

  /** The answers kept, and the cursor after the last when older ones were left out. */
  page(): { answers: FreeTextAnswer[]; next: string | null } {
    const last = this.kept.at(-1);
    return {
      answers: [...this.kept],
      next: this.more && last !== undefined ? freeTextCursor(last) : null,
    };
  }
}

/** Whether a live response falls within the filter; `month` is its UK month. */
function inFilter(filter: ResultsFilter, response: SurveyResponse, month: string): boolean {
  return (
    (filter.location === undefined || response.location === filter.location) &&
    (filter.month === undefined || month === filter.month)
  );
}

const answerTo = (r: SurveyResponse, questionId: string) =>
  r.answers.find((a) => a.questionId === questionId);

function freeTextOf(r: SurveyResponse, questionId: string): FreeTextAnswer | undefined {
  const answer = answerTo(r, questionId);
  return answer && 'text' in answer
    ? { responseId: r.id, text: answer.text, at: r.createdAt, location: r.location ?? null }
    : undefined;
}

/** A count for each value, every value starting at zero (in the order given). */
function zeroCounts<V extends string>(values: readonly V[]): Map<V, number> {
  return new Map(values.map((value) => [value, 0]));
}

/** Adds one to a value's count. */
function countOne<V extends string>(counts: Map<V, number>, value: V): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

function countsOf<V extends string>(counts: ReadonlyMap<V, number>): BreakdownCount<V>[] {
  return [...counts].map(([value, count]) => ({ value, count }));
}

/** A question's counts as the fold keeps them. */
interface QuestionTally {
  question: SurveyQuestion;
  labels: { value: string; label: string }[];
  answered: number;
  dontKnow: number;
  counts: Map<string, number>;
  freeText: NewestAnswers;
}

/**
 * Results of one survey, folded one response at a time (`add`), so a server can read the
 * responses page by page and keep only counts, the filter lists and the newest free-text
 * answers: `result()` is what {@link summariseSurvey} answers for the same responses. The
 * order responses arrive in does not change the result.
 */
export class SurveyResultsFold {
  readonly #versions: readonly SurveyDefinition[];
  readonly #filter: ResultsFilter;
  readonly #fftQuestion: SurveyQuestion | undefined;
  readonly #questions: QuestionTally[];
  readonly #locations = new Set<string>();
  readonly #months = new Set<string>();
  readonly #periods = new Map<
    string,
    { location: string | null; month: string; counts: FftCounts }
  >();
  readonly #fftOverall = emptyFftCounts();
  readonly #answeredBy = zeroCounts([...ANSWERED_BY, ANSWERED_BY_NOT_RECORDED]);
  readonly #language = zeroCounts(SURVEY_LANGUAGES);
  readonly #presentation = zeroCounts(PRESENTATIONS);
  #surveyId: string | undefined;
  #total = 0;
  #complete = 0;
  #partial = 0;

  /**
   * @param options.freeTextLimit how many free-text answers per question the result lists
   *   (the newest); the rest are counted, and `freeTextNext` says where they start.
   */
  constructor(
    versions: readonly SurveyDefinition[],
    filter: ResultsFilter = {},
    options: { freeTextLimit?: number } = {},
  ) {
    this.#versions = versions;
    this.#filter = filter;
    const questions = questionsAcross(versions);
    this.#fftQuestion = questions.find((q) => q.type === 'fft');
    const limit = options.freeTextLimit ?? Infinity;
    this.#questions = questions.map((question) => {
      const labels = question.type === 'free-text' ? [] : optionLabels(versions, question.id);
      return {
        question,
        labels,
        answered: 0,
        dontKnow: 0,
        counts: new Map(labels.map((l) => [l.value, 0])),
        freeText: new NewestAnswers(limit),
      };
    });
  }

  add(r: SurveyResponse): void {
    this.#surveyId ??= r.surveyId;
    if (r.deletedAt !== undefined) return;
    const month = ukMonthOf(r.createdAt);
    if (r.location) this.#locations.add(r.location);
    this.#months.add(month);
    if (!inFilter(this.#filter, r, month)) return;
    this.#total++;
    if (r.status === 'complete') this.#complete++;
    if (r.status === 'partial') this.#partial++;
    countOne(this.#answeredBy, r.answeredBy ?? ANSWERED_BY_NOT_RECORDED);
    countOne(this.#language, r.language);
    countOne(this.#presentation, r.presentation);

    if (this.#fftQuestion) {
      const answer = answerTo(r, this.#fftQuestion.id);
      const choice = answer && 'choice' in answer ? answer.choice : undefined;
      tallyFft(this.#fftOverall, choice);
      if (choice !== undefined) {
        const location = r.location ?? null;
        const key = JSON.stringify([location, month]);
        let period = this.#periods.get(key);
        if (!period)
          this.#periods.set(key, (period = { location, month, counts: emptyFftCounts() }));
        tallyFft(period.counts, choice);
      }
    }

    for (const tally of this.#questions) {
      const answer = answerTo(r, tally.question.id);
      if (!answer) continue;
      tally.answered++;
      if ('dontKnow' in answer) tally.dontKnow++;
      else if ('text' in answer) tally.freeText.add(freeTextOf(r, tally.question.id)!);
      for (const value of choicesOf(answer))
        tally.counts.set(value, (tally.counts.get(value) ?? 0) + 1);
    }
  }

  result(): SurveyResults {
    const newest = [...this.#versions].sort((a, b) => b.version - a.version)[0];
    const fft = [...this.#periods.values()]
      .map(({ location, month, counts }) => ({
        location,
        month,
        counts,
        scores: fftScores(counts),
      }))
      .sort((a, b) =>
        a.month !== b.month
          ? b.month.localeCompare(a.month)
          : a.location === b.location
            ? 0
            : a.location === null
              ? 1
              : b.location === null
                ? -1
                : a.location.localeCompare(b.location),
      );
    const questions: QuestionResult[] = this.#questions.map((tally) => {
      const label = new Map(tally.labels.map((l) => [l.value, l.label]));
      const page = tally.freeText.page();
      return {
        questionId: tally.question.id,
        type: tally.question.type,
        text: tally.question.text.en.text,
        answered: tally.answered,
        dontKnow: tally.dontKnow,
        // Values no version offers any more still count, under their own value.
        choices: [...tally.counts].map(([value, count]) => ({
          value,
          label: label.get(value) ?? value,
          count,
        })),
        freeText: page.answers,
        freeTextCount: tally.freeText.count,
        freeTextNext: page.next,
      };
    });
    return {
      surveyId: newest?.id ?? this.#surveyId ?? '',
      title: newest?.title.en.text ?? '',
      filter: this.#filter,
      total: this.#total,
      complete: this.#complete,
      partial: this.#partial,
      breakdown: {
        answeredBy: countsOf(this.#answeredBy),
        language: countsOf(this.#language),
        presentation: countsOf(this.#presentation),
      },
      locations: [...this.#locations].sort(),
      months: [...this.#months].sort().reverse(),
      fft: this.#fftQuestion ? fft : [],
      fftOverall: this.#fftQuestion
        ? { counts: this.#fftOverall, scores: fftScores(this.#fftOverall) }
        : undefined,
      questions,
    };
  }
}

/**
 * Results of one survey across all its versions: totals (complete and partial), FFT scores
 * per location and UK calendar month, counts for each choice, and the free-text answers.
 * A question is counted by its id across versions, labelled with its newest wording.
 * Deleted responses are left out. The same as folding the responses with
 * {@link SurveyResultsFold} (every free-text answer listed, unless `freeTextLimit` says).
 */
export function summariseSurvey(
  versions: readonly SurveyDefinition[],
  responses: Iterable<SurveyResponse>,
  filter: ResultsFilter = {},
  options: { freeTextLimit?: number } = {},
): SurveyResults {
  const fold = new SurveyResultsFold(versions, filter, options);
  for (const response of responses) fold.add(response);
  return fold.result();
}

/**
 * The next page of free-text answers to one question, newest first, after the position a
 * {@link freeTextCursor} names: folded one response at a time like {@link SurveyResultsFold},
 * keeping `limit` answers however many responses go past.
 */
export class FreeTextPageFold {
  readonly #answers: NewestAnswers;

  constructor(
    private readonly questionId: string,
    private readonly filter: ResultsFilter,
    options: { after?: FreeTextPosition | undefined; limit: number },
  ) {
    this.#answers = new NewestAnswers(options.limit, options.after);
  }

  add(r: SurveyResponse): void {
    if (r.deletedAt !== undefined) return;
    if (!inFilter(this.filter, r, ukMonthOf(r.createdAt))) return;
    const answer = freeTextOf(r, this.questionId);
    if (answer) this.#answers.add(answer);
  }

  result(): { answers: FreeTextAnswer[]; next: string | null } {
    return this.#answers.page();
  }
}
