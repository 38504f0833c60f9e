/**
 * Sign-up rules that need no zod: the choices, and the checks the form and the schema share
 * (UK phone numbers, email, postcode). Messages are chosen by the form; these say only what
 * is wrong.
 */

import { isDayId, isStartOfDay } from '../survey/equality';

export const SIGN_UP_SCHEMA_VERSION = 1;

export const CONTACT_WAYS = ['email', 'phone', 'text', 'post'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

export const ROLES = ['service-user', 'carer', 'staff', 'public'] as const;
export type SignUpRole = (typeof ROLES)[number];

/** Ways of taking part (domain.md, "Getting involved"). */
export const WAYS_TO_TAKE_PART = [
  'interview-panels',
  'training-staff',
  'reading-leaflets',
  'surveys',
  'focus-groups',
  'events',
  'research',
  'service-reviews',
  'user-forums',
  'volunteering',
] as const;
export type WayToTakePart = (typeof WAYS_TO_TAKE_PART)[number];

export const SUPPORT_NEEDS = [
  'large-print',
  'easy-read',
  'interpreter',
  'sign-language',
  'hearing-loop',
  'step-free',
  'transport',
  'companion',
  'other',
] as const;
export type SupportNeed = (typeof SUPPORT_NEEDS)[number];

/** Some people on benefits must decline payment, so it is a choice. */
export const PAYMENT_CHOICES = ['expenses-only', 'payment', 'neither'] as const;
export type PaymentChoice = (typeof PAYMENT_CHOICES)[number];

/** How they would like to hear what happened ("you said, we did"). */
export const HEAR_BACK = ['email', 'text', 'post', 'at-events', 'no'] as const;
export type HearBack = (typeof HEAR_BACK)[number];

/** The longest each text may be, in characters: the schema, the form's messages and its boxes. */
export const SIGN_UP_LIMITS = {
  name: 200,
  email: 254,
  address: 500,
  other: 500,
  language: 100,
  interests: 30,
  interest: 100,
  /** The organisation named in the consent notice. */
  organisation: 200,
};

export type ContactProblem = 'missing' | 'invalid';

/** An email address a person could have typed: one @, a dot in the domain, no spaces. */
export function emailProblem(value: string): ContactProblem | undefined {
  const v = value.trim();
  if (v === '') return 'missing';
  return v.length <= SIGN_UP_LIMITS.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)
    ? undefined
    : 'invalid';
}

/** Digits of a UK number, however it was typed (spaces, dashes, brackets, +44). */
export function ukPhoneDigits(value: string): string {
  const compact = value.replace(/[\s()-]/g, '');
  if (compact.startsWith('+44')) return `0${compact.slice(3).replace(/^0/, '')}`;
  if (compact.startsWith('0044')) return `0${compact.slice(4).replace(/^0/, '')}`;
  return compact;
}

/**
 * A UK number a person can be reached on: 10 or 11 digits starting 01 or 02 (geographic), 03
 * (UK-wide), 05 (corporate), 07 (mobile) or 08 (freephone and special). Not 09: premium-rate
 * services are not a way to contact a person. 04 and 06 are not used.
 */
export function ukPhoneProblem(value: string): ContactProblem | undefined {
  if (value.trim() === '') return 'missing';
  const digits = ukPhoneDigits(value);
  return /^0[123578]\d{8,9}$/.test(digits) ? undefined : 'invalid';
}

/** A UK mobile number (for texts): 07 and 9 more digits. */
export function ukMobileProblem(value: string): ContactProblem | undefined {
  if (value.trim() === '') return 'missing';
  return /^07\d{9}$/.test(ukPhoneDigits(value)) ? undefined : 'invalid';
}

/** A UK postcode, spaced or not, any case (e.g. "LS1 4AP", "sw1a1aa"). */
export function postcodeProblem(value: string): ContactProblem | undefined {
  const v = value.trim();
  if (v === '') return 'missing';
  return /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i.test(v) ? undefined : 'invalid';
}

/** The postcode as the Royal Mail writes it: upper case, one space before the last three. */
export function formatPostcode(value: string): string {
  const v = value.replace(/\s+/g, '').toUpperCase();
  return `${v.slice(0, -3)} ${v.slice(-3)}`;
}

/**
 * A sign-up is saved seconds after that person's survey answers, from the same device: any
 * time finer than the day (its own, its consent's, its UUIDv7's) could join a name to those
 * answers. So, as for equality monitoring, every time is a midnight UTC. Returns the field at
 * fault (from the record's root), if any.
 */
export function signUpTimeProblem(signUp: {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | undefined;
  consent: { givenAt: string };
}): { field: string; reason: string } | undefined {
  const reason = 'a sign-up is dated to the day only (midnight UTC)';
  const times: [string, string | undefined][] = [
    ['createdAt', signUp.createdAt],
    ['updatedAt', signUp.updatedAt],
    ['consent.givenAt', signUp.consent.givenAt],
    ['deletedAt', signUp.deletedAt],
  ];
  for (const [field, at] of times)
    if (at !== undefined && !isStartOfDay(at)) return { field, reason };
  if (!isDayId(signUp.id))
    return { field: 'id', reason: `${reason}: its id must be made for the day` };
  return undefined;
}
