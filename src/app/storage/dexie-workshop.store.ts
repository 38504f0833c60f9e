import { Dexie, liveQuery } from 'dexie';
import {
  EVENT_SCHEMA_VERSION,
  byCreation,
  NOTE_SCHEMA_VERSION,
  questionNeedsPolarity,
  uuidv7,
  type KeyQuestionId,
  type WorkshopEvent,
  type WorkshopNote,
} from '../../shared/domain';
import type { InvolveDb, OutboxEntry } from './db';
import type { Live } from './live';
import {
  RecordInvalidError,
  RecordNotFoundError,
  type DeviceCounts,
  type EventInput,
  type NoteChanges,
  type NoteInput,
  type NotePage,
  type WorkshopStore,
} from './workshop-store';

interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

const loadSchemas = () => import('./record-schemas');

function validate<T>(schema: Schema<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new RecordInvalidError(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
}

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function outboxEntry(
  record: WorkshopEvent | WorkshopNote,
  kind: OutboxEntry['kind'],
  eventId: string,
): OutboxEntry {
  return {
    recordId: record.id,
    kind,
    schemaVersion: record.schemaVersion,
    recordUpdatedAt: record.updatedAt,
    eventId,
    queuedAt: new Date().toISOString(),
    data: record,
  };
}

export class DexieWorkshopStore implements WorkshopStore {
  constructor(
    private readonly db: InvolveDb,
    readonly deviceId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async putEvent(event: WorkshopEvent): Promise<WorkshopEvent> {
    const valid = validate((await loadSchemas()).eventSchema, event);
    await this.db.transaction('rw', this.db.events, this.db.queue, async () => {
      await this.db.events.put(valid);
      await this.db.queue.add(outboxEntry(valid, 'event', valid.id));
    });
    return valid;
  }

  private async putNote(note: WorkshopNote, isNew: boolean): Promise<WorkshopNote> {
    const valid = validate((await loadSchemas()).workshopNoteSchema, compact(note));
    await this.db.transaction('rw', this.db.notes, this.db.queue, async () => {
      if (isNew) await this.db.notes.add(valid);
      else await this.db.notes.put(valid);
      await this.db.queue.add(outboxEntry(valid, 'workshop-note', valid.eventId));
    });
    return valid;
  }

  async createEvent(input: EventInput): Promise<WorkshopEvent> {
    const at = this.now().toISOString();
    return this.putEvent({
      id: uuidv7(),
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: EVENT_SCHEMA_VERSION,
      ...input,
    });
  }

  private async existingEvent(id: string): Promise<WorkshopEvent> {
    const event = await this.db.events.get(id);
    if (!event) throw new RecordNotFoundError(id);
    return event;
  }

  async updateEvent(id: string, input: EventInput): Promise<WorkshopEvent> {
    const event = await this.existingEvent(id);
    return this.putEvent({ ...event, ...input, updatedAt: this.now().toISOString() });
  }

  async setEventArchived(id: string, archived: boolean): Promise<WorkshopEvent> {
    const { archivedAt: _drop, ...event } = await this.existingEvent(id);
    const at = this.now().toISOString();
    return this.putEvent(
      archived ? { ...event, archivedAt: at, updatedAt: at } : { ...event, updatedAt: at },
    );
  }

  liveEvents(): Live<WorkshopEvent[]> {
    return liveQuery(() => this.db.events.orderBy('updatedAt').reverse().toArray());
  }

  liveEvent(id: string): Live<WorkshopEvent | undefined> {
    return liveQuery(() => this.db.events.get(id));
  }

  async addNote(input: NoteInput): Promise<WorkshopNote> {
    const at = this.now().toISOString();
    return this.putNote(
      {
        id: uuidv7(this.now().getTime()),
        createdAt: at,
        updatedAt: at,
        deviceId: this.deviceId,
        schemaVersion: NOTE_SCHEMA_VERSION,
        ...input,
        text: input.text.trim(),
      },
      true,
    );
  }

  private async existingNote(id: string): Promise<WorkshopNote> {
    const note = await this.db.notes.get(id);
    if (!note) throw new RecordNotFoundError(id);
    return note;
  }

  async updateNote(id: string, changes: NoteChanges): Promise<WorkshopNote> {
    const note = await this.existingNote(id);
    const next: WorkshopNote = { ...note, ...changes, updatedAt: this.now().toISOString() };
    if (changes.text !== undefined) next.text = changes.text.trim();
    // Moving a note away from question 2 drops its polarity; the schema refuses one elsewhere.
    if (!questionNeedsPolarity(next.questionId)) delete next.polarity;
    return this.putNote(next, false);
  }

  async deleteNote(id: string): Promise<WorkshopNote> {
    const note = await this.existingNote(id);
    const at = this.now().toISOString();
    return this.putNote({ ...note, deletedAt: at, updatedAt: at }, false);
  }

  async restoreNote(id: string): Promise<WorkshopNote> {
    const { deletedAt: _drop, ...note } = await this.existingNote(id);
    return this.putNote({ ...note, updatedAt: this.now().toISOString() }, false);
  }

  liveNotes(
    eventId: string,
    themeId: string,
    questionId: KeyQuestionId,
    limit: number,
  ): Live<NotePage> {
    // Read only one page, so a cell with hundreds of notes costs the same as one with ten.
    // Tombstones are few (only deletes make them), so they are counted off separately.
    return liveQuery(async () => {
      const cell = () =>
        this.db.notes
          .where('[eventId+themeId+questionId+createdAt]')
          .between(
            [eventId, themeId, questionId, Dexie.minKey],
            [eventId, themeId, questionId, Dexie.maxKey],
          );
      const [notes, inCell, tombstones] = await Promise.all([
        cell()
          .reverse()
          .filter((n) => n.deletedAt === undefined)
          .limit(limit)
          .toArray(),
        cell().count(),
        this.db.notes.where('deletedAt').above('').toArray(),
      ]);
      const deletedInCell = tombstones.filter(
        (n) => n.eventId === eventId && n.themeId === themeId && n.questionId === questionId,
      ).length;
      return { notes, total: inCell - deletedInCell };
    });
  }

  liveEventNotes(eventId: string): Live<WorkshopNote[]> {
    return liveQuery(async () => {
      const notes = await this.db.notes.where('eventId').equals(eventId).toArray();
      return notes.filter((n) => n.deletedAt === undefined).sort(byCreation);
    });
  }

  liveCounts(): Live<DeviceCounts> {
    // Both are index counts, so they stay cheap with thousands of notes on the board.
    return liveQuery(async () => {
      const [all, deleted, waiting, attention] = await Promise.all([
        this.db.notes.count(),
        this.db.notes.where('deletedAt').above('').count(),
        this.db.queue.count(),
        this.db.attention.count(),
      ]);
      return { notes: all - deleted, unsent: waiting + attention, attention };
    });
  }
}
