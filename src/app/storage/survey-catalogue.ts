import type { SurveyDefinition } from '../../shared/schemas/survey.schema';

/** A survey this tablet can run, and where it came from. */
export interface AvailableSurvey {
  survey: SurveyDefinition;
  /** Published by the organisation (pulled from the server), rather than built in. */
  published: boolean;
}

/** The highest version of each survey id. */
export function newestPerId(surveys: Iterable<SurveyDefinition>): Map<string, SurveyDefinition> {
  const newest = new Map<string, SurveyDefinition>();
  for (const survey of surveys) {
    const seen = newest.get(survey.id);
    if (!seen || survey.version > seen.version) newest.set(survey.id, survey);
  }
  return newest;
}

/**
 * The surveys to offer: the built-in ones in their order, each replaced by the
 * organisation's published survey of the same id if there is one, then the other published
 * surveys by title.
 */
export function surveyCatalogue(
  builtIn: readonly SurveyDefinition[],
  published: Iterable<SurveyDefinition>,
): AvailableSurvey[] {
  const newest = newestPerId(published);
  const list: AvailableSurvey[] = builtIn.map((survey) => {
    const replacement = newest.get(survey.id);
    newest.delete(survey.id);
    return replacement ? { survey: replacement, published: true } : { survey, published: false };
  });
  const others = [...newest.values()].sort((a, b) =>
    a.title.en.text.localeCompare(b.title.en.text, 'en'),
  );
  return [...list, ...others.map((survey) => ({ survey, published: true }))];
}
