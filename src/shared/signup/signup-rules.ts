/**
 * Sign-up rules that need no zod: the choices, and the checks the form and the schema share
 * (UK phone numbers, email, postcode). Messages are chosen by the form; these say only what
 * is wrong.
 */

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

export const SIGN_UP_LIMITS = {
  name: 200,
  email: 254,
  address: 500,
  other: 500,
  language: 100,
  interests: 30,
  interest: 100,
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

/** A UK phone number: 10 or 11 digits starting 0 (01, 02, 03, 05, 07, 08). */
export function ukPhoneProblem(value: string): ContactProblem | undefined {
  if (value.trim() === '') return 'missing';
  const digits = ukPhoneDigits(value);
  return /^0[1235789]\d{8,9}$/.test(digits) ? undefined : 'invalid';
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
