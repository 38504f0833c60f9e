import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The body of every API error: `{ "error": { "code", "message", "details"? } }`.
 * `code` is stable and machine-readable; `message` is for developers, not end users (the client
 * turns codes into sentences a facilitator understands).
 */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}

/** Machine-readable codes for the statuses the server answers with. */
const codeByStatus: Partial<Record<ContentfulStatusCode, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'unavailable',
};

/** The default `code` for a status, for errors raised without a more specific one. */
export function codeForStatus(status: ContentfulStatusCode): string {
  return codeByStatus[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

/** Answers with the API error shape. Pass `details` only when it is safe to show the caller. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
): Response {
  const body: ApiErrorBody = {
    error: details === undefined ? { code, message } : { code, message, details },
  };
  return c.json(body, status);
}

/**
 * Thrown by handlers and middleware to answer with the API error shape; `onError` in app.ts
 * turns it into the response. Lets helpers such as `readJson` stop a request from deep inside.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Safe to show the caller; never request secrets or respondents' text. */
    readonly details?: unknown,
    /** Extra response headers, such as `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
