import { defineStrings } from './i18n/i18n.svelte';

export const appStrings = defineStrings({
  en: {
    appName: 'Involve',
    skipToContent: 'Skip to main content',
    navEvents: 'Events',
    navSurveys: 'Surveys',
    navLabel: 'Main',
    opening: 'Opening the notes stored on this tablet…',
    openFailed:
      'Involve could not open the storage on this tablet. Close other Involve tabs and reload the page. If it keeps happening, the browser may be in private mode, which cannot store notes.',
    countsLabel: 'On this tablet',
    notesOnDevice_one: '{count} note on this tablet',
    notesOnDevice_other: '{count} notes on this tablet',
    unsent_one: '{count} change not yet sent',
    unsent_other: '{count} changes not yet sent',
    allSent: 'Everything is sent',
    notEnrolled: 'Not enrolled, so nothing is sent',
    unsentNotEnrolled_one: '{count} change not yet sent: enrol this tablet',
    unsentNotEnrolled_other: '{count} changes not yet sent: enrol this tablet',
    updateReady: 'A new version of Involve is ready.',
    updateNow: 'Update now',
    updateWaitForForm: 'Save or clear what you are typing first, then update.',
    notFound: 'That page does not exist.',
    backToEvents: 'Back to events',
    loadingScreen: 'Loading…',
    adminConsole: 'Admin console (for the involvement team, online)',
    screenFailed: 'This screen could not load. Check you opened Involve online once, then reload.',
  },
});
