import { Buffer, isUtf8 } from 'node:buffer';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type * as z from 'zod/mini';
import * as core from 'zod/v4/core';
import { en } from 'zod/v4/locales';
import { ApiError, apiError } from '../api-error';

// What a request or a pushed record got wrong is said in English words ("Too big: expected
// string to have <=64 characters"), on every thread that validates. `zod/mini` loads no
// messages of its own: without this, a check with none of ours answered "Invalid input" on a
// push thread, and in English only where something had happened to build a classic `zod` schema.
core.config(en());

/** Body limit for every API route except push, which has its own (`PUSH_LIMITS.maxBytes`). */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Refuses bodies over `maxBytes` with 413: at once from `Content-Length` when the client sent
 * one, otherwise while reading, before the whole body is in memory.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    apiError(
      c,
      413,
      'payload_too_large',
      `The request body is larger than the ${maxBytes} bytes this endpoint accepts.`,
    );
  const whileReading = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    // Decided without touching `c.req.raw.body` where Hono's bodyLimit would decide alike:
    // reading that property makes @hono/node-server wrap the socket in a web stream, where
    // the route could otherwise read the body straight from it (about 1 ms of CPU less per
    // 350 KB push). A GET or HEAD has no body; Node's parser delivers exactly Content-Length
    // bytes.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      await next();
      return;
    }
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxBytes) return tooLarge(c);
      await next();
      return;
    }
    return whileReading(c, next);
  };
}

/**
 * Insists on `Content-Type: application/json` (415 otherwise). Besides catching client bugs,
 * this is a CSRF defence: a cross-site HTML form cannot send that type without a CORS
 * preflight, which this server never grants.
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  const mediaType = type.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  await next();
};

/** One field at fault, as listed in a `validation_failed` error's details. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Path of a zod issue as the API names fields: `records.3.kind`; `''` for the whole value. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'symbol' ? (key.description ?? '') : String(key)))
    .join('.');
}

/**
 * Validates `value` and answers the parsed output, or throws 400 `validation_failed` naming
 * each field at fault. `what` names the whole value when the fault is not in one field.
 */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: fieldPath(issue.path) || what,
    message: issue.message,
  }));
  const first = problems[0]!;
  throw new ApiError(400, 'validation_failed', `${first.field}: ${first.message}`, problems);
}

/**
 * Decodes JSON text, which is UTF-8 (RFC 8259 §8.1); undefined when the bytes are not UTF-8.
 * Strict: a body with bytes that are not UTF-8 is refused, where the lenient decoding
 * `c.req.text()` does would have stored U+FFFD in place of what was typed and answered
 * `accepted`. A byte order mark at the start is dropped, as `TextDecoder` does.
 *
 * Checked first, then decoded: `TextDecoder` with `fatal` did both at once, but took 0.9 ms of
 * a 280 KB push, against 0.5 ms this way (BENCHMARKS.md, "Morning, 2026-12-08").
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads the whole request body (400 `invalid_body` if it cannot be read). */
export async function readBody(c: Context): Promise<Uint8Array> {
  try {
    return new Uint8Array(await c.req.arrayBuffer());
  } catch {
    throw new ApiError(400, 'invalid_body', 'The request body could not be read.');
  }
}

/**
 * Parses a JSON body (400 `invalid_json` if it is not JSON in UTF-8), then validates it. Needs
 * no request: the push route runs it on a thread of its own (`sync/push-reader.ts`).
 */
export function parseJson<S extends z.ZodMiniType>(bytes: Uint8Array, schema: S): z.output<S> {
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON: it is not UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, so it is not passed on.
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  return validate(schema, value, 'body');
}

/**
 * Reads and parses the JSON body (400 `invalid_json` if it is not JSON in UTF-8), then
 * validates it.
 */
export async function readJson<S extends z.ZodMiniType>(
  c: Context,
  schema: S,
): Promise<z.output<S>> {
  return parseJson(await readBody(c), schema);
}
