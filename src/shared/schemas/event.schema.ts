import * as z from 'zod/mini';
import { EVENT_LIMITS, EVENT_SCHEMA_VERSION } from '../rules';
import { recordBase } from './record.schema';

/** A theme in play at one event. Default themes keep their stable ids; added ones get a UUIDv7. */
export const themeSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(EVENT_LIMITS.themeName)),
});
export type Theme = z.infer<typeof themeSchema>;

/** An engagement event: where and when a workshop happens, and which themes it asks about. */
export const eventSchema = z.object({
  ...recordBase,
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(EVENT_LIMITS.title)),
  /** Local calendar date, YYYY-MM-DD. */
  date: z.iso.date(),
  place: z.string().check(z.trim(), z.maxLength(EVENT_LIMITS.place)),
  themes: z.array(themeSchema).check(z.minLength(1), z.maxLength(EVENT_LIMITS.themes)),
  /** Table or group labels, when several tables work at once. */
  groups: z
    .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(EVENT_LIMITS.group)))
    .check(z.maxLength(EVENT_LIMITS.groups)),
  archivedAt: z.optional(z.iso.datetime()),
});
export type WorkshopEvent = z.infer<typeof eventSchema>;
