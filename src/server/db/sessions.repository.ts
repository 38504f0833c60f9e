import type { Kysely } from 'kysely';
import type { Database } from './database';

/** A session about to start; the cookie value itself is never stored, only its hash. */
export interface NewSession {
  idHash: string;
  adminId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** Starts a session. */
export async function insertSession(db: Kysely<Database>, session: NewSession): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      id_hash: session.idHash,
      admin_id: session.adminId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A live admin session and who it belongs to. */
export interface AdminSession {
  idHash: string;
  adminId: string;
  organisationId: string;
  email: string;
  csrfToken: string;
  expiresAt: string;
}

/** The session with this id hash, if it has not expired by `now`. */
export async function findLiveSession(
  db: Kysely<Database>,
  idHash: string,
  now: string,
): Promise<AdminSession | undefined> {
  return db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select([
      'admin_sessions.id_hash as idHash',
      'admins.id as adminId',
      'admins.organisation_id as organisationId',
      'admins.email as email',
      'admin_sessions.csrf_token as csrfToken',
      'admin_sessions.expires_at as expiresAt',
    ])
    .where('admin_sessions.id_hash', '=', idHash)
    .where('admin_sessions.expires_at', '>', now)
    .executeTakeFirst();
}

/** Ends a session (sign-out). */
export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
}

/** Housekeeping, run at each login so the table holds only live sessions. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
}

/** Ends every session of an admin but one (after a password change, the one that made it). */
export async function deleteOtherSessions(
  db: Kysely<Database>,
  adminId: string,
  keepIdHash: string,
): Promise<void> {
  await db
    .deleteFrom('admin_sessions')
    .where('admin_id', '=', adminId)
    .where('id_hash', '!=', keepIdHash)
    .execute();
}
