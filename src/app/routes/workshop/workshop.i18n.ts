import type { ExportLabels } from '../../../shared/event-export';
import type { KeyQuestionId, Polarity, Voice } from '../../../shared/themes';
import { defineStrings } from '../../i18n/i18n.svelte';

export const workshopStrings = defineStrings({
  en: {
    question_ideal: 'What does ideal involvement look like?',
    question_worked: 'What has worked well, and what has not worked so well, in the past?',
    'question_get-there': 'How do we get to where we want to be?',
    questionShort_ideal: 'Ideal involvement',
    questionShort_worked: 'What has worked',
    'questionShort_get-there': 'How we get there',
    questionNumber: 'Question {number}',
    polarity_worked: 'Has worked',
    'polarity_not-worked': 'Has not worked',
    'voice_service-user': 'Service user',
    voice_carer: 'Carer',
    voice_staff: 'Staff',
    voice_other: 'Other or unknown',
    voiceNone: 'Not said',

    navCapture: 'Capture',
    navBoard: 'Board',
    navPlayback: 'What we heard',
    navEdit: 'Edit event',
    navSignUp: 'Get involved form',
    eventNotFound: 'This event is not on this tablet.',
    themeLegend: 'Theme',
    questionLegend: 'Question',
    polarityLegend: 'Has it worked?',
    polarityShortcuts: 'Alt+W: has worked. Alt+N: has not worked.',
    voiceLegend: 'Who said it',
    groupLabel: 'Table or group',
    groupNone: 'No group',
    filingUnder: 'Filing under',
    noteLabel: 'Note',
    noteHint: 'One idea per note. Press Enter to save; Shift+Enter starts a new line.',
    save: 'Save note',
    saving: 'Saving…',
    saved: 'Saved.',
    charsLeft: '{count} characters left',
    charsOver: '{count} characters too many',
    errEmpty: 'The note is empty. Type what was said, then save.',
    errTooLong:
      'The note is too long: {count} characters, and the most is {max}. Split it into two notes. Nothing you typed has been lost.',
    errPolarity:
      'Question 2 needs a choice: has it worked, or has it not worked? Choose one, then save.',
    errQuota:
      'This note was NOT saved: the tablet’s storage is full. Your text is still in the box. Send your notes to the server or free some space on the tablet, then save again. Notes already saved are safe.',
    errSaveFailed: 'This note was not saved. Your text is still in the box. Try saving again.',
    notesHeading: 'Notes for this theme and question',
    notesCount_one: '{count} note',
    notesCount_other: '{count} notes',
    noNotes: 'No notes here yet.',
    showOlder_one: 'Show {count} older note',
    showOlder_other: 'Show {count} older notes',
    edit: 'Edit',
    editLabel: 'Edit note',
    saveEdit: 'Save changes',
    cancel: 'Cancel',
    move: 'Move',
    moveLegend: 'Move this note',
    moveTheme: 'Move to theme',
    moveQuestion: 'Move to question',
    moveConfirm: 'Move note',
    moved: 'Note moved to {theme}, question {number}.',
    edited: 'Note changed.',
    delete: 'Delete',
    deleted: 'Note deleted.',
    undo: 'Undo',
    restored: 'Note brought back.',
    actionFailed: 'That did not work, and nothing was changed. Try again.',

    boardTitle: 'Board',
    boardCaption: 'Notes per theme and question. Choose a number to capture there.',
    boardTheme: 'Theme',
    boardTotal: 'Total',
    boardCell: '{count} notes for {theme}, {question}. Capture here.',
    removedTheme: 'Theme removed from this event',

    playbackTitle: 'This is what we heard',
    playbackIntro: '{count} notes from {title}, {date}.',
    playbackEmpty: 'Nothing has been captured for this theme yet.',
    playbackNone: 'No notes yet.',
    print: 'Print',
    exportCsv: 'Download CSV',
    exportJson: 'Download JSON',
    exportFailed: 'The download did not work. Try again.',

    colEvent: 'Event',
    colDate: 'Date',
    colPlace: 'Place',
    colTheme: 'Theme',
    colQuestionNumber: 'Question number',
    colQuestion: 'Question',
    colPolarity: 'Has worked or not',
    colVoice: 'Who said it',
    colGroup: 'Group',
    colNote: 'Note',
    colCreatedAt: 'Captured at',
    colId: 'Note id',
  },
});

const w = workshopStrings;
export const questionText = (q: KeyQuestionId): string => w.t(`question_${q}`);
export const questionShort = (q: KeyQuestionId): string => w.t(`questionShort_${q}`);
export const polarityText = (p: Polarity): string => w.t(`polarity_${p}`);
export const voiceText = (v: Voice): string => w.t(`voice_${v}`);

export function exportLabels(): ExportLabels {
  return {
    columns: {
      event: w.t('colEvent'),
      date: w.t('colDate'),
      place: w.t('colPlace'),
      theme: w.t('colTheme'),
      questionNumber: w.t('colQuestionNumber'),
      question: w.t('colQuestion'),
      polarity: w.t('colPolarity'),
      voice: w.t('colVoice'),
      group: w.t('colGroup'),
      note: w.t('colNote'),
      createdAt: w.t('colCreatedAt'),
      id: w.t('colId'),
    },
    question: {
      ideal: questionText('ideal'),
      worked: questionText('worked'),
      'get-there': questionText('get-there'),
    },
    polarity: { worked: polarityText('worked'), 'not-worked': polarityText('not-worked') },
    voice: {
      'service-user': voiceText('service-user'),
      carer: voiceText('carer'),
      staff: voiceText('staff'),
      other: voiceText('other'),
    },
    removedTheme: w.t('removedTheme'),
  };
}
