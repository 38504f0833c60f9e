import type { SignUp } from '../../shared/schemas/sign-up.schema';
import type {
  ContactWay,
  HearBack,
  PaymentChoice,
  SignUpRole,
  SupportNeed,
  WayToTakePart,
} from '../../shared/signup/signup-rules';
import type { AnsweredBy } from '../../shared/survey/survey-rules';
import { LANGUAGE_IN_ENGLISH } from '../csv/english-words';
import { csvDateTime, safeCsvStream } from '../csv/safe-csv';

/*
 * The words the involvement team reads in the export. English only: the team works in
 * English, whatever language the person signed up in. Records keep every choice, so the
 * compiler insists on a word for each.
 */

const CONTACT: Record<ContactWay, string> = {
  email: 'Email',
  phone: 'Phone call',
  text: 'Text message',
  post: 'Letter',
};

const ROLE: Record<SignUpRole, string> = {
  'service-user': 'Service user',
  carer: 'Carer',
  staff: 'Staff',
  public: 'Member of the public',
};

const WAY: Record<WayToTakePart, string> = {
  'interview-panels': 'Interview panels',
  'training-staff': 'Helping train staff',
  'reading-leaflets': 'Reading leaflets and letters',
  surveys: 'Surveys',
  'focus-groups': 'Focus groups',
  events: 'Events and workshops',
  research: 'Research',
  'service-reviews': 'Service reviews',
  'user-forums': 'User forums',
  volunteering: 'Volunteering',
};

const SUPPORT: Record<SupportNeed, string> = {
  'large-print': 'Large print',
  'easy-read': 'Easy read',
  interpreter: 'Interpreter',
  'sign-language': 'Sign language interpreter',
  'hearing-loop': 'Hearing loop',
  'step-free': 'Step-free access',
  transport: 'Transport',
  companion: 'Someone to come with them',
  other: 'Other',
};

const PAYMENT: Record<PaymentChoice, string> = {
  'expenses-only': 'Expenses only',
  payment: 'Expenses and payment for their time',
  neither: 'Neither (no money)',
};

const HEAR: Record<HearBack, string> = {
  email: 'By email',
  text: 'By text message',
  post: 'By letter',
  'at-events': 'At the next event',
  no: 'Does not need to hear',
};

const ANSWERED: Record<AnsweredBy, string> = {
  alone: 'On their own',
  'with-help': 'With help',
  staff: 'Staff filled it in',
};

const COLUMNS = [
  'Name',
  'Email',
  'Phone',
  'Address',
  'Postcode',
  'Preferred contact',
  'Role',
  'Interests',
  'Ways to take part',
  'Support needed',
  'Other support',
  'Interpreter language',
  'Expenses and payment',
  'Hear what happened',
  'Consent version',
  'Consent language',
  // A date: sign-ups carry no time finer than the day (sign-up.schema.ts says why).
  'Consent given (date)',
  'News and membership',
  'Filled in',
  'Reference',
];

function row(s: SignUp): string[] {
  return [
    s.name,
    s.email ?? '',
    s.phone ?? '',
    s.address ?? '',
    s.postcode ?? '',
    CONTACT[s.preferredContact],
    ROLE[s.role],
    s.interests.join('; '),
    s.waysToTakePart.map((way) => WAY[way]).join('; '),
    s.support.map((need) => SUPPORT[need]).join('; '),
    s.supportOther ?? '',
    s.interpreterLanguage ?? '',
    PAYMENT[s.payment],
    HEAR[s.hearBack],
    s.consent.version,
    LANGUAGE_IN_ENGLISH[s.consent.language],
    csvDateTime(s.consent.givenAt).slice(0, 10),
    s.consent.news ? 'Yes' : 'No',
    ANSWERED[s.consent.answeredBy],
    s.id,
  ];
}

/**
 * Sign-ups as a CSV file Excel opens safely: UTF-8 with a byte-order mark, CRLF line ends,
 * one row per person in words a person reads, and every cell a spreadsheet would run as a
 * formula prefixed with `'` (the same guard as the event export). Streamed from pages of
 * sign-ups: the caller passes only those an export may hold (not withdrawn, not erased).
 */
export function signUpsCsvStream(
  pages: AsyncIterable<readonly SignUp[]> | Iterable<readonly SignUp[]>,
): ReadableStream<Uint8Array> {
  return safeCsvStream(
    COLUMNS,
    (async function* () {
      for await (const page of pages) yield page.map(row);
    })(),
  );
}
