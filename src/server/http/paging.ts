import * as z from 'zod/mini';
import { ADMIN_PAGE_LIMITS } from '../../shared/admin/admin-api';

/**
 * Keyset paging for the admin lists (see admin-api.ts): `?limit=` and `?after=`, where `after`
 * is the `next` the page before answered. A page is read as "the rows after this key, in list
 * order", so page 1,000 costs what page 1 does and a row added meanwhile is neither skipped
 * nor repeated.
 */

/** `?limit=`: 1 to `max`, a whole number. */
export function pageLimit(max: number = ADMIN_PAGE_LIMITS.max) {
  const range = `must be between 1 and ${max}`;
  return z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number')),
      z.pipe(z.transform(Number), z.number().check(z.gte(1, range), z.lte(max, range))),
    ),
  );
}

/** `?after=` for lists in `seq` order: the last seq of the page before. */
export const afterSeq = z.optional(
  z.string().check(z.regex(/^\d{1,15}$/, 'must be a whole number')),
);

const NOT_A_CURSOR = 'is not a cursor from this list; start again from the first page';

/**
 * The cursor of a list whose order is not a single number: the sort key of the page's last
 * row, as base64url JSON. Opaque to clients, who send back what they were given.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** `?after=` holding an {@link encodeCursor} cursor whose key `key` checks. */
export function afterCursor<T>(key: z.ZodMiniType<T>) {
  return z.optional(
    z.pipe(
      z.string().check(z.maxLength(600), z.regex(/^[\w-]+$/, NOT_A_CURSOR)),
      z.transform((text, ctx) => {
        let decoded: unknown;
        try {
          decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
        } catch {
          decoded = undefined;
        }
        const parsed = key.safeParse(decoded);
        if (parsed.success) return parsed.data;
        ctx.issues.push({ code: 'custom', message: NOT_A_CURSOR, input: text });
        return z.NEVER;
      }),
    ),
  );
}
