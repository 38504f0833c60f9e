import { Dexie, type Table } from 'dexie';
import type { RecordKind, WorkshopEvent, WorkshopNote } from '../../shared';
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import type { SignUp } from '../../shared/schemas/sign-up.schema';
import type {
  EqualityMonitoring,
  SurveyResponse,
} from '../../shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import { EQUALITY_RELEASE } from '../../shared/survey/equality';
import type { PullReport } from '../sync/inbox-port';

/** Version 1–2 outbox entries: one per record, pointing at the record's row. */
interface LegacyOutboxEntry {
  recordId: string;
  kind: RecordKind;
  schemaVersion: number;
  recordUpdatedAt: string;
  /** For the per-event sync panel. */
  eventId?: string | undefined;
  queuedAt: string;
}

/**
 * One saved change waiting to be sent: an immutable snapshot of the record as it was
 * saved, in the order saved (`seq`). Saving a record again adds a newer entry rather than
 * touching the one a send may have in flight, so acknowledging a batch can delete its whole
 * `seq` range in one request and an edit made meanwhile is still queued.
 */
export interface QueuedSnapshot extends LegacyOutboxEntry {
  seq?: number;
  kind: Exclude<RecordKind, 'sign-up'>;
  /** The record as saved: what the sync sends. */
  data: WorkshopEvent | WorkshopNote | SurveyResponse | EqualityMonitoring;
}

/**
 * A sign-up waiting to be sent: a reference only. The person's details stay in `signups`
 * (one place to delete them from) and are read from there when a batch is sent; the queue
 * holds no personal data and no event, so nothing in it joins a name to anything else.
 */
export interface QueuedSignUp extends Omit<LegacyOutboxEntry, 'eventId'> {
  seq?: number;
  kind: 'sign-up';
  eventId?: never;
  data?: never;
}

export type OutboxEntry = QueuedSnapshot | QueuedSignUp;

/** The queue entry for a record saved (or sent again) at `at`. */
export function snapshotEntry(
  record: QueuedSnapshot['data'],
  kind: QueuedSnapshot['kind'],
  eventId: string | undefined,
  at: Date,
): QueuedSnapshot {
  return {
    recordId: record.id,
    kind,
    schemaVersion: record.schemaVersion,
    recordUpdatedAt: record.updatedAt,
    eventId,
    queuedAt: at.toISOString(),
    data: record,
  };
}

/** A running count kept after the records it counts are gone (e.g. sign-ups sent). */
export interface Counter {
  name: string;
  value: number;
}

/** Sign-ups the server has acknowledged, and so deleted from this tablet. */
export const SIGNUPS_SENT = 'signups-sent';

/**
 * A change the server refused, with its reason. It leaves the outbox so it never blocks the
 * queue; editing the record queues it again, and an acceptance clears this entry.
 */
export interface AttentionEntry {
  recordId: string;
  kind: RecordKind;
  eventId?: string | undefined;
  recordUpdatedAt: string;
  reason: string;
  field?: string | undefined;
  at: string;
  /**
   * The refused record, for kinds that live only in the queue (survey answers, equality
   * monitoring): without it, a refusal would be the last of them on the tablet. Notes and
   * events stay in their tables and sign-ups in `signups`. Absent in entries made before
   * version 8 of the app kept it.
   */
  data?: SurveyResponse | EqualityMonitoring | undefined;
}

/** Where pulling stands: the feed's cursor and what could not be used, stored together. */
export interface PullState extends PullReport {
  name: 'pull';
  /** The last page of the feed stored on this tablet. */
  cursor: string;
  /**
   * The version of Involve that last stored a page, and so the one that skipped what the
   * report lists. Another version that finds something skipped reads the feed again from the
   * start, so what this one could not use is tried again. Absent before version 7.
   */
  appVersion?: string | undefined;
}

/**
 * An event that came to this tablet from the feed and has had nothing done with it here.
 * Only these may be deleted when the organiser unpublishes them; saving the event, a note or
 * an answer for it here removes the row. Local only: never synced.
 */
export interface PulledEvent {
  id: string;
}

/**
 * An event the organiser unpublished that this tablet keeps (it was made or used here).
 * Kept out of the event record, which syncs: hiding it is this tablet's business. The events
 * list hides it unless the tablet holds notes for it; publishing it again removes the row.
 */
export interface WithdrawnEvent {
  id: string;
  withdrawnAt: string;
}

export class InvolveDb extends Dexie {
  events!: Table<WorkshopEvent, string>;
  notes!: Table<WorkshopNote, string>;
  /** The outbox. */
  queue!: Table<OutboxEntry, number>;
  attention!: Table<AttentionEntry, string>;
  /**
   * People who would like to get involved: personal and health data, kept apart from notes
   * and answers, and deleted once the server has them. Read only by the sync, never listed.
   */
  signups!: Table<SignUp, string>;
  counters!: Table<Counter, string>;
  /**
   * Surveys the organisation published, one row per version (`[id+version]`): the newest of
   * each, and older ones a draft in progress or the kiosk still needs. Built-in surveys are
   * not stored; a published survey with a built-in's id replaces it on screen.
   */
  publishedSurveys!: Table<SurveyDefinition, [string, number]>;
  /** "You said, we did", as published; a withdrawn one is deleted. */
  outcomes!: Table<PublishedOutcome, string>;
  /** Small sync bookkeeping rows by name; `pull` holds the feed's cursor. */
  syncState!: Table<PullState, string>;
  pulledEvents!: Table<PulledEvent, string>;
  withdrawnEvents!: Table<WithdrawnEvent, string>;
  /**
   * Equality monitoring answers held back until several can be sent together (see
   * {@link releaseHeldEquality}): sent one by one, each would reach the server beside the
   * survey answers of the same person.
   */
  heldEquality!: Table<EqualityMonitoring, string>;
  /** Emptied into `queue` by the version 3 upgrade; kept so that upgrade can read it. */
  outbox!: Table<LegacyOutboxEntry, string>;

  constructor(name = 'involve') {
    // Strict: a saved note is on disk before the screen says so, even if the battery dies
    // a second later. Measured cost in bench:capture: under a millisecond a note.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'id, updatedAt',
      // The compound index serves the capture list; deletedAt is sparse (only tombstones
      // carry it), so counting it is cheap.
      notes: 'id, eventId, [eventId+themeId+questionId+createdAt], deletedAt',
      outbox: 'recordId, queuedAt, eventId',
    });
    this.version(2).stores({ attention: 'recordId, eventId' });
    this.version(3)
      .stores({ queue: '++seq, recordId, eventId' })
      .upgrade(async (tx) => {
        // Carry unsent changes over with a snapshot of their record; nothing queued is lost.
        const legacy = await tx
          .table<LegacyOutboxEntry, string>('outbox')
          .orderBy('queuedAt')
          .toArray();
        for (const entry of legacy) {
          const table = entry.kind === 'event' ? 'events' : 'notes';
          const data = (await tx.table(table).get(entry.recordId)) as
            QueuedSnapshot['data'] | undefined;
          // Versions 1–2 queued only events and notes.
          const kind = entry.kind as QueuedSnapshot['kind'];
          if (data) await tx.table<OutboxEntry, number>('queue').add({ ...entry, kind, data });
        }
        await tx.table('outbox').clear();
      });
    // Survey answers live only in the queue (never in a table of their own), so once the
    // server has them nothing of them stays on the tablet. The kind index counts them.
    this.version(4).stores({ queue: '++seq, recordId, eventId, kind' });
    // Sign-ups get a table of their own and the queue only refers to them, so acknowledging
    // one deletes the person's details from the one place they are (issue 5).
    this.version(5)
      .stores({ signups: 'id', counters: 'name' })
      .upgrade(async (tx) => {
        // No version before 5 saved sign-ups; should a snapshot be queued all the same, move
        // its details into `signups` and leave a reference in its place. Nothing is lost.
        const queue = tx.table<Record<string, unknown>, number>('queue');
        const snapshots = await queue.where('kind').equals('sign-up').toArray();
        for (const { data, eventId: _event, ...reference } of snapshots) {
          if (data) await tx.table('signups').put(data);
          await queue.put(reference);
        }
      });
    // What the server publishes (issue 6): surveys, outcomes and the pull cursor. Published
    // events go into `events` like the tablet's own. New tables only, so no upgrade step.
    this.version(6).stores({
      publishedSurveys: '[id+version], id',
      outcomes: 'id, eventId, publishedAt',
      syncState: 'name',
    });
    // Which events came from the feed, and which the organiser withdrew, kept apart from the
    // synced event record. Version 6 marked a withdrawn event by writing `archivedAt` (its
    // withdrawal time, later than the record's `updatedAt`, which a tablet's own archive never
    // is) into the record, where the next edit would have sent it to every tablet: move it out.
    this.version(7)
      .stores({ pulledEvents: 'id', withdrawnEvents: 'id' })
      .upgrade(async (tx) => {
        const events = tx.table<WorkshopEvent, string>('events');
        for (const { archivedAt, ...event } of await events.toArray()) {
          if (archivedAt === undefined || Date.parse(archivedAt) <= Date.parse(event.updatedAt))
            continue;
          await events.put(event);
          await tx
            .table<WithdrawnEvent, string>('withdrawnEvents')
            .put({ id: event.id, withdrawnAt: archivedAt });
        }
      });
    // Equality answers wait apart from the queue until several can go together. A new table
    // only: anything already queued is sent as it is.
    this.version(8).stores({ heldEquality: 'id' });
  }
}

/** Equality records are sent only in groups of at least this many… */
export const EQUALITY_GROUP = EQUALITY_RELEASE.group;
/** …or once the oldest has waited this long, so none waits for ever on a quiet ward. */
export const EQUALITY_MAX_WAIT_MS = EQUALITY_RELEASE.maxWaitDays * 24 * 60 * 60 * 1000;

/**
 * Moves held equality records into the queue once there are {@link EQUALITY_GROUP} of them,
 * or the oldest has waited {@link EQUALITY_MAX_WAIT_MS}: all of them at once, ordered by id
 * (random within a day), so on the server neither their order nor their arrival pairs any of
 * them with the survey answers saved beside it. Call inside a transaction over `heldEquality`
 * and `queue`.
 */
export async function releaseHeldEquality(db: InvolveDb, now: Date): Promise<number> {
  const held = await db.heldEquality.toArray();
  if (held.length === 0) return 0;
  const oldest = Math.min(...held.map((r) => Date.parse(r.createdAt)));
  if (held.length < EQUALITY_GROUP && now.getTime() - oldest < EQUALITY_MAX_WAIT_MS) return 0;
  held.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Queued at its own day, like everything else about it.
  await db.queue.bulkAdd(
    held.map((r) => snapshotEntry(r, 'equality-monitoring', r.eventId, new Date(r.createdAt))),
  );
  await db.heldEquality.clear();
  return held.length;
}

/**
 * Something was done with the event on this tablet (it, a note or an answer for it was saved):
 * from now on an organiser's withdrawal hides it here but never deletes it. Call inside the
 * saving transaction, with `pulledEvents` in its scope.
 */
export function usedHere(db: InvolveDb, eventId: string | undefined): Promise<void> {
  return eventId === undefined ? Promise.resolve() : db.pulledEvents.delete(eventId);
}
