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
import { isPlaceholderOrganisationName } from '../../../shared/organisation';
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

/** The longest each typed field may be: the schema's limits, for the messages and the boxes. */
export const FIELD_LIMITS = {
  name: SIGN_UP_LIMITS.name,
  email: SIGN_UP_LIMITS.email,
  address: SIGN_UP_LIMITS.address,
  interpreterLanguage: SIGN_UP_LIMITS.language,
  supportOther: SIGN_UP_LIMITS.other,
} as const satisfies Partial<Record<SignUpField, number>>;

/** Whether the text, as it will be saved (trimmed), is longer than the field allows. */
const tooLong = (field: keyof typeof FIELD_LIMITS, value: string) =>
  value.trim().length > FIELD_LIMITS[field];

/**
 * What is wrong, field by field, as message keys. A contact detail is needed for the way the
 * person chose; any detail given must be valid, chosen or not.
 */
export function signUpErrors(d: SignUpDraft): Partial<Record<SignUpField, MessageKey>> {
  const errors: Partial<Record<SignUpField, MessageKey>> = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'nameMissing';
  else if (tooLong('name', name)) errors.name = 'nameTooLong';
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
  else if (tooLong('address', d.address)) errors.address = 'addressTooLong';
  const postcode = postcodeProblem(d.postcode);
  if (postcode === 'invalid' || (postcode === 'missing' && way === 'post'))
    errors.postcode = postcode === 'missing' ? 'postcodeMissing' : 'postcodeInvalid';

  // Only asked (and saved) when ticked: what an unticked box still holds is not checked.
  if (d.support.includes('interpreter')) {
    if (d.interpreterLanguage.trim() === '')
      errors.interpreterLanguage = 'interpreterLanguageMissing';
    else if (tooLong('interpreterLanguage', d.interpreterLanguage))
      errors.interpreterLanguage = 'interpreterLanguageTooLong';
  }
  if (d.support.includes('other')) {
    if (d.supportOther.trim() === '') errors.supportOther = 'supportOtherMissing';
    else if (tooLong('supportOther', d.supportOther)) errors.supportOther = 'supportOtherTooLong';
  }
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

/**
 * The organisation to name in the consent notice: the one this device is enrolled with, if
 * its name fits the record; otherwise none, and the notice keeps its generic wording. A
 * server whose lead never set the name calls it "Involve", the software's own name: named,
 * the notice would say the software's makers hold the person's details.
 */
export function noticeOrganisation(name: string | undefined): string | undefined {
  const trimmed = name?.trim() ?? '';
  return trimmed !== '' &&
    trimmed.length <= SIGN_UP_LIMITS.organisation &&
    !isPlaceholderOrganisationName(trimmed)
    ? trimmed
    : undefined;
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
  consent: {
    version: string;
    language: LanguageCode;
    /** The day (midnight UTC): see the sign-up schema. */
    givenAt: string;
    /** The organisation the notice named, if it named one. */
    organisation?: string | undefined;
  },
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
      ...(consent.organisation === undefined ? {} : { organisation: consent.organisation }),
      answeredBy: d.answeredBy,
    },
    presentation,
    eventId: context.eventId,
    location: context.location,
    kiosk: context.kiosk,
  };
}

export type SignUpInput = ReturnType<typeof toSignUpInput>;
