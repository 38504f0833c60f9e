import { defineStrings } from '../../i18n/i18n.svelte';

export const syncStrings = defineStrings({
  en: {
    title: 'Sending to the server',
    loading: 'Loading…',
    enrolledAs: 'This tablet is enrolled as “{name}” with {organisation}.',
    notEnrolled:
      'This tablet is not enrolled yet, so nothing can be sent. Everything you capture is kept safely on the tablet until it is.',
    enrolLink: 'Enrol this tablet',
    stateIdle: 'Everything is sent.',
    stateWaiting_one: '{count} change is waiting to be sent.',
    stateWaiting_other: '{count} changes are waiting to be sent.',
    stateSending: 'Sending…',
    stateReceiving: 'Getting updates from the server…',
    stateOffline:
      'This tablet is offline. Everything is kept on the tablet and will be sent when it is online again.',
    stateRetrying:
      'Could not reach the server ({reason}). Involve will try again by itself at {time}. Nothing is lost.',
    reasonNetwork: 'no connection',
    reasonTimeout: 'no answer in time',
    reasonServer: 'the server had a problem',
    reasonRateLimited: 'the server asked us to slow down',
    reasonTooLarge: 'too much at once',
    reasonClient: 'the server did not accept the request',
    stateRefused:
      'The server refused this tablet: {message} Nothing has been deleted from the tablet. Ask your involvement lead for a new enrolment code and enrol again.',
    stateRevoked:
      'This tablet’s access was removed by an administrator, so nothing more can be sent. Nothing has been deleted from the tablet. Ask your involvement lead for a new enrolment code and enrol again.',
    lastSent: 'Last sent to the server: {time}.',
    neverSent: 'Nothing has been sent from this tablet yet.',
    sentBeforeNoTime:
      'Changes have been sent from this tablet before. The time of the next send will show here.',
    lastPulled: 'Last checked for events, surveys and outcomes from your organisation: {time}.',
    pullProblemsHeading: 'Updates this tablet could not use',
    pullProblemsIntro:
      'The server sent these, but they were not complete or not valid, so the tablet skipped them and took everything else. Ask your involvement lead to check them and publish them again.',
    pullSkippedKinds_one:
      '{count} update was of a kind this version of Involve does not know, and was skipped. Updating Involve may help.',
    pullSkippedKinds_other:
      '{count} updates were of a kind this version of Involve does not know, and were skipped. Updating Involve may help.',
    kindEvent: 'Event',
    kindSurvey: 'Survey',
    kindOutcome: 'You said, we did',
    sendNow: 'Send now',
    eventsHeading: 'Events on this tablet',
    colEvent: 'Event',
    colNotes: 'Notes on this tablet',
    colSent: 'Notes sent',
    colWaiting: 'Changes waiting',
    colAttention: 'Needs attention',
    noEvents: 'No events on this tablet.',
    attentionHeading: 'Needs attention',
    attentionIntro:
      'The server refused these changes. They stay on the tablet, and everything else keeps sending meanwhile. Edit a note to fix it and it is sent again. Once the reason is sorted out (for example, your involvement lead published the survey again), press Send again.',
    attentionField: '(field: {field})',
    attentionNote: 'Note “{excerpt}”',
    attentionEvent: 'Event “{title}”',
    attentionUnknown: 'A change',
    attentionResponse: 'Survey answers given {time}',
    attentionResponseUnknownTime: 'Survey answers',
    attentionEquality: 'Equality monitoring answers',
    attentionSignUp: 'A sign-up to get involved (the person’s details are not shown)',
    attentionSendAgain: 'Send again',
    attentionSentAgain: 'Queued to send again.',
    attentionNothingLeft:
      'Nothing of this change is left on the tablet to send again, so it cannot be sent.',
    attentionDiscard: 'Delete from this tablet',
    attentionDiscardConfirm:
      'Delete this from the tablet? It has not reached the server, so it will be gone for good.',
    attentionDiscardYes: 'Yes, delete it',
    attentionDiscardNo: 'No, keep it',
    attentionDiscarded: 'Deleted from this tablet.',
    attentionActionFailed:
      'That did not work: {message} Nothing has been changed. Try again, or ask your involvement lead.',
    storageHeading: 'Storage on this tablet',
    storagePersisted: 'The browser will keep Involve’s storage even when space runs low.',
    storageNotPersisted:
      'The browser may clear Involve’s storage if the tablet runs low on space. Send your notes often, or ask the browser to keep it.',
    storageAsk: 'Ask the browser to keep it',
    storageUnknown: 'This browser does not say whether it will keep Involve’s storage.',
    storageUsed: '{used} used of about {quota} available.',
    surveysHeading: 'Survey responses',
    responsesWaiting_one:
      '{count} survey response is waiting to be sent. Survey answers leave the tablet once the server has them.',
    responsesWaiting_other:
      '{count} survey responses are waiting to be sent. Survey answers leave the tablet once the server has them.',
    signUpsWaiting_one: '{count} sign-up is waiting to be sent.',
    signUpsWaiting_other: '{count} sign-ups are waiting to be sent.',
    signUpsSent_one:
      '{count} sign-up has been sent and deleted from this tablet; only this count is kept.',
    signUpsSent_other:
      '{count} sign-ups have been sent and deleted from this tablet; only this count is kept.',
    responsesAllSent: 'No survey responses are waiting. Sent answers are not kept on this tablet.',
    equalityHeld_one:
      '{count} set of “about you” answers (equality monitoring) is kept on this tablet until at least {group} can be sent together, or it has waited a week, so no one’s can be matched to their survey answers.',
    equalityHeld_other:
      '{count} sets of “about you” answers (equality monitoring) are kept on this tablet until at least {group} can be sent together, or one has waited a week, so no one’s can be matched to their survey answers.',
  },
});

export const enrolStrings = defineStrings({
  en: {
    title: 'Enrol this tablet',
    intro:
      'Your involvement lead gives you a one-time code (or a QR code to scan). Enrolling lets this tablet send what it captures to your organisation’s server.',
    fieldCode: 'Enrolment code',
    fieldCodeHint: 'For example ABCDE-FGHJK. Capitals, spaces and dashes do not matter.',
    fieldName: 'Name for this tablet',
    fieldNameHint: 'So your team can tell tablets apart, for example “Ward 7 tablet”.',
    enrol: 'Enrol',
    enrolling: 'Enrolling…',
    errCodeEmpty: 'Enter the enrolment code.',
    errNameEmpty: 'Give this tablet a name.',
    errNameLong: 'The name is too long. Keep it to 80 characters or fewer.',
    errInvalidCode:
      'That code did not work. It may have been used already or be more than 24 hours old. Ask your involvement lead for a new one.',
    errOffline: 'Involve could not reach the server. Check the tablet is online, then try again.',
    errServer: 'The server could not enrol the tablet just now ({message}). Try again in a minute.',
    errTooMany: 'Too many tries. Wait a minute, then try again.',
    done: 'This tablet is enrolled as “{name}” with {organisation}. It sends what it captures whenever it is online.',
    already: 'This tablet is already enrolled as “{name}”. Enrolling again replaces that.',
    toEvents: 'Go to events',
    toSync: 'See what has been sent',
    storageKept:
      'The browser has agreed to keep what Involve stores on this tablet, even when space runs low.',
    storageNotKept:
      'The browser did not agree to keep what Involve stores for good: it may clear it if the tablet runs low on space. Send often; the sync panel can ask the browser again.',
    storageUnknown:
      'This browser does not say whether it will keep what Involve stores on this tablet. Send often.',
  },
});
