import { KIOSK_KEY } from '../routes/kiosk/kiosk-key';
import type { SettingsPort } from './settings';

/** The kiosk's current person's answers so far (a SessionDraft). */
export const KIOSK_DRAFT_KEY = 'kiosk-draft';

/** Answers so far to a survey handed over outside kiosk mode (a SessionDraft). */
export const surveyDraftKey = (surveyId: string): string => `survey-draft:${surveyId}`;

/** A survey at one version. */
export interface SurveyRef {
  surveyId: string;
  surveyVersion: number;
}

function isRef(value: unknown): value is SurveyRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    'surveyId' in value &&
    typeof value.surveyId === 'string' &&
    'surveyVersion' in value &&
    typeof value.surveyVersion === 'number'
  );
}

/**
 * The survey versions something on this tablet still refers to: the running kiosk, the
 * kiosk's draft, and the draft of each of `surveyIds`. Older published versions are kept
 * while one of these names them, so a draft can always be finished or saved.
 */
export async function surveysInUse(
  settings: SettingsPort,
  surveyIds: Iterable<string>,
): Promise<SurveyRef[]> {
  const keys = [KIOSK_KEY, KIOSK_DRAFT_KEY, ...[...new Set(surveyIds)].map(surveyDraftKey)];
  const values = await Promise.all(keys.map((key) => settings.get(key).catch(() => undefined)));
  return values.filter(isRef).map(({ surveyId, surveyVersion }) => ({ surveyId, surveyVersion }));
}
