import * as z from 'zod/mini';
import { RECORD_KINDS } from '../schemas/record.schema';

/**
 * The sync protocol between a device and the server (design.md, "Sync").
 *
 * Push: `POST /api/v1/sync/push`, `Authorization: Bearer <device token>`, a batch of
 * records. The server validates each with the schema for its kind and version, writes the
 * batch in one transaction idempotently, and answers per record. A device removes from its
 * outbox only what was answered `accepted` or `duplicate`.
 */
export const PUSH_LIMITS = {
  /**
   * Records in one push. Tablets start a pass at 1,000 and grow to this while the link is quick
   * (sync-engine.ts); about 1.5 MB of typical notes, within `maxBytes`.
   */
  maxRecords: 2000,
  /** Bytes in one push body. */
  maxBytes: 2 * 1024 * 1024,
} as const;

export const pushRecordSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  kind: z.string().check(z.minLength(1), z.maxLength(64)),
  schemaVersion: z.number().check(z.int(), z.gte(0)),
  data: z.unknown(),
});
export type PushRecord = z.infer<typeof pushRecordSchema>;

export const pushRequestSchema = z.object({
  records: z.array(pushRecordSchema).check(z.minLength(1), z.maxLength(PUSH_LIMITS.maxRecords)),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const PUSH_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const pushResultSchema = z.object({
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  /** For `rejected`: what is wrong, in words a person can act on. */
  reason: z.optional(z.string()),
  /** For `rejected` by validation: the path of the field at fault, e.g. `data.text`. */
  field: z.optional(z.string()),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * Pull: `GET /api/v1/sync/pull?since=<cursor>` returns what the server publishes to the
 * device's organisation after `cursor`, oldest first, from a monotonic server sequence.
 * Repeat with the returned cursor while `hasMore`.
 */
export const PULL_LIMIT = 500;

export const publishedChangeSchema = z.object({
  seq: z.number(),
  kind: z.string(),
  id: z.string(),
  data: z.unknown(),
});
export type PublishedChange = z.infer<typeof publishedChangeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(publishedChangeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  /**
   * The organisation's name as it is now (the lead may change it after a tablet enrolled),
   * for the tablet to name in its consent notice. Optional: older servers do not send it.
   */
  organisationName: z.optional(z.string()),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Every API error body (design.md, "Errors"). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Enrolment: a one-time code from an admin, exchanged for a device token shown once. */
export const enrolRequestSchema = z.object({
  code: z.string().check(z.trim(), z.minLength(4), z.maxLength(32)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  deviceId: z.string(),
  token: z.string(),
  organisationName: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export { RECORD_KINDS };
