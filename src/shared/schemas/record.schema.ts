import * as z from 'zod/mini';
import { UUID_V7 } from '../ids';

/** A client-made UUIDv7. */
export const recordId = z.string().check(z.regex(UUID_V7, 'must be a UUIDv7'));

/** An ISO 8601 timestamp in UTC, as made by `new Date().toISOString()`. */
export const isoTimestamp = z.iso.datetime();

/**
 * Fields every synced record carries. Deletion is a tombstone (`deletedAt`), never a
 * missing row, so a delete can travel through the outbox like any other change.
 */
export const recordBase = {
  id: recordId,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  deviceId: z.string().check(z.minLength(1), z.maxLength(64)),
  deletedAt: z.optional(isoTimestamp),
};

/** Every record kind that travels through the outbox. */
export const RECORD_KINDS = [
  'event',
  'workshop-note',
  'survey-response',
  'equality-monitoring',
  'sign-up',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
