import { defineStrings } from '../../../i18n/i18n.svelte';

/** The signed-in admin's account, and the organisation's other admins. */
export const accountStrings = defineStrings({
  en: {
    title: 'Account',

    organisationHeading: 'Your organisation',
    organisationIntro:
      'Sign-up forms on tablets name your organisation as who holds people’s details. Tablets are told the name when they are enrolled, and take a new name the next time they connect to the server.',
    organisationPlaceholder:
      'Your organisation is still called “{name}”, the name of this software, so sign-up forms do not say who holds people’s details. Enter your organisation’s own name.',
    organisationName: 'Organisation name',
    organisationNameHint: 'As people know it, for example “Riverside NHS Foundation Trust”.',
    organisationNotice: 'What sign-up forms say about who holds people’s details',
    saveOrganisation: 'Save name',
    savingOrganisation: 'Saving…',
    organisationSaved: 'Saved. Tablets name “{name}” from the next time they connect.',
    loadingOrganisation: 'Loading…',
    organisationFailed: 'The organisation’s name could not be loaded. {reason}',
    errOrganisationEmpty: 'Enter your organisation’s name.',
    errOrganisationShort: 'The name needs at least {min} characters.',
    errOrganisationLong: 'The name can have at most {max} characters. It has {count}.',
    errOrganisationPlaceholder:
      '“{name}” is the name of this software. Enter your organisation’s own name.',
    passwordHeading: 'Change your password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    newPasswordHint:
      'At least {min} characters. A few unrelated words together are long and easy to remember.',
    showPasswords: 'Show passwords',
    showPassword: 'Show password',
    changePassword: 'Change password',
    changing: 'Changing…',
    changed: 'Your password is changed. Use the new one the next time you sign in.',
    errCurrentEmpty: 'Enter your current password.',
    errCurrentWrong: 'The current password is wrong. Type it again.',
    errNewShort: 'The new password needs at least {min} characters. It has {count}.',
    errNewLong: 'The new password can have at most {max} characters.',
    errNewSame: 'The new password is the same as the current one. Choose a different one.',

    adminsHeading: 'Admins',
    adminsIntro: 'Everyone here can sign in to this console and see everything tablets sent.',
    loadingAdmins: 'Loading admins…',
    adminsFailed: 'The list of admins could not be loaded. {reason}',
    retry: 'Try again',
    caption: 'Admins of this organisation',
    colEmail: 'Email address',
    colAdded: 'Added',
    you: '(you)',
    addHeading: 'Add another admin',
    addEmail: 'Their email address',
    addPassword: 'A first password for them',
    addPasswordHint:
      'At least {min} characters. Tell them in person or by phone, not by email, and ask them to change it here.',
    add: 'Add admin',
    adding: 'Adding…',
    added: '{email} is an admin now and can sign in.',
    errEmailEmpty: 'Enter their email address.',
    errEmailInvalid: 'Enter an email address like name@example.org.',
    errEmailTaken: 'There is already an admin with this email address.',
    errPasswordShort: 'The password needs at least {min} characters. It has {count}.',
    errPasswordLong: 'The password can have at most {max} characters.',
  },
});
