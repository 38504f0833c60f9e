import type {
  KeyQuestionId,
  Polarity,
  Theme,
  Voice,
  WorkshopEvent,
  WorkshopNote,
} from '../../shared/domain';
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import type { Live } from './live';

/** What a person fills in for an event; the store adds ids, timestamps and the device. */
export interface EventInput {
  title: string;
  date: string;
  place: string;
  themes: Theme[];
  groups: string[];
}

/** What a person fills in for a note. */
export interface NoteInput {
  eventId: string;
  themeId: string;
  questionId: KeyQuestionId;
  polarity?: Polarity | undefined;
  voice?: Voice | undefined;
  group?: string | undefined;
  text: string;
}

/** The fields of a note that can change after it is saved (edit and move). */
export type NoteChanges = Partial<
  Pick<NoteInput, 'themeId' | 'questionId' | 'polarity' | 'voice' | 'group' | 'text'>
>;

export interface NotePage {
  /** Newest first. */
  notes: WorkshopNote[];
  /** Live notes in the whole cell, not only this page. */
  total: number;
}

export interface DeviceCounts {
  /** Live (not deleted) notes stored on this device, every event. */
  notes: number;
  /** Changes not yet on the server: waiting in the outbox or refused ("needs attention"). */
  unsent: number;
  /** Of those, the ones the server refused. */
  attention: number;
}

/**
 * The organiser unpublished the event, and this tablet kept it (it was made or used here).
 * Local only: the event's record, which syncs, does not say so.
 */
export interface EventWithdrawal {
  eventId: string;
  withdrawnAt: string;
  /** Live notes this tablet holds for it. They stay, and still sync. */
  notes: number;
}

/**
 * The port the workshop screens use. Every write stores the record and its outbox entry
 * in one transaction and resolves only after that transaction has committed, so a screen
 * may say "saved" when the promise resolves. Writes validate with the shared zod schemas
 * and reject with a `RecordInvalidError` naming the field.
 */
export interface WorkshopStore {
  readonly deviceId: string;
  createEvent(input: EventInput): Promise<WorkshopEvent>;
  updateEvent(id: string, input: EventInput): Promise<WorkshopEvent>;
  setEventArchived(id: string, archived: boolean): Promise<WorkshopEvent>;
  liveEvents(): Live<WorkshopEvent[]>;
  liveEvent(id: string): Live<WorkshopEvent | undefined>;
  /** Events the organiser unpublished that are kept on this tablet. */
  liveWithdrawals(): Live<EventWithdrawal[]>;

  addNote(input: NoteInput): Promise<WorkshopNote>;
  updateNote(id: string, changes: NoteChanges): Promise<WorkshopNote>;
  /** Tombstones the note (so the delete can sync); `restoreNote` undoes it. */
  deleteNote(id: string): Promise<WorkshopNote>;
  restoreNote(id: string): Promise<WorkshopNote>;
  /** The newest `limit` live notes for one theme and question, and how many there are in all. */
  liveNotes(
    eventId: string,
    themeId: string,
    questionId: KeyQuestionId,
    limit: number,
  ): Live<NotePage>;
  /** Every live note of an event, oldest first. */
  liveEventNotes(eventId: string): Live<WorkshopNote[]>;
  liveCounts(): Live<DeviceCounts>;
  /** Published "you said, we did" outcomes linked to the event, newest first. */
  liveEventOutcomes(eventId: string): Live<PublishedOutcome[]>;
}

export class RecordInvalidError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'RecordInvalidError';
  }
}

export class RecordNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No record ${id}`);
    this.name = 'RecordNotFoundError';
  }
}

/** True for the browser's "storage is full" failure, however Dexie wrapped it. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'name' in e && e.name === 'QuotaExceededError') return true;
    e = typeof e === 'object' && 'inner' in e ? e.inner : undefined;
  }
  return false;
}
