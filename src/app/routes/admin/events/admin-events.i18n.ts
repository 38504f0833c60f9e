import { defineStrings } from '../../../i18n/i18n.svelte';

/** The console's events list and event form (the form's own checks reuse events.i18n.ts). */
export const adminEventStrings = defineStrings({
  en: {
    title: 'Events',
    intro:
      'Engagement events made here or on a tablet. Publish an event to send it to every enrolled tablet.',
    newEvent: 'New event',
    loading: 'Loading events…',
    loadFailed: 'The events could not be loaded. {reason}',
    retry: 'Try again',
    none: 'No events yet. Make one here, or capture one on a tablet and sync it.',
    caption: 'Events, newest first',
    colEvent: 'Event',
    colDate: 'Date',
    colPlace: 'Place',
    colMadeOn: 'Made on',
    colPublished: 'On tablets',
    colNotes: 'Notes',
    colTablets: 'Tablets',
    colActions: 'Actions',
    madeOnConsole: 'This console',
    madeOnTablet: 'Tablet “{name}”',
    published: 'Published',
    publishedSince: 'Published {when}',
    notPublished: 'Not published',
    noPlace: 'No place given',
    edit: 'Edit',
    heard: 'What we heard',
    publish: 'Publish',
    unpublish: 'Unpublish',
    working: 'Working…',
    publishedDone: '“{title}” is published. Tablets get it the next time they sync.',
    unpublishedDone:
      '“{title}” is no longer published. Tablets drop it the next time they sync; notes already captured are kept.',
    publishFailed: '“{title}” was not changed. {reason}',
    savedDone: '“{title}” is saved.',

    newTitle: 'New engagement event',
    editTitle: 'Edit “{title}”',
    loadingEvent: 'Loading the event…',
    publishState: 'On tablets',
    publishStateOn:
      'Published {when}. Every enrolled tablet has it after its next sync; changes you save here reach them the same way.',
    publishStateOff: 'Not published. Tablets do not have this event unless they made it.',
    publishAfterSave: 'Save the event first; then you can publish it to tablets.',
    themesLegend: 'Themes',
    themesHint:
      'The seven default themes are ticked. Untick a theme this event will not discuss, rename any theme, or add your own.',
    save: 'Save event',
    saving: 'Saving…',
    backToList: 'Back to events',
  },
});
