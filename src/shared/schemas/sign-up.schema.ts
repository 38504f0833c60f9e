import * as z from 'zod/mini';
import {
  CONTACT_WAYS,
  HEAR_BACK,
  PAYMENT_CHOICES,
  ROLES,
  SIGN_UP_LIMITS,
  SIGN_UP_SCHEMA_VERSION,
  SUPPORT_NEEDS,
  WAYS_TO_TAKE_PART,
  emailProblem,
  postcodeProblem,
  ukMobileProblem,
  ukPhoneProblem,
} from '../signup/signup-rules';
import { ANSWERED_BY, PRESENTATIONS } from '../survey/survey-rules';
import { recordBase, recordId } from './record.schema';
import { languageSchema } from './survey.schema';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/**
 * Someone who would like to get involved: personal data (contact details) and health data
 * (support needs). Stored apart from notes and answers and never joined to them; deleted from
 * the tablet once the server has it. Every time it carries (`createdAt`, `updatedAt`,
 * `consent.givenAt` and its UUIDv7's) is a day, midnight UTC: a kiosk saves a sign-up seconds
 * after the same person's survey answers, and a finer time could join the two. The server
 * refuses a finer one (`signUpTimeProblem`).
 */
export const signUpSchema = z
  .object({
    ...recordBase,
    schemaVersion: z.literal(SIGN_UP_SCHEMA_VERSION),
    name: text(SIGN_UP_LIMITS.name),
    email: z.optional(
      z.string().check(
        z.trim(),
        z.refine((v) => emailProblem(v) === undefined, 'is not an email address'),
      ),
    ),
    phone: z.optional(
      z.string().check(
        z.trim(),
        z.refine((v) => ukPhoneProblem(v) === undefined, 'is not a UK phone number'),
      ),
    ),
    address: z.optional(text(SIGN_UP_LIMITS.address)),
    postcode: z.optional(
      z.string().check(
        z.trim(),
        z.refine((v) => postcodeProblem(v) === undefined, 'is not a UK postcode'),
      ),
    ),
    preferredContact: z.enum(CONTACT_WAYS),
    role: z.enum(ROLES),
    /** Themes they care about (names, as the event had them). */
    interests: z.array(text(SIGN_UP_LIMITS.interest)).check(z.maxLength(SIGN_UP_LIMITS.interests)),
    waysToTakePart: z.array(z.enum(WAYS_TO_TAKE_PART)),
    support: z.array(z.enum(SUPPORT_NEEDS)),
    interpreterLanguage: z.optional(text(SIGN_UP_LIMITS.language)),
    supportOther: z.optional(text(SIGN_UP_LIMITS.other)),
    payment: z.enum(PAYMENT_CHOICES),
    hearBack: z.enum(HEAR_BACK),
    /**
     * What the person agreed to, and to which words: the version and language of the consent
     * text (`shared/signup/consent.ts`), shown standard or easy read as `presentation` says,
     * naming `organisation` if the notice named one, so what they were told can be shown again.
     */
    consent: z.strictObject({
      /** Keep my details and contact me: required to sign up at all. */
      contact: z.literal(true),
      news: z.boolean(),
      version: z.string().check(z.minLength(1), z.maxLength(64)),
      language: languageSchema,
      /**
       * The day consent was given (midnight UTC), not the moment: the moment could join this
       * name to the answers the same person gave on the same tablet just before. The day is
       * what a consent record needs (when to ask again, which wording was current).
       */
      givenAt: z.iso.datetime(),
      /** The organisation the notice said holds the details; absent: the generic wording. */
      organisation: z.optional(text(SIGN_UP_LIMITS.organisation)),
      answeredBy: z.enum(ANSWERED_BY),
    }),
    presentation: z.enum(PRESENTATIONS),
    eventId: z.optional(recordId),
    location: z.optional(text(100)),
    kiosk: z.boolean(),
  })
  .check(
    z.superRefine((s, ctx) => {
      const need = (field: 'email' | 'phone' | 'address' | 'postcode', message: string) => {
        if (s[field] === undefined)
          ctx.issues.push({ code: 'custom', input: s, path: [field], message });
      };
      if (s.preferredContact === 'email') need('email', 'is needed to contact by email');
      if (s.preferredContact === 'phone') need('phone', 'is needed to contact by phone');
      if (s.preferredContact === 'text') {
        need('phone', 'is needed to contact by text');
        if (s.phone !== undefined && ukMobileProblem(s.phone) !== undefined)
          ctx.issues.push({
            code: 'custom',
            input: s.phone,
            path: ['phone'],
            message: 'must be a UK mobile number (07…) to get texts',
          });
      }
      if (s.preferredContact === 'post') {
        need('address', 'is needed to contact by post');
        need('postcode', 'is needed to contact by post');
      }
      if (s.support.includes('interpreter') && s.interpreterLanguage === undefined)
        ctx.issues.push({
          code: 'custom',
          input: s,
          path: ['interpreterLanguage'],
          message: 'says which language the interpreter speaks',
        });
      if (s.email === undefined && s.phone === undefined && s.address === undefined)
        ctx.issues.push({
          code: 'custom',
          input: s,
          path: ['email'],
          message: 'at least one way to contact them is needed',
        });
    }),
  );
export type SignUp = z.infer<typeof signUpSchema>;
