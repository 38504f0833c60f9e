import { defineStrings } from '../../i18n/i18n.svelte';

/**
 * Strings the whole console shares: the shell (sign in, header, navigation) and the words
 * every screen needs (errors, buttons, times). The console is staff-facing, English only for
 * now; each screen group keeps its own strings beside it.
 */
export const ADMIN_STRINGS_EN = {
  consoleName: 'Involve admin console',
  navLabel: 'Console',
  nav_events: 'Events',
  nav_surveys: 'Surveys',
  nav_tablets: 'Tablets',
  'nav_sign-ups': 'Sign-ups',
  nav_outcomes: 'You said, we did',
  nav_reach: 'Reach',
  nav_account: 'Account',
  pageTitle: '{page} – Involve admin console',
  signedInAs: 'Signed in as {email}',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signedOut: 'You have signed out.',
  signOutFailed:
    'Signing out did not reach the server. This browser has forgotten the session anyway; close the window if the computer is shared.',
  backToTablet: 'Back to the tablet screens',

  checkingSession: 'Checking whether you are signed in…',
  resumeFailed: 'Involve could not ask the server whether you are signed in. {reason}',
  retry: 'Try again',

  signInTitle: 'Sign in to the admin console',
  signInIntro:
    'The console is for the involvement team. It works online: what tablets have sent is on the server.',
  email: 'Email address',
  password: 'Password',
  showPassword: 'Show password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  errEmailEmpty: 'Enter your email address.',
  errEmailInvalid: 'Enter your whole email address, like name@example.org.',
  errEmailLong: 'An email address has at most 254 characters. Check what you typed.',
  errPasswordEmpty: 'Enter your password.',
  errPasswordLong: 'A password has at most 1024 characters. Check what you typed.',
  errWrongCredentials:
    'The email address or password is wrong. Check them and type the password again.',
  errTooManyTries: 'Too many tries to sign in from here. Wait a few minutes, then try again.',
  sessionEnded:
    'Your session has ended, so the console needs you to sign in again. What you typed on this page is still here.',

  errorsHeading: 'There is a problem',
  loadingScreen: 'Loading…',
  screenFailed:
    'This part of the console could not load. Check the connection, then reload the page.',
  notFound: 'The console has no page at this address.',
  backToEvents: 'Go to events',

  errOffline:
    'Involve could not reach the server. Check the connection and try again; nothing you typed is lost.',
  errSignedOut: 'You are signed out. Sign in again, then try once more.',
  errForbidden: 'The server did not allow that. Reload the page and try again.',
  errNotFound: 'That is no longer on the server. It may have been deleted.',
  errTooMany: 'The server asked us to slow down. Wait a minute, then try again.',
  errInvalid: 'The server did not accept this. Check the messages beside the fields.',
  errServer: 'The server had a problem ({status}). Try again in a moment.',
  errStatus: 'The server answered {status}. Try again in a moment.',
  errOther: 'That did not work: {message}',
  fieldProblem: '{label}: {message}',

  cancel: 'Cancel',
  never: 'Never',
  yes: 'Yes',
  no: 'No',
} as const;

export const adminStrings = defineStrings({ en: ADMIN_STRINGS_EN });
