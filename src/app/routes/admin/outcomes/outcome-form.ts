/** The outcome editor's form: what is typed, and the OutcomeInput the server takes. */
import type { AdminOutcome, SurveyResults } from '../../../../shared/admin/admin-api';
import type { OutcomeInput } from '../../../../shared/schemas/outcome.schema';
import type { PictogramId } from '../../../../shared/survey/pictograms';
import { OUTCOME_LIMITS } from '../survey-builder/admin-schemas';
import type { IssueLike } from '../survey-builder/field-errors';
import { outcomeStrings } from './outcomes.i18n';

export interface OutcomeForm {
  youSaid: string;
  weDid: string;
  youSaidEasyRead: string;
  weDidEasyRead: string;
  pictogram: PictogramId | undefined;
  /** '' for none. */
  eventId: string;
  themeIds: string[];
  /** '' for none. */
  surveyId: string;
  evidenceIds: string[];
}

export function blankOutcome(): OutcomeForm {
  return {
    youSaid: '',
    weDid: '',
    youSaidEasyRead: '',
    weDidEasyRead: '',
    pictogram: undefined,
    eventId: '',
    themeIds: [],
    surveyId: '',
    evidenceIds: [],
  };
}

const list = (value: string | undefined) =>
  [...new Set((value ?? '').split(',').map((v) => v.trim()))].filter((v) => v !== '');

/** A new outcome from a link: `?event=…&theme=a,b&survey=…&evidence=id,id`. */
export function outcomeFromQuery(query: Record<string, string | undefined>): OutcomeForm {
  return {
    ...blankOutcome(),
    eventId: query.event?.trim() ?? '',
    themeIds: list(query.theme ?? query.themes),
    surveyId: query.survey?.trim() ?? '',
    evidenceIds: list(query.evidence),
  };
}

export function outcomeForm(outcome: AdminOutcome): OutcomeForm {
  return {
    youSaid: outcome.youSaid,
    weDid: outcome.weDid,
    youSaidEasyRead: outcome.youSaidEasyRead ?? '',
    weDidEasyRead: outcome.weDidEasyRead ?? '',
    pictogram: outcome.pictogram,
    eventId: outcome.eventId ?? '',
    themeIds: [...outcome.themeIds],
    surveyId: outcome.surveyId ?? '',
    evidenceIds: [...outcome.evidenceIds],
  };
}

/** What to send: empty optional texts and links left out. */
export function toOutcomeInput(form: OutcomeForm): OutcomeInput {
  const input: OutcomeInput = {
    youSaid: form.youSaid,
    weDid: form.weDid,
    themeIds: form.eventId === '' ? [] : [...form.themeIds],
    evidenceIds: [...form.evidenceIds],
  };
  if (form.youSaidEasyRead.trim() !== '') input.youSaidEasyRead = form.youSaidEasyRead;
  if (form.weDidEasyRead.trim() !== '') input.weDidEasyRead = form.weDidEasyRead;
  if (form.pictogram) input.pictogram = form.pictogram;
  if (form.eventId !== '') input.eventId = form.eventId;
  if (form.surveyId !== '') input.surveyId = form.surveyId;
  return input;
}

export const OUTCOME_FIELDS = [
  'youSaid',
  'weDid',
  'youSaidEasyRead',
  'weDidEasyRead',
  'pictogram',
  'eventId',
  'themeIds',
  'surveyId',
  'evidenceIds',
] as const;
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];

/** The field a problem at `path` belongs to (`evidenceIds.3` → `evidenceIds`), if any. */
export function outcomeFieldFor(path: readonly PropertyKey[] | string): OutcomeField | undefined {
  const head = (typeof path === 'string' ? path.split('.')[0] : String(path[0] ?? '')) ?? '';
  return OUTCOME_FIELDS.find((f) => f === head);
}

/** A zod issue about an outcome, in words. */
export function describeOutcomeIssue(issue: IssueLike): string {
  const { t } = outcomeStrings;
  const field = outcomeFieldFor(issue.path);
  if (issue.code === 'too_big') {
    if (field === 'themeIds') return t('errThemes', { max: OUTCOME_LIMITS.themes });
    if (field === 'evidenceIds' && issue.path.length === 1)
      return t('errEvidence', { max: OUTCOME_LIMITS.evidence });
    return t('errTooLong', { max: Number(issue.maximum ?? OUTCOME_LIMITS.text) });
  }
  if (issue.code === 'too_small' && field === 'youSaid') return t('errYouSaid');
  if (issue.code === 'too_small' && field === 'weDid') return t('errWeDid');
  if (field === 'eventId') return t('errEvent');
  if (field === 'surveyId') return t('errSurvey');
  return t('errGeneric');
}

/** A survey response's written answers, offered as evidence (its id is the response's). */
export interface EvidenceAnswer {
  responseId: string;
  at: string;
  location: string | null;
  /** Each written answer in it, with its question's words. */
  parts: { question: string; text: string }[];
}

/** The written answers of a survey's results, one entry per response, newest first. */
export function evidenceAnswers(results: SurveyResults): EvidenceAnswer[] {
  const byResponse = new Map<string, EvidenceAnswer>();
  for (const question of results.questions)
    for (const answer of question.freeText) {
      const found = byResponse.get(answer.responseId) ?? {
        responseId: answer.responseId,
        at: answer.at,
        location: answer.location,
        parts: [],
      };
      found.parts.push({ question: question.text, text: answer.text });
      byResponse.set(answer.responseId, found);
    }
  return [...byResponse.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
