import type { Kysely, QueryCreator } from 'kysely';
import type { AdminDevice } from '../../shared/admin/admin-api';
import type { Database } from './database';

/** A device about to be enrolled; only the hash of its token is kept. */
export interface NewDevice {
  id: string;
  organisationId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
}

/** Adds an enrolled device. */
export async function insertDevice(db: Kysely<Database>, device: NewDevice): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: device.id,
      organisation_id: device.organisationId,
      name: device.name,
      token_hash: device.tokenHash,
      app_version: null,
      outbox_count: null,
      created_at: device.createdAt,
      last_seen_at: null,
      revoked_at: null,
    })
    .execute();
}

/** What a request authenticated by a device token may act as. */
export interface DeviceIdentity {
  id: string;
  organisationId: string;
  revokedAt: string | null;
}

/** The device holding the token with this SHA-256 hash, revoked or not. */
export async function findDeviceByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<DeviceIdentity | undefined> {
  return db
    .selectFrom('devices')
    .select(['id', 'organisation_id as organisationId', 'revoked_at as revokedAt'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** What a device said about itself on its latest request. */
export interface DeviceSighting {
  seenAt: string;
  appVersion?: string | undefined;
  outboxCount?: number | undefined;
}

/** Records that a device was seen, keeping earlier reports it did not repeat this time. */
export async function recordDeviceSeen(
  db: Kysely<Database>,
  deviceId: string,
  sighting: DeviceSighting,
): Promise<void> {
  await deviceSeenQuery(db, deviceId, sighting).execute();
}

/**
 * The update {@link recordDeviceSeen} runs, unrun: for a caller that commits it in one
 * statement with other writes (a push on PostgreSQL, `upsertRecordBatch`'s `alongside`).
 */
export function deviceSeenQuery(
  db: QueryCreator<Database>,
  deviceId: string,
  sighting: DeviceSighting,
) {
  return db
    .updateTable('devices')
    .set({
      last_seen_at: sighting.seenAt,
      ...(sighting.appVersion === undefined ? {} : { app_version: sighting.appVersion }),
      ...(sighting.outboxCount === undefined ? {} : { outbox_count: sighting.outboxCount }),
    })
    .where('id', '=', deviceId);
}

/** Where a page of {@link listDevices} starts: after this device, in list order. */
export interface DeviceListPosition {
  createdAt: string;
  id: string;
}

/**
 * One page of the organisation's devices, newest first (then by id, for devices enrolled in
 * the same millisecond), and whether more follow; not the console's stand-in device. Keyset
 * paging on `devices_organisation_idx`: a page costs the same however many came before.
 */
export async function listDevices(
  db: Kysely<Database>,
  query: { organisationId: string; after?: DeviceListPosition | undefined; limit: number },
): Promise<{ devices: AdminDevice[]; hasMore: boolean }> {
  let select = db
    .selectFrom('devices')
    .select([
      'id',
      'name',
      'created_at as createdAt',
      'last_seen_at as lastSeenAt',
      'revoked_at as revokedAt',
      'app_version as appVersion',
      'outbox_count as outboxCount',
    ])
    .where('organisation_id', '=', query.organisationId)
    .where('id', '!=', consoleDeviceId(query.organisationId));
  const after = query.after;
  if (after !== undefined) {
    // A row-value comparison, which both stores read as one range of the index.
    select = select.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return { devices: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** Every device of the organisation, newest first, a page at a time (for the CLI). */
export async function* pagesOfDevices(
  db: Kysely<Database>,
  organisationId: string,
  pageSize = 500,
): AsyncGenerator<AdminDevice[]> {
  let after: DeviceListPosition | undefined;
  for (;;) {
    const page = await listDevices(db, { organisationId, after, limit: pageSize });
    if (page.devices.length > 0) yield page.devices;
    const last = page.devices.at(-1);
    if (!page.hasMore || last === undefined) return;
    after = last;
  }
}

/**
 * Revokes a device of the organisation; its token stops working at once. Revoking twice keeps
 * the first time. Returns when it was revoked, or undefined if the organisation has no such
 * device.
 */
export async function revokeDevice(
  db: Kysely<Database>,
  organisationId: string,
  deviceId: string,
  now: string,
): Promise<string | undefined> {
  await db
    .updateTable('devices')
    .set({ revoked_at: now })
    .where('id', '=', deviceId)
    .where('organisation_id', '=', organisationId)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await db
    .selectFrom('devices')
    .select('revoked_at')
    .where('id', '=', deviceId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.revoked_at ?? undefined;
}

/**
 * The id under which records made in the admin console are stored. `records.device_id` must
 * name a device, so each organisation has one stand-in device row for its console. Its id has
 * a colon, which no enrolled device's id (a UUIDv7) has and the device routes refuse, and its
 * token hash is not a SHA-256, so no token can ever match it; it is also born revoked.
 */
export function consoleDeviceId(organisationId: string): string {
  return `console:${organisationId}`;
}

/** Creates the organisation's console device if it is not there yet; answers its id. */
export async function ensureConsoleDevice(
  db: Kysely<Database>,
  organisationId: string,
  now: string,
): Promise<string> {
  const id = consoleDeviceId(organisationId);
  await db
    .insertInto('devices')
    .values({
      id,
      organisation_id: organisationId,
      name: 'Admin console',
      token_hash: `none:${id}`,
      app_version: null,
      outbox_count: null,
      created_at: now,
      last_seen_at: null,
      revoked_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}
