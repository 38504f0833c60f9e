import type {
  AdminSurveyDetail,
  AdminSurveySummary,
  AdminSurveyVersion,
} from '../../../../../src/shared/admin/admin-api';
import type { SurveyDefinition } from '../../../../../src/shared/schemas/survey.schema';
import { makeSurvey } from '../../../../fixtures/survey.factory';

const at = '2026-11-21T10:00:00.000Z';

/** A version row: the definition's version, a draft unless said otherwise. */
export function makeVersion(overrides: Partial<AdminSurveyVersion> = {}): AdminSurveyVersion {
  return {
    version: 1,
    status: 'draft',
    publishedAt: null,
    updatedAt: at,
    responseCount: 0,
    ...overrides,
  };
}

/**
 * What `GET /surveys/:id` answers: `definition` (makeSurvey() unless given) as the newest
 * version, with `latest` matching it.
 */
export function makeSurveyDetail(
  options: {
    definition?: SurveyDefinition;
    status?: 'draft' | 'published';
    publishedVersion?: number | null;
    builtIn?: boolean;
  } = {},
): AdminSurveyDetail {
  const definition = options.definition ?? makeSurvey();
  const status = options.status ?? 'draft';
  const latest = makeVersion({
    version: definition.version,
    status,
    publishedAt: status === 'published' ? at : null,
  });
  const publishedVersion =
    options.publishedVersion !== undefined
      ? options.publishedVersion
      : status === 'published'
        ? definition.version
        : null;
  return {
    id: definition.id,
    title: definition.title.en.text,
    builtIn: options.builtIn ?? false,
    latest,
    publishedVersion,
    responseCount: 0,
    definition,
    versions: [latest],
    locations: [],
  };
}

export function makeSurveySummary(overrides: Partial<AdminSurveySummary> = {}): AdminSurveySummary {
  return {
    id: 'ward-feedback',
    title: 'Ward feedback',
    builtIn: false,
    latest: makeVersion(),
    publishedVersion: null,
    responseCount: 0,
    ...overrides,
  };
}
