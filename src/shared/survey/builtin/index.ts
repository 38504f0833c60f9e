import type { SurveyDefinition } from '../../schemas/survey.schema';
import { EASY_READ_SURVEY } from './easy-read.survey';
import { FFT_SURVEY } from './fft.survey';
import { WARD_SURVEY } from './ward.survey';

/** The surveys every Involve install has; surveys an admin publishes reach tablets by pull. */
export const BUILT_IN_SURVEYS: readonly SurveyDefinition[] = [
  FFT_SURVEY,
  WARD_SURVEY,
  EASY_READ_SURVEY,
];

/** A built-in survey at one version, or undefined. */
export function builtInSurvey(id: string, version: number): SurveyDefinition | undefined {
  return BUILT_IN_SURVEYS.find((s) => s.id === id && s.version === version);
}
