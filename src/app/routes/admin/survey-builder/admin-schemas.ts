/**
 * The record schemas the admin console checks its forms with, the same ones the server uses.
 * The console is its own chunk, opened online at a desk, so zod loads with it and never on a
 * tablet's survey or capture path.
 */
/* eslint-disable @typescript-eslint/no-restricted-imports -- the admin chunk may load zod (see above) */
export { surveyAuthoringSchema } from '../../../../shared/schemas/survey.schema';
export { OUTCOME_LIMITS, outcomeInputSchema } from '../../../../shared/schemas/outcome.schema';
/* eslint-enable @typescript-eslint/no-restricted-imports */
export { jargonListSchema } from '../../../../shared/admin/admin-api';
