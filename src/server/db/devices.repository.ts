import type { Kysely } from 'kysely';
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
  await db
    .updateTable('devices')
    .set({
      last_seen_at: sighting.seenAt,
      ...(sighting.appVersion === undefined ? {} : { app_version: sighting.appVersion }),
      ...(sighting.outboxCount === undefined ? {} : { outbox_count: sighting.outboxCount }),
    })
    .where('id', '=', deviceId)
    .execute();
}

/** A device as listed to admins. */
export interface DeviceSummary {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  appVersion: string | null;
  outboxCount: number | null;
}

/** The organisation's devices, newest first. */
export async function listDevices(
  db: Kysely<Database>,
  organisationId: string,
): Promise<DeviceSummary[]> {
  return db
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
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
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
