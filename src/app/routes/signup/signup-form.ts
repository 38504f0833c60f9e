import {
  SIGN_UP_LIMITS,
  emailProblem,
  formatPostcode,
  postcodeProblem,
  ukMobileProblem,
  ukPhoneProblem,
  type ContactWay,
  type HearBack,
  type PaymentChoice,
  type SignUpRole,
  type SupportNeed,
  type WayToTakePart,
} from '../../../shared/signup/signup-rules';
import type { LanguageCode } from '../../../shared/survey/languages';
import type { AnsweredBy, Presentation } from '../../../shared/survey/survey-rules';
import type { SIGNUP_STRINGS_EN } from './signup.i18n';

/** What the person has typed and chosen so far; every field kept as typed. */
export interface SignUpDraft {
  name: string;
  role?: SignUpRole | undefined;
  preferredContact?: ContactWay | undefined;
  email: string;
  phone: string;
  address: string;
  postcode: string;
  interests: string[];
  waysToTakePart: WayToTakePart[];
  support: SupportNeed[];
  interpreterLanguage: string;
  supportOther: string;
  payment?: PaymentChoice | undefined;
  hearBack?: HearBack | undefined;
  consentContact: boolean;
  consentNews: boolean;
  answeredBy?: AnsweredBy | undefined;
}

export function emptyDraft(): SignUpDraft {
  return {
    name: '',
    email: '',
    phone: '',
    address: '',
    postcode: '',
    interests: [],
    waysToTakePart: [],
    support: [],
    interpreterLanguage: '',
    supportOther: '',
    consentContact: false,
    consentNews: false,
  };
}

export const SIGN_UP_STEPS = [
  'about',
  'contact',
  'interests',
  'support',
  'money',
  'consent',
] as const;
export type SignUpStep = (typeof SIGN_UP_STEPS)[number];

export type SignUpField =
  | 'name'
  | 'role'
  | 'preferredContact'
  | 'email'
  | 'phone'
  | 'address'
  | 'postcode'
  | 'interpreterLanguage'
  | 'supportOther'
  | 'payment'
  | 'hearBack'
  | 'consentContact'
  | 'answeredBy';

/** Which fields each part of the form asks, in the order they appear. */
export const STEP_FIELDS: Record<SignUpStep, SignUpField[]> = {
  about: ['name', 'role'],
  contact: ['preferredContact', 'email', 'phone', 'address', 'postcode'],
  interests: [],
  support: ['interpreterLanguage', 'supportOther'],
  money: ['payment', 'hearBack'],
  consent: ['consentContact', 'answeredBy'],
};

type MessageKey = keyof typeof SIGNUP_STRINGS_EN;

/**
 * What is wrong, field by field, as message keys. A contact detail is needed for the way the
 * person chose; any detail given must be valid, chosen or not.
 */
export function signUpErrors(d: SignUpDraft): Partial<Record<SignUpField, MessageKey>> {
  const errors: Partial<Record<SignUpField, MessageKey>> = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'nameMissing';
  else if (name.length > SIGN_UP_LIMITS.name) errors.name = 'nameTooLong';
  if (!d.role) errors.role = 'roleMissing';

  const way = d.preferredContact;
  if (!way) errors.preferredContact = 'preferredMissing';
  const email = emailProblem(d.email);
  if (email === 'invalid' || (email === 'missing' && way === 'email'))
    errors.email = email === 'missing' ? 'emailMissing' : 'emailInvalid';
  const phone = ukPhoneProblem(d.phone);
  if (phone === 'invalid' || (phone === 'missing' && (way === 'phone' || way === 'text')))
    errors.phone = phone === 'missing' ? 'phoneMissing' : 'phoneInvalid';
  else if (way === 'text' && ukMobileProblem(d.phone) !== undefined) errors.phone = 'mobileInvalid';
  if (way === 'post' && d.address.trim() === '') errors.address = 'addressMissing';
  const postcode = postcodeProblem(d.postcode);
  if (postcode === 'invalid' || (postcode === 'missing' && way === 'post'))
    errors.postcode = postcode === 'missing' ? 'postcodeMissing' : 'postcodeInvalid';

  if (d.support.includes('interpreter') && d.interpreterLanguage.trim() === '')
    errors.interpreterLanguage = 'interpreterLanguageMissing';
  if (d.support.includes('other') && d.supportOther.trim() === '')
    errors.supportOther = 'supportOtherMissing';
  if (!d.payment) errors.payment = 'paymentMissing';
  if (!d.hearBack) errors.hearBack = 'hearBackMissing';
  if (!d.consentContact) errors.consentContact = 'consentContactMissing';
  if (!d.answeredBy) errors.answeredBy = 'whoMissing';
  return errors;
}

/** The first part of the form with a problem, if any. */
export function firstStepWithErrors(
  errors: Partial<Record<SignUpField, unknown>>,
): SignUpStep | undefined {
  return SIGN_UP_STEPS.find((step) => STEP_FIELDS[step].some((f) => errors[f] !== undefined));
}

export interface SignUpContext {
  kiosk: boolean;
  eventId?: string | undefined;
  location?: string | undefined;
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The record's fields from a draft that has no errors (the store adds ids and times). */
export function toSignUpInput(
  d: SignUpDraft,
  context: SignUpContext,
  consent: { version: string; language: LanguageCode; givenAt: string },
  presentation: Presentation,
) {
  if (!d.role || !d.preferredContact || !d.payment || !d.hearBack || !d.answeredBy)
    throw new Error('The sign-up form has unanswered required questions');
  return {
    name: d.name.trim(),
    email: optional(d.email),
    phone: optional(d.phone),
    address: optional(d.address),
    postcode: optional(d.postcode) === undefined ? undefined : formatPostcode(d.postcode),
    preferredContact: d.preferredContact,
    role: d.role,
    interests: d.interests,
    waysToTakePart: d.waysToTakePart,
    support: d.support,
    interpreterLanguage: d.support.includes('interpreter')
      ? optional(d.interpreterLanguage)
      : undefined,
    supportOther: d.support.includes('other') ? optional(d.supportOther) : undefined,
    payment: d.payment,
    hearBack: d.hearBack,
    consent: {
      contact: true as const,
      news: d.consentNews,
      version: consent.version,
      language: consent.language,
      givenAt: consent.givenAt,
      answeredBy: d.answeredBy,
    },
    presentation,
    eventId: context.eventId,
    location: context.location,
    kiosk: context.kiosk,
  };
}

export type SignUpInput = ReturnType<typeof toSignUpInput>;
