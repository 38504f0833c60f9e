import { defineStrings } from '../../../i18n/i18n.svelte';

/** Enrolling tablets and looking after them, in the console. */
export const tabletStrings = defineStrings({
  en: {
    title: 'Tablets',
    enrolHeading: 'Enrol a tablet',
    enrolIntro:
      'Make a one-time code, then scan it with the tablet’s camera. Each code enrols one tablet.',
    typeIntro: 'Or type the code on the tablet:',
    typeStepHeader:
      'Tap “{notEnrolled}” at the top right of the screen. (If something is waiting to be sent, it says so instead, for example “{waiting}”.)',
    typeStepEnrol: 'On the page “{syncTitle}”, tap “{enrolLink}”.',
    typeStepCode:
      'Type the code under “{codeField}”, a name under “{nameField}”, then tap “{enrol}”.',
    makeCode: 'Make an enrolment code',
    makeAnother: 'Make another code',
    making: 'Making a code…',
    makeFailed: 'No code was made. {reason}',
    codeHeading: 'Enrolment code',
    codeMade: 'A new enrolment code is ready.',
    qrLabel: 'QR code to enrol a tablet. It opens {url}',
    codeLabel: 'Code to type',
    expires: 'Works once, until {time} ({relative}).',
    urlLabel: 'Or open this address on the tablet:',
    devicesHeading: 'Enrolled tablets',
    loading: 'Loading tablets…',
    loadFailed: 'The tablets could not be loaded. {reason}',
    retry: 'Try again',
    none: 'No tablets are enrolled yet.',
    caption: 'Tablets enrolled with this organisation, newest first',
    showMore: 'Show more tablets',
    loadingMore: 'Loading more tablets…',
    moreFailed: 'No more tablets could be loaded. {reason}',
    moreShown_one: '{count} tablet shown.',
    moreShown_other: '{count} tablets shown.',
    colName: 'Name',
    colEnrolled: 'Enrolled',
    colLastSync: 'Last sync',
    colWaiting: 'Records waiting',
    colVersion: 'App version',
    colState: 'State',
    colActions: 'Actions',
    neverSynced: 'Never',
    exactTime: '({time})',
    unknown: 'Not known',
    active: 'Active',
    revoked: 'Revoked',
    revokedOn: 'Revoked {time}',
    revoke: 'Revoke',
    revokeQuestion: 'Revoke “{name}”?',
    revokeExplain:
      'It stops sending and receiving at once. Nothing is deleted from it, but to send anything again it must be enrolled with a new code.',
    revokeWaiting_one:
      'It still has {count} record waiting to be sent, which will not reach the server.',
    revokeWaiting_other:
      'It still has {count} records waiting to be sent, which will not reach the server.',
    revokeConfirm: 'Yes, revoke “{name}”',
    revokeCancel: 'Cancel',
    revoking: 'Revoking…',
    revokedDone: '“{name}” is revoked. It can no longer send or receive.',
    revokeFailed: '“{name}” was not revoked. {reason}',
  },
});
