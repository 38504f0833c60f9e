import { ukMonthOf, type ResultsFilter } from '../../shared/admin/survey-results';
import type { Answer, SurveyResponse } from '../../shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import { LANGUAGE_IN_ENGLISH } from '../csv/english-words';
import { csvDateTime, safeCsvStream } from '../csv/safe-csv';

const FIXED_COLUMNS = [
  'Response',
  'Created at (UTC)',
  'Location',
  'Status',
  'Language',
  'Presentation',
  'Answered by',
] as const;

const STATUS: Record<SurveyResponse['status'], string> = {
  complete: 'Complete',
  partial: 'Partial',
};

const PRESENTATION: Record<SurveyResponse['presentation'], string> = {
  standard: 'Standard',
  'easy-read': 'Easy read',
};

/** Who gave the answers; empty where the response does not say (it stopped before asking). */
const ANSWERED_BY: Record<NonNullable<SurveyResponse['answeredBy']>, string> = {
  alone: 'On their own',
  'with-help': 'With help',
  staff: 'Staff filled it in',
};

/** Whether a live response falls in the filter, as the results page decides (UK months). */
export function matchesFilter(response: SurveyResponse, filter: ResultsFilter): boolean {
  return (
    response.deletedAt === undefined &&
    (filter.location === undefined || response.location === filter.location) &&
    (filter.month === undefined || ukMonthOf(response.createdAt) === filter.month)
  );
}

/** English option labels per question across versions, the newest wording winning. */
function optionLabels(versions: readonly SurveyDefinition[]): Map<string, Map<string, string>> {
  const labels = new Map<string, Map<string, string>>();
  for (const version of [...versions].sort((a, b) => b.version - a.version)) {
    for (const question of version.questions) {
      const byValue = labels.get(question.id) ?? new Map<string, string>();
      for (const option of question.options ?? [])
        if (!byValue.has(option.value)) byValue.set(option.value, option.text.en.text);
      labels.set(question.id, byValue);
    }
  }
  return labels;
}

function cell(answer: Answer | undefined, labels: ReadonlyMap<string, string> | undefined): string {
  if (answer === undefined) return '';
  if ('dontKnow' in answer) return "Don't know";
  if ('text' in answer) return answer.text;
  const label = (value: string) => labels?.get(value) ?? value;
  if ('choice' in answer) return label(answer.choice);
  return answer.choices.map(label).join('; ');
}

/**
 * The responses of one survey as a spreadsheet: one row per live response in the filter,
 * oldest first (the pages come in that order: the database sorts them by time); the
 * response's id, time, location, status, language, presentation and who answered, then one column per
 * question of `columnsFrom` (the newest version), headed by its English words. Choices are
 * written as their English labels (from the newest version that has them). Formulas are
 * neutralised in every cell, typed answers and headings alike. Streamed: one page of
 * responses in memory at a time.
 */
export function responsesCsvStream(
  columnsFrom: SurveyDefinition,
  versions: readonly SurveyDefinition[],
  pages: AsyncIterable<readonly SurveyResponse[]>,
  filter: ResultsFilter,
): ReadableStream<Uint8Array> {
  const { fields, row } = responseColumns(columnsFrom, versions);
  return safeCsvStream(
    fields,
    (async function* () {
      for await (const page of pages)
        yield page.filter((response) => matchesFilter(response, filter)).map(row);
    })(),
  );
}

/** The headings, and a response's cells under them. */
function responseColumns(
  columnsFrom: SurveyDefinition,
  versions: readonly SurveyDefinition[],
): { fields: string[]; row: (response: SurveyResponse) => string[] } {
  const labels = optionLabels(versions);
  const questions = columnsFrom.questions;
  return {
    fields: [...FIXED_COLUMNS, ...questions.map((q) => q.text.en.text)],
    row: (response) => {
      const answers = new Map(response.answers.map((answer) => [answer.questionId, answer]));
      return [
        response.id,
        csvDateTime(response.createdAt),
        response.location ?? '',
        STATUS[response.status],
        LANGUAGE_IN_ENGLISH[response.language],
        PRESENTATION[response.presentation],
        response.answeredBy === undefined ? '' : ANSWERED_BY[response.answeredBy],
        ...questions.map((q) => cell(answers.get(q.id), labels.get(q.id))),
      ];
    },
  };
}
