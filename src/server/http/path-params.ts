import type { Context } from 'hono';
import { UUID_V7 } from '../../shared/ids';
import { ApiError } from '../api-error';

/** The shape of a survey id (surveyDefinitionSchema's `id`). */
export const SURVEY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** 404 with a sentence naming what was looked for. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `There is no ${what} with this id.`);
}

/**
 * A path parameter checked against the shape its ids have. Anything else cannot exist, so it
 * is answered 404 without asking the database (PostgreSQL would also refuse a NUL in it).
 */
export function idParam(c: Context, name: string, shape: RegExp, what: string): string {
  const value = c.req.param(name) ?? '';
  if (!shape.test(value)) throw notFound(what);
  return value;
}

/** A record id made by a device or the server (a UUIDv7) in the path. */
export function recordIdParam(c: Context, what: string): string {
  return idParam(c, 'id', UUID_V7, what);
}

/** A survey id in the path. */
export function surveyIdParam(c: Context): string {
  return idParam(c, 'id', SURVEY_ID, 'survey');
}
