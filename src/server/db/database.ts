import type { Generated } from 'kysely';
import type { SignUpAuditEntry } from '../../shared/admin/admin-api';

/**
 * Table types for Kysely. Column conventions, chosen so one set of queries runs on SQLite and
 * PostgreSQL alike: timestamps are ISO 8601 TEXT in UTC (`Date#toISOString`, fixed width, so
 * text order is time order), JSON is TEXT, and there are no booleans (a nullable timestamp
 * says when something happened instead).
 */
export interface Database {
  organisations: OrganisationsTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  enrolment_codes: EnrolmentCodesTable;
  devices: DevicesTable;
  records: RecordsTable;
  published: PublishedTable;
  counters: CountersTable;
  sign_ups: SignUpsTable;
  sign_up_audit: SignUpAuditTable;
  sign_up_erasures: SignUpErasuresTable;
  survey_versions: SurveyVersionsTable;
  outcomes: OutcomesTable;
  event_publications: EventPublicationsTable;
  organisation_settings: OrganisationSettingsTable;
  rate_limits: RateLimitsTable;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface AdminsTable {
  id: string;
  organisation_id: string;
  /** Lower-cased; unique. */
  email: string;
  /** `scrypt$N$r$p$salt$hash`, see auth/passwords.ts. */
  password_hash: string;
  created_at: string;
}

export interface AdminSessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id_hash: string;
  admin_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface EnrolmentCodesTable {
  /** SHA-256 of the normalised code. */
  code_hash: string;
  organisation_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The device that used the code. */
  device_id: string | null;
}

export interface DevicesTable {
  id: string;
  organisation_id: string;
  name: string;
  /** SHA-256 of the bearer token; the token itself is shown once, at enrolment. */
  token_hash: string;
  app_version: string | null;
  /** Unsent changes the device reported on its last push, for the admin's device list. */
  outbox_count: number | null;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

export interface RecordsTable {
  /** Server order of first arrival; keyset paging for admins. */
  seq: Generated<number>;
  /** The client-made UUIDv7. */
  id: string;
  organisation_id: string;
  kind: string;
  schema_version: number;
  /** The event the record belongs to (an event's own id for events). */
  event_id: string;
  /** The server's id of the device that pushed the stored version. */
  device_id: string;
  /** The validated record, as JSON. */
  data: string;
  /** The record's `updatedAt`, normalised to `toISOString` form so text order is time order. */
  record_updated_at: string;
  received_at: string;
  /** What the record answers: a survey response's survey id; '' for kinds that answer nothing. */
  subject_id: Generated<string>;
  /** The day the record is about: an event's `date` (YYYY-MM-DD); '' for kinds that have none. */
  record_date: Generated<string>;
}

export interface PublishedTable {
  /** Taken from `counters` inside the publishing transaction; see published.repository.ts. */
  seq: number;
  organisation_id: string;
  kind: string;
  id: string;
  data: string;
  published_at: string;
}

/** Named monotonic counters, bumped under a row lock so numbers become visible in order. */
export interface CountersTable {
  name: string;
  value: number;
}

/**
 * People who signed up to get involved: personal and health data, kept apart from `records`
 * (never joined to notes or answers). Erasure is a hard delete of the row.
 */
export interface SignUpsTable {
  /** Server order of first arrival; keyset paging for admins. */
  seq: Generated<number>;
  /** The client-made UUIDv7. */
  id: string;
  organisation_id: string;
  /** The server's id of the device that pushed the stored version. */
  device_id: string;
  schema_version: number;
  /** The validated sign-up record, as JSON. */
  data: string;
  name: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  /**
   * Name, email, phone and postcode lower-cased (and phone and postcode also without spaces),
   * one per line, for a substring search that is case-insensitive alike on both engines.
   */
  search_text: string;
  consent_version: string;
  consent_language: string;
  consent_given_at: string;
  /** 1 if they also agreed to news and membership, else 0 (no booleans, see above). */
  consent_news: number;
  /** Whether they answered `alone`, `with-help` or staff filled it in (`staff`). */
  answered_by: string;
  /** The record's own tombstone, if the device deleted it: left out of exports. */
  deleted_at: string | null;
  /** When an admin recorded that they withdrew consent: left out of exports. */
  withdrawn_at: string | null;
  /** The record's `updatedAt` in `toISOString` form, so text order is time order. */
  record_updated_at: string;
  received_at: string;
}

/** What an admin did to a sign-up, and when. Holds no personal data, not even the sign-up id. */
export interface SignUpAuditTable {
  seq: Generated<number>;
  organisation_id: string;
  action: SignUpAuditAction;
  at: string;
  admin_id: string;
}

/** What an admin did to a sign-up: the contract's audit entry names the same actions. */
export type SignUpAuditAction = SignUpAuditEntry['action'];

/**
 * Sign-ups that were erased, so a late re-send is not stored again. No personal data: the
 * SHA-256 (hex) of the sign-up's id, and when.
 */
export interface SignUpErasuresTable {
  id_hash: string;
  organisation_id: string;
  erased_at: string;
}

/**
 * Surveys made or edited in the admin console, one row per version (built-in surveys live in
 * code, `src/shared/survey/builtin`). A published version never changes: an edit is the next
 * version, as a draft.
 */
export interface SurveyVersionsTable {
  organisation_id: string;
  survey_id: string;
  version: number;
  /** The SurveyDefinition, validated with surveyDefinitionSchema, as JSON. */
  data: string;
  status: SurveyVersionStatus;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export type SurveyVersionStatus = 'draft' | 'published';

/** "You said, we did", written in the console and sent to tablets once published. */
export interface OutcomesTable {
  /** A server-made UUIDv7. */
  id: string;
  organisation_id: string;
  /** The event it is about (copied from `data`), so an event's page can list it. */
  event_id: string | null;
  /** The OutcomeInput, validated, as JSON. */
  data: string;
  created_at: string;
  updated_at: string;
  /** When it was last published; null until it is. */
  published_at: string | null;
  /** When it was withdrawn after publishing; null while tablets show it. */
  withdrawn_at: string | null;
}

/**
 * Which events tablets get by pull, as the admin decided. The `published` feed holds only the
 * latest change per item; an unpublished event stays here with `withdrawn_at` set.
 */
export interface EventPublicationsTable {
  organisation_id: string;
  event_id: string;
  published_at: string;
  withdrawn_at: string | null;
}

/** Small named settings per organisation, as JSON (e.g. `jargon`, the easy-read word list). */
export interface OrganisationSettingsTable {
  organisation_id: string;
  name: string;
  value: string;
  updated_at: string;
}

/** Which engine is behind a {@link Database} connection. */
export type Dialect = 'sqlite' | 'postgres';

/** Rate-limit counters shared by every instance (see migration 0005). */
export interface RateLimitsTable {
  /** SHA-256 (hex) of the counted key, e.g. `login:<address>`. */
  key_hash: string;
  /** Start of the current window, in milliseconds since the epoch. */
  window_start: number;
  hits: number;
}
