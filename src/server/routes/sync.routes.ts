import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { PULL_LIMIT, PUSH_LIMITS } from '../../shared/sync/protocol';
import type { PullResponse, PushResponse, PushResult } from '../../shared/sync/protocol';
import type { Database } from '../db/database';
import { deviceSeenQuery, recordDeviceSeen } from '../db/devices.repository';
import { findOrganisation } from '../db/organisations.repository';
import type { DeviceSighting } from '../db/devices.repository';
import { pullSince, withFeedLock } from '../db/published.repository';
import { upsertRecordBatch } from '../db/records.repository';
import type { AlongsideWrite, BatchOrigin, UpsertOutcome } from '../db/records.repository';
import { inTransaction } from '../db/transaction';
import { deviceAuth } from '../http/device-auth';
import { limitBody, readBody, requireJson, validate } from '../http/json-body';
import type { DeviceEnv, ServerContext } from '../http/server-context';
import { carriesEvents, republishAcceptedEvents } from '../sync/republish-events';
import { isSignUp, storeSignUpsApart } from '../sync/store-push';
import { findPublishedSurveys } from '../surveys/survey-lookup';

/** Optional headers a device sends so admins can see which devices lag behind. */
export const APP_VERSION_HEADER = 'X-Involve-App-Version';
export const OUTBOX_COUNT_HEADER = 'X-Involve-Outbox-Count';

/** A cursor is the last seq a device has seen, as decimal digits; '0' means "from the start". */
const pullQuerySchema = z.object({
  since: z.optional(
    z.string().check(z.regex(/^\d{1,15}$/, 'must be a cursor returned by an earlier pull')),
  ),
});

/** What the device reported about itself in headers; malformed values are ignored. */
function sighting(c: Context, seenAt: string): DeviceSighting {
  const version = c.req.header(APP_VERSION_HEADER);
  const count = c.req.header(OUTBOX_COUNT_HEADER);
  return {
    seenAt,
    appVersion: version !== undefined && /^[\w.+-]{1,64}$/.test(version) ? version : undefined,
    outboxCount: count !== undefined && /^\d{1,9}$/.test(count) ? Number(count) : undefined,
  };
}

/** `POST /push` and `GET /pull` (design.md, "Sync"), mounted at `/api/v1/sync`. */
export function syncRoutes(ctx: ServerContext): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const auth = deviceAuth(ctx);

  routes.post('/push', auth, limitBody(PUSH_LIMITS.maxBytes), requireJson, async (c) => {
    const device = c.get('device');
    // Parsed and validated off this thread where the reader has threads; responses to surveys
    // published in the console are checked against those versions, found here.
    const prepared = await ctx.pushReader.read(await readBody(c), ctx.now(), (wanted) =>
      findPublishedSurveys(ctx.db, device.organisationId, wanted),
    );
    const now = ctx.now().toISOString();

    const origin: BatchOrigin = {
      organisationId: device.organisationId,
      deviceId: device.id,
      receivedAt: now,
    };
    const valid = prepared.valid.map((entry) => entry.record);
    const seen: AlongsideWrite = (qc) => deviceSeenQuery(qc, device.id, sighting(c, now));
    const store = async (trx: Kysely<Database>): Promise<UpsertOutcome[]> => {
      // Sign-ups (personal data) go to their own table, never to `records`.
      const stored = await storeSignUpsApart(trx, origin, valid, (others) =>
        upsertRecordBatch(trx, origin, others, ctx.upsertPath),
      );
      await seen(trx).execute();
      return stored;
    };
    // The batch, the device's sighting and any re-published event commit together: one
    // transaction per push. An accepted event may be published, and tablets must then get
    // the stored version: the feed lock comes first, as for every publisher (withFeedLock).
    // Batches without events (nearly all) neither take the lock nor look; without sign-ups
    // either, the batch and the sighting go to `upsertRecordBatch` together, which on
    // PostgreSQL makes them one statement (one round trip instead of four).
    const outcomes = carriesEvents(valid)
      ? await withFeedLock(ctx.db, async (trx) => {
          const stored = await store(trx);
          await republishAcceptedEvents(
            trx,
            device.organisationId,
            { records: valid, outcomes: stored },
            now,
          );
          return stored;
        })
      : valid.some(isSignUp)
        ? await inTransaction(ctx.db, store)
        : await upsertRecordBatch(ctx.db, origin, valid, ctx.upsertPath, seen);

    const results = prepared.results.slice();
    prepared.valid.forEach(({ index, record }, n) => {
      results[index] = { id: record.id, status: outcomes[n]! };
    });
    const body: PushResponse = {
      results: results.map((result): PushResult => {
        // Every slot is either rejected or stored by now; anything else is a server bug, and
        // a 500 (the device retries) beats answering for a record we did not handle.
        if (result === undefined) throw new Error('A pushed record was left without a result');
        return result;
      }),
    };
    return c.json(body);
  });

  routes.get('/pull', auth, async (c) => {
    const device = c.get('device');
    const query = validate(pullQuerySchema, { since: c.req.query('since') }, 'query');
    const cursor = Number(query.since ?? '0');
    const page = await pullSince(ctx.db, device.organisationId, cursor, PULL_LIMIT);
    const organisation = await findOrganisation(ctx.db, device.organisationId);
    // After the read, on purpose: on SQLite this write resolves only once the WAL is synced
    // (db/wal-sync.ts), and that sync covers what was just read too, which another worker
    // may have committed a moment ago. A device must never hold a cursor past a change that a
    // power cut could take back and number again (tests/server/db/wal-sync.test.ts).
    await recordDeviceSeen(ctx.db, device.id, sighting(c, ctx.now().toISOString()));
    const last = page.changes.at(-1);
    const body: PullResponse = {
      changes: page.changes.map((change) => ({
        seq: change.seq,
        kind: change.kind,
        id: change.id,
        data: JSON.parse(change.data) as unknown,
      })),
      cursor: last === undefined ? String(cursor) : String(last.seq),
      hasMore: page.hasMore,
      ...(organisation === undefined ? {} : { organisationName: organisation.name }),
    };
    return c.json(body);
  });

  return routes;
}
