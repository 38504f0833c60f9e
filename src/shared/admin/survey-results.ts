import type { Answer, SurveyResponse } from '../schemas/survey-response.schema';
import type { SurveyDefinition, SurveyQuestion } from '../schemas/survey.schema';
import { countFft, fftScores, type FftCounts, type FftScores } from '../survey/fft';
import type { QuestionType } from '../survey/survey-rules';

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
  /** Free-text answers, newest first; empty for other types. */
  freeText: FreeTextAnswer[];
}

export interface SurveyResults {
  surveyId: string;
  title: string;
  filter: ResultsFilter;
  total: number;
  complete: number;
  partial: number;
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

function byNewest(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) {
  const diff = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return diff !== 0 ? Math.sign(diff) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Results of one survey across all its versions: totals (complete and partial), FFT scores
 * per location and UK calendar month, counts for each choice, and the free-text answers.
 * A question is counted by its id across versions, labelled with its newest wording.
 * Deleted responses are left out.
 */
export function summariseSurvey(
  versions: readonly SurveyDefinition[],
  responses: readonly SurveyResponse[],
  filter: ResultsFilter = {},
): SurveyResults {
  const newest = [...versions].sort((a, b) => b.version - a.version)[0];
  const live = responses.filter((r) => r.deletedAt === undefined);
  const locations = [...new Set(live.flatMap((r) => (r.location ? [r.location] : [])))].sort();
  const monthOf = new Map(live.map((r) => [r.id, ukMonthOf(r.createdAt)]));
  const months = [...new Set(monthOf.values())].sort().reverse();
  const chosen = live
    .filter(
      (r) =>
        (filter.location === undefined || r.location === filter.location) &&
        (filter.month === undefined || monthOf.get(r.id) === filter.month),
    )
    .sort(byNewest);

  const questions = questionsAcross(versions);
  const fftQuestion = questions.find((q) => q.type === 'fft');
  const answerTo = (r: SurveyResponse, questionId: string) =>
    r.answers.find((a) => a.questionId === questionId);

  let fft: FftPeriod[] = [];
  let fftOverall: SurveyResults['fftOverall'];
  if (fftQuestion) {
    const fftChoice = (r: SurveyResponse) => {
      const answer = answerTo(r, fftQuestion.id);
      return answer && 'choice' in answer ? answer.choice : undefined;
    };
    const periods = new Map<
      string,
      { location: string | null; month: string; choices: string[] }
    >();
    for (const r of chosen) {
      const choice = fftChoice(r);
      if (choice === undefined) continue;
      const location = r.location ?? null;
      const month = monthOf.get(r.id)!;
      const key = JSON.stringify([location, month]);
      const period = periods.get(key) ?? { location, month, choices: [] };
      period.choices.push(choice);
      periods.set(key, period);
    }
    fft = [...periods.values()]
      .map(({ location, month, choices }) => {
        const counts = countFft(choices);
        return { location, month, counts, scores: fftScores(counts) };
      })
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
    const counts = countFft(chosen.map(fftChoice));
    fftOverall = { counts, scores: fftScores(counts) };
  }

  const results: QuestionResult[] = questions.map((question) => {
    const labels = question.type === 'free-text' ? [] : optionLabels(versions, question.id);
    const counts = new Map(labels.map((l) => [l.value, 0]));
    let answered = 0;
    let dontKnow = 0;
    const freeText: FreeTextAnswer[] = [];
    for (const r of chosen) {
      const answer = answerTo(r, question.id);
      if (!answer) continue;
      answered++;
      if ('dontKnow' in answer) dontKnow++;
      else if ('text' in answer)
        freeText.push({
          responseId: r.id,
          text: answer.text,
          at: r.createdAt,
          location: r.location ?? null,
        });
      for (const value of choicesOf(answer)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const label = new Map(labels.map((l) => [l.value, l.label]));
    return {
      questionId: question.id,
      type: question.type,
      text: question.text.en.text,
      answered,
      dontKnow,
      // Values no version offers any more still count, under their own value.
      choices: [...counts].map(([value, count]) => ({
        value,
        label: label.get(value) ?? value,
        count,
      })),
      freeText,
    };
  });

  return {
    surveyId: newest?.id ?? responses[0]?.surveyId ?? '',
    title: newest?.title.en.text ?? '',
    filter,
    total: chosen.length,
    complete: chosen.filter((r) => r.status === 'complete').length,
    partial: chosen.filter((r) => r.status === 'partial').length,
    locations,
    months,
    fft,
    fftOverall,
    questions: results,
  };
}
