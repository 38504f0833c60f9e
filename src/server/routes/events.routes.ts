import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import {
  ADMIN_PAGE_LIMITS,
  adminEventInputSchema,
  type AdminEventDetail,
  type AdminEventSummary,
  type AdminPage,
} from '../../shared/admin/admin-api';
import { UUID_V7, uuidv7 } from '../../shared/ids';
import { EVENT_SCHEMA_VERSION } from '../../shared/rules';
import { eventSchema, type WorkshopEvent } from '../../shared/schemas/event.schema';
import { recordDateOf } from '../../shared/sync/record-registry';
import type { WorkshopNote } from '../../shared/schemas/note.schema';
import { ApiError } from '../api-error';
import type { Database } from '../db/database';
import { consoleDeviceId, ensureConsoleDevice } from '../db/devices.repository';
import {
  eventPublications,
  feedEvent,
  findEventPublication,
  markEventPublished,
  markEventWithdrawn,
  type EventPublication,
} from '../db/event-publications.repository';
import { publishedOutcomesOfEvent, toPublishedOutcome } from '../db/outcomes.repository';
import { publish, withFeedLock } from '../db/published.repository';
import {
  findRecord,
  listEvents,
  noteCountsByEvent,
  recordsOfEvent,
  replaceRecordData,
  upsertRecordBatch,
  type NoteCounts,
  type RecordWithDevice,
} from '../db/records.repository';
import { inTransaction } from '../db/transaction';
import { adminAuth } from '../http/admin-auth';
import { readJson, requireJson, validate } from '../http/json-body';
import { afterCursor, encodeCursor, pageLimit } from '../http/paging';
import { notFound, recordIdParam } from '../http/path-params';
import type { AdminEnv, ServerContext } from '../http/server-context';

/**
 * The `deviceId` written into events made in the admin console. Only a label inside the
 * record, which a tablet could copy: where a stored event came from is `records.device_id`,
 * which the server sets (see {@link summary}).
 */
export const CONSOLE_RECORD_DEVICE_ID = 'server';

interface StoredEvent {
  row: RecordWithDevice;
  event: WorkshopEvent;
}

/** A stored event's record: validated by the push or by this file before it was written. */
function parseEvent(row: RecordWithDevice): StoredEvent {
  return { row, event: JSON.parse(row.data) as WorkshopEvent };
}

/**
 * `madeOn` is decided by the device the server stored the record from (`records.device_id`):
 * the organisation's console stand-in device, or an enrolled tablet. Never by the record's own
 * `deviceId`, which a pushing tablet writes. A console edit keeps the stored device; a
 * tablet's accepted edit makes that tablet the one named.
 */
function summary(
  organisationId: string,
  { row, event }: StoredEvent,
  publication: EventPublication | undefined,
  counts: NoteCounts | undefined,
): AdminEventSummary {
  return {
    event,
    madeOn:
      row.deviceId === consoleDeviceId(organisationId) ? 'console' : { deviceName: row.deviceName },
    publishedAt:
      publication !== undefined && publication.withdrawnAt === null
        ? publication.publishedAt
        : null,
    noteCount: counts?.noteCount ?? 0,
    deviceCount: counts?.deviceCount ?? 0,
  };
}

/**
 * `GET /events?after=&limit=`: an event's place in the list is its date and its id. The date
 * is '' for an event stored without one (by a version older than `record_date`), which sorts
 * last, so a page may end there.
 */
const listQuerySchema = z.object({
  after: afterCursor(
    z.tuple([z.union([z.iso.date(), z.literal('')]), z.string().check(z.regex(UUID_V7))]),
  ),
  limit: pageLimit(),
});

/** Code-unit order, which is time order for ISO timestamps and UUIDv7s. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of now and just after `stored`: an edit must win over what it replaces. */
function editTime(now: Date, stored: string): string {
  const after = Date.parse(stored) + 1;
  return new Date(Math.max(now.getTime(), Number.isNaN(after) ? 0 : after)).toISOString();
}

/**
 * Events in the admin console, mounted at `/api/v1/admin/events`. An event made here is an
 * `event` record like one made on a tablet (deviceId `server`, a fresh UUIDv7), stored through
 * the same upsert from the organisation's console device, so "what we heard" treats both alike
 * and a tablet's later edit wins by `updatedAt` as for any record. Publishing puts the event in
 * the pull feed (without `archivedAt`, see `feedEvent`); unpublishing sends it once more with
 * `withdrawnAt`, so tablets drop it. A console edit of a published event, and a tablet's
 * accepted push of one (sync.routes.ts), send the stored version again. Every route that may
 * publish runs under the feed lock taken first (`withFeedLock`).
 */
export function eventRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', adminAuth(ctx));

  /** The live (not deleted) event with this id in the organisation, or 404. */
  async function liveEvent(
    db: Kysely<Database>,
    organisationId: string,
    c: Context<AdminEnv>,
  ): Promise<StoredEvent> {
    const id = recordIdParam(c, 'event');
    const row = await findRecord(db, organisationId, 'event', id);
    const stored = row === undefined ? undefined : parseEvent(row);
    if (stored === undefined || stored.event.deletedAt !== undefined) throw notFound('event');
    return stored;
  }

  async function summaryOf(db: Kysely<Database>, organisationId: string, stored: StoredEvent) {
    const id = stored.event.id;
    const [publication, counts] = await Promise.all([
      findEventPublication(db, organisationId, id),
      noteCountsByEvent(db, organisationId, [id]),
    ]);
    return summary(organisationId, stored, publication, counts.get(id));
  }

  routes.get('/', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const query = validate(listQuerySchema, c.req.query(), 'query');
    const page = await listEvents(ctx.db, {
      organisationId,
      after: query.after && { date: query.after[0], id: query.after[1] },
      limit: query.limit ?? ADMIN_PAGE_LIMITS.default,
    });
    const ids = page.events.map((row) => row.id);
    const [publications, counts] = await Promise.all([
      eventPublications(ctx.db, organisationId, ids),
      noteCountsByEvent(ctx.db, organisationId, ids),
    ]);
    const last = page.events.at(-1);
    const answer: AdminPage<'events', AdminEventSummary> = {
      events: page.events.map((row) =>
        summary(organisationId, parseEvent(row), publications.get(row.id), counts.get(row.id)),
      ),
      next: page.hasMore && last !== undefined ? encodeCursor([last.date, last.id]) : null,
    };
    return c.json(answer);
  });

  routes.post('/', requireJson, async (c) => {
    const organisationId = c.get('admin').organisationId;
    const input = await readJson(c, adminEventInputSchema);
    const now = ctx.now();
    const at = now.toISOString();
    const event = eventSchema.parse({
      id: uuidv7(now.getTime()),
      createdAt: at,
      updatedAt: at,
      deviceId: CONSOLE_RECORD_DEVICE_ID,
      schemaVersion: EVENT_SCHEMA_VERSION,
      ...input,
    });
    const stored = await inTransaction(ctx.db, async (trx) => {
      const deviceId = await ensureConsoleDevice(trx, organisationId, at);
      await upsertRecordBatch(trx, { organisationId, deviceId, receivedAt: at }, [
        {
          id: event.id,
          kind: 'event',
          schemaVersion: event.schemaVersion,
          eventId: event.id,
          recordDate: recordDateOf('event', event),
          data: JSON.stringify(event),
          updatedAt: at,
        },
      ]);
      const row = await findRecord(trx, organisationId, 'event', event.id);
      if (row === undefined) throw new Error('The new event was not stored');
      return parseEvent(row);
    });
    return c.json(summary(organisationId, stored, undefined, undefined), 201);
  });

  routes.get('/:id', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const stored = await liveEvent(ctx.db, organisationId, c);
    const id = stored.event.id;
    const [noteRows, publication, outcomes] = await Promise.all([
      recordsOfEvent(ctx.db, organisationId, 'workshop-note', id),
      findEventPublication(ctx.db, organisationId, id),
      publishedOutcomesOfEvent(ctx.db, organisationId, id),
    ]);
    const notes: WorkshopNote[] = [];
    const devices = new Set<string>();
    for (const row of noteRows) {
      const note = JSON.parse(row.data) as WorkshopNote;
      if (note.deletedAt !== undefined) continue;
      notes.push(note);
      devices.add(row.deviceId);
    }
    notes.sort((a, b) => byText(a.createdAt, b.createdAt) || byText(a.id, b.id));
    const detail: AdminEventDetail = {
      ...summary(organisationId, stored, publication, {
        noteCount: notes.length,
        deviceCount: devices.size,
      }),
      notes,
      outcomes: outcomes.flatMap((outcome) => toPublishedOutcome(outcome) ?? []),
    };
    return c.json(detail);
  });

  routes.put('/:id', requireJson, async (c) => {
    const organisationId = c.get('admin').organisationId;
    const input = await readJson(c, adminEventInputSchema);
    // It may publish: the feed lock first, then the event and its publication are read.
    const result = await withFeedLock(ctx.db, async (trx) => {
      const stored = await liveEvent(trx, organisationId, c);
      const now = ctx.now();
      const event = eventSchema.parse({
        ...stored.event,
        ...input,
        updatedAt: editTime(now, stored.event.updatedAt),
      });
      const replaced = await replaceRecordData(trx, {
        organisationId,
        id: event.id,
        data: JSON.stringify(event),
        updatedAt: event.updatedAt,
        receivedAt: now.toISOString(),
        recordDate: recordDateOf('event', event),
      });
      if (!replaced) {
        throw new ApiError(
          409,
          'conflict',
          'This event was changed at the same moment somewhere else. Open it again and make your change once more.',
        );
      }
      const publication = await findEventPublication(trx, organisationId, event.id);
      if (publication !== undefined && publication.withdrawnAt === null) {
        // Tablets that have the event get the edit by pull.
        await publish(trx, {
          organisationId,
          kind: 'event',
          id: event.id,
          data: feedEvent(event),
          publishedAt: now.toISOString(),
        });
      }
      return { row: stored.row, event };
    });
    return c.json(await summaryOf(ctx.db, organisationId, result));
  });

  routes.post('/:id/publish', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const stored = await withFeedLock(ctx.db, async (trx) => {
      const found = await liveEvent(trx, organisationId, c);
      const at = ctx.now().toISOString();
      await markEventPublished(trx, organisationId, found.event.id, at);
      await publish(trx, {
        organisationId,
        kind: 'event',
        id: found.event.id,
        data: feedEvent(found.event),
        publishedAt: at,
      });
      return found;
    });
    return c.json(await summaryOf(ctx.db, organisationId, stored));
  });

  routes.post('/:id/unpublish', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const stored = await withFeedLock(ctx.db, async (trx) => {
      // A tablet may have deleted the event since it was published: it can still be taken back.
      const id = recordIdParam(c, 'event');
      const row = await findRecord(trx, organisationId, 'event', id);
      if (row === undefined) throw notFound('event');
      const found = parseEvent(row);
      const publication = await findEventPublication(trx, organisationId, id);
      // Never published, or already taken back: nothing for tablets to drop.
      if (publication === undefined || publication.withdrawnAt !== null) return found;
      const at = ctx.now().toISOString();
      await markEventWithdrawn(trx, organisationId, id, at);
      await publish(trx, {
        organisationId,
        kind: 'event',
        id,
        data: feedEvent(found.event, at),
        publishedAt: at,
      });
      return found;
    });
    return c.json(await summaryOf(ctx.db, organisationId, stored));
  });

  return routes;
}
