import type { SurveyDefinition } from '../../../../shared/schemas/survey.schema';
import { surveyAuthoringSchema } from './admin-schemas';
import { builderStrings } from './builder.i18n';
import { describeIssue, fieldKeyFor, type FieldError } from './field-errors';

/** Every problem the schema finds in a definition about to be saved, beside its field. */
export function validateSurvey(survey: SurveyDefinition): FieldError[] {
  const result = surveyAuthoringSchema.safeParse(survey);
  if (result.success) return [];
  return dedupe(result.error.issues.map((issue) => describeIssue(issue, builderStrings.t)));
}

/** The server's field problems (a 400), each beside the field it names. */
export function serverFieldErrors(fields: readonly { field: string; message: string }[]) {
  return dedupe(fields.map((f) => ({ key: fieldKeyFor(f.field), message: f.message })));
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.key}\n${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
