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

  private async addNewNote(note: WorkshopNote): Promise<WorkshopNote> {
    const valid = validate((await loadSchemas()).workshopNoteSchema, compact(note));
    await this.db.transaction('rw', this.db.notes, this.db.queue, async () => {
      await this.db.notes.add(valid);
      await this.db.queue.add(outboxEntry(valid, 'workshop-note', valid.eventId));
    });
    return valid;
  }

  /**
   * A time for a change to a record last changed at `previous`: now, but never earlier than
   * `previous`, so a tablet whose clock was put back still makes the newer version win.
   */
  private stamp(previous: string): string {
    return new Date(Math.max(this.now().getTime(), Date.parse(previous) + 1)).toISOString();
  }

  /** Read, change, validate, store and queue in one transaction: concurrent edits cannot lose one. */
  private async changeEvent(
    id: string,
    change: (event: WorkshopEvent, at: string) => WorkshopEvent,
  ): Promise<WorkshopEvent> {
    const { eventSchema } = await loadSchemas();
    return this.db.transaction('rw', this.db.events, this.db.queue, async () => {
      const current = await this.db.events.get(id);
      if (!current) throw new RecordNotFoundError(id);
      const valid = validate(eventSchema, change(current, this.stamp(current.updatedAt)));
      await this.db.events.put(valid);
      await this.db.queue.add(outboxEntry(valid, 'event', valid.id));
      return valid;
    });
  }

  private async changeNote(
    id: string,
    change: (note: WorkshopNote, at: string) => WorkshopNote,
  ): Promise<WorkshopNote> {
    const { workshopNoteSchema } = await loadSchemas();
    return this.db.transaction('rw', this.db.notes, this.db.queue, async () => {
      const current = await this.db.notes.get(id);
      if (!current) throw new RecordNotFoundError(id);
      const valid = validate(
        workshopNoteSchema,
        compact(change(current, this.stamp(current.updatedAt))),
      );
      await this.db.notes.put(valid);
      await this.db.queue.add(outboxEntry(valid, 'workshop-note', valid.eventId));
      return valid;
    });
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

  async updateEvent(id: string, input: EventInput): Promise<WorkshopEvent> {
    return this.changeEvent(id, (event, at) => ({ ...event, ...input, updatedAt: at }));
  }

  async setEventArchived(id: string, archived: boolean): Promise<WorkshopEvent> {
    return this.changeEvent(id, ({ archivedAt: _drop, ...event }, at) =>
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
    return this.addNewNote({
      id: uuidv7(this.now().getTime()),
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: NOTE_SCHEMA_VERSION,
      ...input,
      text: input.text.trim(),
    });
  }

  async updateNote(id: string, changes: NoteChanges): Promise<WorkshopNote> {
    return this.changeNote(id, (note, at) => {
      const next: WorkshopNote = { ...note, ...changes, updatedAt: at };
      if (changes.text !== undefined) next.text = changes.text.trim();
      // Moving a note away from question 2 drops its polarity; the schema refuses one elsewhere.
      if (!questionNeedsPolarity(next.questionId)) delete next.polarity;
      return next;
    });
  }

  async deleteNote(id: string): Promise<WorkshopNote> {
    return this.changeNote(id, (note, at) => ({ ...note, deletedAt: at, updatedAt: at }));
  }

  async restoreNote(id: string): Promise<WorkshopNote> {
    return this.changeNote(id, ({ deletedAt: _drop, ...note }, at) => ({ ...note, updatedAt: at }));
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
