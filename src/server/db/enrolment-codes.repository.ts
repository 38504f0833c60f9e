import type { Kysely } from 'kysely';
import type { Database } from './database';

/** A code about to be issued, stored as the hash of its normalised form. */
export interface NewEnrolmentCode {
  codeHash: string;
  organisationId: string;
  createdAt: string;
  expiresAt: string;
}

/** Stores a newly issued code. */
export async function insertEnrolmentCode(
  db: Kysely<Database>,
  code: NewEnrolmentCode,
): Promise<void> {
  await db
    .insertInto('enrolment_codes')
    .values({
      code_hash: code.codeHash,
      organisation_id: code.organisationId,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
      used_at: null,
      device_id: null,
    })
    .execute();
}

/**
 * Marks an unused, unexpired code as used and answers its organisation, or undefined when the
 * code is unknown, used or expired. One conditional UPDATE, so two devices racing with the
 * same code cannot both win: the loser's WHERE no longer matches once the winner commits.
 */
export async function claimEnrolmentCode(
  db: Kysely<Database>,
  codeHash: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable('enrolment_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('organisation_id')
    .executeTakeFirst();
  return row?.organisation_id;
}

/** Notes which device a claimed code enrolled, for the audit trail. */
export async function linkEnrolmentCodeToDevice(
  db: Kysely<Database>,
  codeHash: string,
  deviceId: string,
): Promise<void> {
  await db
    .updateTable('enrolment_codes')
    .set({ device_id: deviceId })
    .where('code_hash', '=', codeHash)
    .execute();
}

/** Housekeeping: codes that expired unused more than a week ago tell nobody anything. */
export async function deleteStaleEnrolmentCodes(
  db: Kysely<Database>,
  olderThan: string,
): Promise<void> {
  await db
    .deleteFrom('enrolment_codes')
    .where('used_at', 'is', null)
    .where('expires_at', '<', olderThan)
    .execute();
}
