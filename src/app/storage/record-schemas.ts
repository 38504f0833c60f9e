/**
 * The record schemas, loaded on the first write or pull (a dynamic import), so zod stays off
 * the first-paint path. The same schemas validate on the server.
 */
export { eventSchema } from '../../shared/schemas/event.schema';
export { workshopNoteSchema } from '../../shared/schemas/note.schema';
export {
  surveyResponseSchema,
  equalityMonitoringSchema,
} from '../../shared/schemas/survey-response.schema';
export { signUpSchema } from '../../shared/schemas/sign-up.schema';
// What the server publishes to devices (pull).
export { isoTimestamp } from '../../shared/schemas/record.schema';
export { surveyDefinitionSchema } from '../../shared/schemas/survey.schema';
export { publishedOutcomeSchema } from '../../shared/schemas/outcome.schema';
