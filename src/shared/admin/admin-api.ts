import * as z from 'zod/mini';
import { themeSchema } from '../schemas/event.schema';
import type { WorkshopEvent } from '../schemas/event.schema';
import type { WorkshopNote } from '../schemas/note.schema';
import type { PublishedOutcome } from '../schemas/outcome.schema';
import type { SurveyDefinition } from '../schemas/survey.schema';
import { ORGANISATION_NAME_LIMITS, isPlaceholderOrganisationName } from '../organisation';
import { EVENT_LIMITS } from '../rules';
import type { FreeTextAnswer, SurveyResults } from './survey-results';
import type { ReachSummary } from './reach';

/**
 * The admin console's API, mounted at `/api/v1/admin` (see ARCHITECTURE.md). Request bodies
 * are zod schemas here so the console's forms and the server check the same rules; answers
 * are types the server builds. Every route needs an admin session cookie; every change needs
 * the session's `X-CSRF-Token`; a device token gets 403.
 *
 * Routes (besides logout, session, enrolment-codes, records, sign-ups):
 *
 *   POST   /login                     loginRequestSchema → { email, csrfToken }
 *
 * Lists that grow with use come a page at a time (keyset paging, so page 1,000 costs what
 * page 1 does): `?limit=` (1 to {@link ADMIN_PAGE_LIMITS}.max, default `.default`) and
 * `?after=<next>` with the `next` of the page before; `next` is null on the last page. A
 * cursor is opaque: send back what the server gave.
 *
 *   GET    /devices?after=&limit=     → AdminPage<'devices', AdminDevice>, newest first
 *   DELETE /devices/:id               → { id, revokedAt }
 *   GET    /sign-ups/audit?after=&limit=  → AdminPage<'entries', SignUpAuditEntry>, oldest first
 *
 *   POST   /account/password          changePasswordSchema → { status: 'changed' }
 *   GET    /admins                    → { admins: AdminSummary[] }
 *   POST   /admins                    newAdminSchema → AdminSummary (201)
 *
 *   GET    /events?after=&limit=      → AdminPage<'events', AdminEventSummary>, newest date
 *                                     first (made last first within a day)
 *   POST   /events                    adminEventInputSchema → AdminEventSummary (201)
 *   GET    /events/:id                → AdminEventDetail
 *   PUT    /events/:id                adminEventInputSchema → AdminEventSummary
 *   POST   /events/:id/publish        → AdminEventSummary   (tablets get it by pull)
 *   POST   /events/:id/unpublish      → AdminEventSummary
 *
 *   GET    /surveys                   → { surveys: AdminSurveySummary[] }
 *   GET    /surveys/:id               → AdminSurveyDetail
 *   PUT    /surveys/:id               SurveyDefinition → AdminSurveyDetail
 *                                     (saves the draft; editing a published survey starts
 *                                     the next version as a draft)
 *   POST   /surveys/:id/publish       → AdminSurveyDetail   (tablets get it by pull)
 *   GET    /surveys/:id/results?location=&month=YYYY-MM   → SurveyResults (each free-text
 *                                     question with its newest FREE_TEXT_PAGE answers)
 *   GET    /surveys/:id/free-text?question=&location=&month=&after=&limit=
 *                                     → AdminPage<'answers', FreeTextAnswer>, the next older
 *                                     answers to one question ("Show more"); the first
 *                                     page's cursor is the question's `freeTextNext`
 *   GET    /surveys/:id/responses.csv?location=&month=    → text/csv (formulas neutralised)
 *
 *   GET    /outcomes                  → { outcomes: AdminOutcome[] }
 *   POST   /outcomes                  outcomeInputSchema → AdminOutcome (201)
 *   PUT    /outcomes/:id              outcomeInputSchema → AdminOutcome
 *   POST   /outcomes/:id/publish      → AdminOutcome
 *   POST   /outcomes/:id/withdraw     → AdminOutcome
 *
 *   GET    /reach                     → ReachSummary
 *   GET    /settings/jargon           → JargonList
 *   PUT    /settings/jargon           jargonListSchema → JargonList
 *   GET    /settings/organisation     → OrganisationSettings
 *   PUT    /settings/organisation     organisationSettingsSchema → OrganisationSettings
 *                                     (tablets get the name when enrolled, and on each pull)
 *
 * Pull (`GET /api/v1/sync/pull`) carries kinds `event` (a WorkshopEvent), `survey` (a
 * SurveyDefinition, latest published version) and `outcome` (a PublishedOutcome). An
 * unpublished event or withdrawn outcome is re-published with `withdrawnAt` set so tablets
 * can drop it.
 */

// Control characters never belong in an email, and PostgreSQL refuses NUL in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROLS = /^[^\u0000-\u001f\u007f]*$/;
const email = z
  .string()
  .check(
    z.trim(),
    z.minLength(3),
    z.maxLength(254),
    z.regex(NO_CONTROLS, 'must not contain control characters'),
    z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
  );

/** New passwords: long enough to resist guessing, short enough for scrypt's input limit. */
export const PASSWORD_RULES = { min: 12, max: 1024 } as const;
const newPassword = z
  .string()
  .check(
    z.minLength(PASSWORD_RULES.min, `must be at least ${PASSWORD_RULES.min} characters`),
    z.maxLength(PASSWORD_RULES.max),
  );

/**
 * `POST /login`: what the sign-in form checks before sending and the server checks again. It
 * asks only for something that could be an email address and a password: whether they are
 * right is the server's to say.
 */
export const loginRequestSchema = z.object({
  email: z
    .string()
    .check(
      z.trim(),
      z.minLength(3),
      z.maxLength(254),
      z.regex(NO_CONTROLS, 'must not contain control characters'),
    ),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_RULES.max)),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(PASSWORD_RULES.max)),
  newPassword,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const newAdminSchema = z.strictObject({ email, password: newPassword });
export type NewAdmin = z.infer<typeof newAdminSchema>;

export interface AdminSummary {
  id: string;
  email: string;
  createdAt: string;
}

/** Page sizes of the paged lists (`?limit=`). */
export const ADMIN_PAGE_LIMITS = { default: 100, max: 500 } as const;

/**
 * How many free-text answers per question the results carry, newest first, and the page size
 * of `/surveys/:id/free-text` when no `limit` is asked for: a survey's results stay one page
 * long however many people wrote something.
 */
export const FREE_TEXT_PAGE = 50;

/**
 * One page of a paged list: the items under `key` (`devices`, `events`…) and the cursor to
 * ask for the next page with (`?after=`), or null when this is the last.
 */
export type AdminPage<K extends string, T> = { [key in K]: T[] } & { next: string | null };

/** An enrolled tablet as the console lists it (the console's own stand-in device is left out). */
export interface AdminDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  appVersion: string | null;
  /** Records waiting in the tablet's outbox when it last synced. */
  outboxCount: number | null;
}

/** One entry of the sign-up audit trail: who did what, when; nothing of the person. */
export interface SignUpAuditEntry {
  action: 'erased' | 'withdrawn';
  at: string;
  adminId: string;
}

/** An event as an admin makes it; the server adds id, timestamps and deviceId `server`. */
export const adminEventInputSchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(EVENT_LIMITS.title)),
  date: z.iso.date(),
  place: z.string().check(z.trim(), z.maxLength(EVENT_LIMITS.place)),
  themes: z.array(themeSchema).check(z.minLength(1), z.maxLength(EVENT_LIMITS.themes)),
  groups: z
    .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(EVENT_LIMITS.group)))
    .check(z.maxLength(EVENT_LIMITS.groups)),
});
export type AdminEventInput = z.infer<typeof adminEventInputSchema>;

export interface AdminEventSummary {
  event: WorkshopEvent;
  /** Where it came from: made here, or on a tablet (the device's name). */
  madeOn: 'console' | { deviceName: string };
  publishedAt: string | null;
  noteCount: number;
  /** Tablets that sent notes for it. */
  deviceCount: number;
}

export interface AdminEventDetail extends AdminEventSummary {
  /** Every live note of the event from every tablet; the console groups them with groupPlayback. */
  notes: WorkshopNote[];
  /** Published outcomes linked to this event. */
  outcomes: PublishedOutcome[];
}

/**
 * `PUT /surveys/:id` takes a whole SurveyDefinition, checked with surveyAuthoringSchema so
 * errors name the definition's fields (e.g. `questions.2.text.en.easyRead`). Its `id` must
 * match the URL; its `version` is set by the server (the draft's, or the next one).
 */

export interface AdminSurveyVersion {
  version: number;
  status: 'draft' | 'published';
  publishedAt: string | null;
  updatedAt: string;
  responseCount: number;
}

export interface AdminSurveySummary {
  id: string;
  /** English title of the newest version. */
  title: string;
  builtIn: boolean;
  latest: AdminSurveyVersion;
  /** The version tablets have now, if any. */
  publishedVersion: number | null;
  responseCount: number;
}

export interface AdminSurveyDetail extends AdminSurveySummary {
  /** The newest version (the draft, if there is one). */
  definition: SurveyDefinition;
  versions: AdminSurveyVersion[];
  /** Locations that responses came from, for the results filter. */
  locations: string[];
}

export interface AdminOutcome extends Omit<PublishedOutcome, 'publishedAt'> {
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** Words the easy-read checker flags as jargon, besides its own list. */
export const jargonListSchema = z.strictObject({
  words: z
    .array(z.string().check(z.trim(), z.minLength(2), z.maxLength(60)))
    .check(z.maxLength(500)),
});
export type JargonList = z.infer<typeof jargonListSchema>;

/**
 * The organisation's name, as the lead types it in the console or on the command line: what
 * tablets name as who holds a person's details when they sign up. Not the software's name.
 */
export const organisationNameSchema = z.string().check(
  z.trim(),
  z.minLength(
    ORGANISATION_NAME_LIMITS.min,
    `must be at least ${ORGANISATION_NAME_LIMITS.min} characters`,
  ),
  z.maxLength(
    ORGANISATION_NAME_LIMITS.max,
    `must be at most ${ORGANISATION_NAME_LIMITS.max} characters`,
  ),
  z.regex(NO_CONTROLS, 'must not contain control characters'),
  z.refine(
    (name) => !isPlaceholderOrganisationName(name),
    'must be your organisation’s own name, not the name of this software',
  ),
);

/** `PUT /settings/organisation`. */
export const organisationSettingsSchema = z.strictObject({ name: organisationNameSchema });

/** `GET` and `PUT /settings/organisation`. */
export interface OrganisationSettings {
  name: string;
  /** Whether the name is still the placeholder a new server starts with. */
  placeholder: boolean;
}

export type { FreeTextAnswer, SurveyResults, ReachSummary };
