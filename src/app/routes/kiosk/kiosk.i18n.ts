import { defineStrings } from '../../i18n/i18n.svelte';

/**
 * The kiosk: set-up and staff strings, and what respondents see around the survey (the
 * "still there?" check and the welcome's "you said, we did").
 */
export const kioskStrings = defineStrings({
  en: {
    setupHeading: 'Start kiosk mode',
    setupIntro:
      'The tablet will show this survey to person after person, and go back to the start after each one. Only the PIN leaves kiosk mode.',
    survey: 'Survey',
    location: 'Ward or service name',
    locationHint: 'Saved with every response, so you can see results for each place.',
    locationRequired: 'Enter the ward or service name.',
    locationTooLong: 'Use {max} characters or fewer.',
    presentation: 'How to show it',
    standard: 'Standard',
    easyRead: 'Easy read (big words, pictures, read aloud)',
    idle: 'Start again after this many seconds without a touch',
    idleHint: 'People are asked "Are you still there?" first. Between {min} and {max} seconds.',
    idleInvalid: 'Enter a number of seconds between {min} and {max}.',
    pin: 'Staff PIN (4 to 8 digits)',
    pinHint: 'You need it to leave kiosk mode. The tablet keeps only a scrambled form of it.',
    pinInvalid: 'The PIN must be 4 to 8 digits.',
    pinConfirm: 'Type the PIN again',
    pinMismatch: 'The two PINs are different. Type the same PIN twice.',
    start: 'Start kiosk mode',
    starting: 'Starting…',
    startFailed: 'Kiosk mode could not start: the tablet could not save its settings. Try again.',
    staff: 'Staff',
    stillThereHeading: 'Are you still there?',
    stillThereText_one: 'We will start again in {count} second.',
    stillThereText_other: 'We will start again in {count} seconds.',
    stillThereYes: 'Yes, I am still here',
    pinHeading: 'Staff only',
    pinLabel: 'PIN',
    unlock: 'Unlock',
    cancel: 'Back to the survey',
    wrongPin_one: 'That PIN is wrong. {count} more try before a one-minute lock.',
    wrongPin_other: 'That PIN is wrong. {count} more tries before a one-minute lock.',
    locked_one: 'Too many wrong PINs. Try again in {count} second.',
    locked_other: 'Too many wrong PINs. Try again in {count} seconds.',
    staffHeading: 'Kiosk: {location}',
    waiting_one: '{count} response waiting to be sent.',
    waiting_other: '{count} responses waiting to be sent.',
    allSent: 'Every response has been sent.',
    lastSent: 'Last sent: {time}.',
    neverSent: 'Nothing has been sent from this tablet yet.',
    sentBeforeNoTime: 'This tablet has sent before. The time of the next send will show here.',
    sendNow: 'Send now',
    sending: 'Sending…',
    notEnrolled:
      'This tablet is not set up to send yet. Enrol it on the sync screen after leaving kiosk mode.',
    offline: 'No connection. Responses are kept safely on this tablet until there is one.',
    sendFailed: 'Sending did not finish: {message}',
    sent: 'Sent.',
    leave: 'Leave kiosk mode',
    resume: 'Back to the welcome screen',
    wakeLockOff: 'This browser may let the screen go dark. Keep the tablet plugged in.',
    surveyMissing:
      'The survey this kiosk was set up with is not on this tablet. Staff: leave kiosk mode and choose another survey, or go online so the tablet can fetch it.',
    // The welcome screen: what changed because people spoke up (respondents see these).
    outcomesHeading: 'What we changed after listening',
    youSaid: 'You said',
    weDid: 'We did',
    signUpFailedToOpen: 'Sorry, this part did not open. Please tell a member of staff.',
    backToStart: 'Back to the start',
  },
  // Only what respondents see is translated: the rest is for staff, in English by decision.
  cy: {
    stillThereHeading: 'Ydych chi yno o hyd?',
    stillThereText_one: "Byddwn ni'n dechrau eto mewn {count} eiliad.",
    stillThereText_other: "Byddwn ni'n dechrau eto mewn {count} eiliad.",
    stillThereYes: 'Ydw, dw i yma o hyd',
    outcomesHeading: 'Beth wnaethon ni ei newid ar ôl gwrando',
    youSaid: 'Dywedoch chi',
    weDid: 'Gwnaethon ni',
    signUpFailedToOpen:
      "Mae'n ddrwg gennym, wnaeth y rhan hon ddim agor. Dywedwch wrth aelod o staff.",
    backToStart: "Yn ôl i'r dechrau",
  },
  pl: {
    stillThereHeading: 'Czy nadal tu jesteś?',
    stillThereText_one: 'Zaczniemy od nowa za {count} sekundę.',
    // "Sekund: N" reads correctly for every count (2 sekundy, 5 sekund…).
    stillThereText_other: 'Za chwilę zaczniemy od nowa. Zostało sekund: {count}.',
    stillThereYes: 'Tak, nadal tu jestem',
    outcomesHeading: 'Co zmieniliśmy po wysłuchaniu Was',
    youSaid: 'Powiedzieliście',
    weDid: 'Zrobiliśmy',
    signUpFailedToOpen:
      'Przepraszamy, ta część się nie otworzyła. Powiedz o tym komuś z personelu.',
    backToStart: 'Wróć na początek',
  },
  bn: {
    stillThereHeading: 'আপনি কি এখনও আছেন?',
    stillThereText_one: '{count} সেকেন্ডের মধ্যে আমরা আবার শুরু করব।',
    stillThereText_other: '{count} সেকেন্ডের মধ্যে আমরা আবার শুরু করব।',
    stillThereYes: 'হ্যাঁ, আমি এখনও আছি',
    outcomesHeading: 'আপনাদের কথা শুনে আমরা যা বদলেছি',
    youSaid: 'আপনারা বলেছেন',
    weDid: 'আমরা করেছি',
    signUpFailedToOpen: 'দুঃখিত, এই অংশটি খোলেনি। দয়া করে একজন কর্মীকে বলুন।',
    backToStart: 'শুরুতে ফিরে যান',
  },
  ur: {
    stillThereHeading: 'کیا آپ ابھی بھی یہاں ہیں؟',
    stillThereText_one: 'ہم {count} سیکنڈ میں دوبارہ شروع کریں گے۔',
    stillThereText_other: 'ہم {count} سیکنڈ میں دوبارہ شروع کریں گے۔',
    stillThereYes: 'جی ہاں، میں ابھی بھی یہاں ہوں',
    outcomesHeading: 'آپ کی بات سن کر ہم نے کیا بدلا',
    youSaid: 'آپ نے کہا',
    weDid: 'ہم نے کیا',
    signUpFailedToOpen: 'معذرت، یہ حصہ نہیں کھلا۔ براہ کرم عملے کے کسی رکن کو بتائیں۔',
    backToStart: 'شروع پر واپس جائیں',
  },
});

/** The kiosk strings respondents see, so a test can check each language has them all. */
export const KIOSK_RESPONDENT_KEYS = [
  'stillThereHeading',
  'stillThereText_one',
  'stillThereText_other',
  'stillThereYes',
  'outcomesHeading',
  'youSaid',
  'weDid',
  'signUpFailedToOpen',
  'backToStart',
] as const;

// Shown as "needs review" on an admin screen; remove a code once a fluent speaker has checked it.
export const KIOSK_STRINGS_NEED_REVIEW = ['cy', 'pl', 'bn', 'ur'] as const;
