import { Dexie, liveQuery, type Table } from 'dexie';
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
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import { snapshotEntry, usedHere, type InvolveDb } from './db';
import { shared, throttledLiveQuery, type Live } from './live';
import {
  RecordInvalidError,
  RecordNotFoundError,
  type DeviceCounts,
  type EventWithdrawal,
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

type RecordSchemas = Awaited<ReturnType<typeof loadSchemas>>;

/** Where one record kind lives, how it is checked, and which event it belongs to. */
interface Target<T extends WorkshopEvent | WorkshopNote> {
  table: Table<T, string>;
  kind: 'event' | 'workshop-note';
  schema: (schemas: RecordSchemas) => Schema<T>;
  eventIdOf: (record: T) => string;
}

export class DexieWorkshopStore implements WorkshopStore {
  constructor(
    private readonly db: InvolveDb,
    readonly deviceId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get events(): Target<WorkshopEvent> {
    return {
      table: this.db.events,
      kind: 'event',
      schema: (s) => s.eventSchema,
      eventIdOf: (event) => event.id,
    };
  }

  private get notes(): Target<WorkshopNote> {
    return {
      table: this.db.notes,
      kind: 'workshop-note',
      schema: (s) => s.workshopNoteSchema,
      eventIdOf: (note) => note.eventId,
    };
  }

  /**
   * A time for a change to a record last changed at `previous`: now, but never earlier than
   * `previous`, so a tablet whose clock was put back still makes the newer version win.
   */
  private stamp(previous: string): string {
    return new Date(Math.max(this.now().getTime(), Date.parse(previous) + 1)).toISOString();
  }

  /**
   * The one write path. In one transaction: read the current version (for a change), build
   * the next, validate it with the shared schema, store it and queue it. The promise settles
   * after commit, and concurrent edits of one record cannot lose either. The event is then one
   * this tablet has used, so an organiser's withdrawal never deletes it.
   */
  private async write<T extends WorkshopEvent | WorkshopNote>(
    target: Target<T>,
    id: string,
    build: (current: T | undefined, at: string) => T,
  ): Promise<T> {
    const schema = target.schema(await loadSchemas());
    const { db } = this;
    return db.transaction('rw', target.table, db.queue, db.pulledEvents, async () => {
      const current = await target.table.get(id);
      const at = current ? this.stamp(current.updatedAt) : this.now().toISOString();
      const valid = validate(schema, compact(build(current, at)));
      const eventId = target.eventIdOf(valid);
      await target.table.put(valid);
      await db.queue.add(snapshotEntry(valid, target.kind, eventId, this.now()));
      await usedHere(db, eventId);
      return valid;
    });
  }

  /** A change to a record that must exist. */
  private change<T extends WorkshopEvent | WorkshopNote>(
    target: Target<T>,
    id: string,
    build: (current: T, at: string) => T,
  ): Promise<T> {
    return this.write(target, id, (current, at) => {
      if (!current) throw new RecordNotFoundError(id);
      return build(current, at);
    });
  }

  async createEvent(input: EventInput): Promise<WorkshopEvent> {
    const id = uuidv7(this.now().getTime());
    return this.write(this.events, id, (_, at) => ({
      id,
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: EVENT_SCHEMA_VERSION,
      ...input,
    }));
  }

  async updateEvent(id: string, input: EventInput): Promise<WorkshopEvent> {
    return this.change(this.events, id, (event, at) => ({ ...event, ...input, updatedAt: at }));
  }

  async setEventArchived(id: string, archived: boolean): Promise<WorkshopEvent> {
    return this.change(this.events, id, ({ archivedAt: _drop, ...event }, at) =>
      archived ? { ...event, archivedAt: at, updatedAt: at } : { ...event, updatedAt: at },
    );
  }

  liveEvents(): Live<WorkshopEvent[]> {
    return liveQuery(() => this.db.events.orderBy('updatedAt').reverse().toArray());
  }

  liveEvent(id: string): Live<WorkshopEvent | undefined> {
    return liveQuery(() => this.db.events.get(id));
  }

  liveWithdrawals(): Live<EventWithdrawal[]> {
    // Few rows: only events the organiser unpublished that this tablet kept.
    return liveQuery(async () => {
      const withdrawn = await this.db.withdrawnEvents.toArray();
      return Promise.all(
        withdrawn.map(async ({ id, withdrawnAt }) => ({
          eventId: id,
          withdrawnAt,
          notes: await this.db.notes
            .where('eventId')
            .equals(id)
            .filter((n) => n.deletedAt === undefined)
            .count(),
        })),
      );
    });
  }

  async addNote(input: NoteInput): Promise<WorkshopNote> {
    const id = uuidv7(this.now().getTime());
    return this.write(this.notes, id, (_, at) => ({
      id,
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: NOTE_SCHEMA_VERSION,
      ...input,
      text: input.text.trim(),
    }));
  }

  async updateNote(id: string, changes: NoteChanges): Promise<WorkshopNote> {
    return this.change(this.notes, id, (note, at) => {
      const next: WorkshopNote = { ...note, ...changes, updatedAt: at };
      if (changes.text !== undefined) next.text = changes.text.trim();
      // Moving a note away from question 2 drops its polarity; the schema refuses one elsewhere.
      if (!questionNeedsPolarity(next.questionId)) delete next.polarity;
      return next;
    });
  }

  async deleteNote(id: string): Promise<WorkshopNote> {
    return this.change(this.notes, id, (note, at) => ({ ...note, deletedAt: at, updatedAt: at }));
  }

  async restoreNote(id: string): Promise<WorkshopNote> {
    return this.change(this.notes, id, ({ deletedAt: _drop, ...note }, at) => ({
      ...note,
      updatedAt: at,
    }));
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

  /** Shared by every watcher (header, sync panel, sync engine): see {@link shared}. */
  liveCounts(): Live<DeviceCounts> {
    return this.#counts;
  }

  // One query for all who watch, at most five times a second (see throttledLiveQuery).
  readonly #counts: Live<DeviceCounts> = shared(() =>
    throttledLiveQuery(
      this.db,
      ['notes', 'queue', 'attention'],
      async () => {
        const [all, deleted, waiting, attention] = await Promise.all([
          this.db.notes.count(),
          this.db.notes.where('deletedAt').above('').count(),
          this.db.queue.count(),
          this.db.attention.count(),
        ]);
        return { notes: all - deleted, unsent: waiting + attention, attention };
      },
      200,
    ),
  );

  liveEventOutcomes(eventId: string): Live<PublishedOutcome[]> {
    return liveQuery(async () => {
      const outcomes = await this.db.outcomes.where('eventId').equals(eventId).toArray();
      return outcomes.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    });
  }
}
