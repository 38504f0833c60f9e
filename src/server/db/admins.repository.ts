import type { Kysely } from 'kysely';
import type { Database } from './database';

/** An administrator about to be created (by the CLI). */
export interface NewAdmin {
  id: string;
  organisationId: string;
  /** Already lower-cased by the caller. */
  email: string;
  passwordHash: string;
  createdAt: string;
}

/** Adds an admin. Answers false, changing nothing, when the email is taken. */
export async function insertAdmin(db: Kysely<Database>, admin: NewAdmin): Promise<boolean> {
  const rows = await db
    .insertInto('admins')
    .values({
      id: admin.id,
      organisation_id: admin.organisationId,
      email: admin.email,
      password_hash: admin.passwordHash,
      created_at: admin.createdAt,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** What sign-in needs to check an admin's password. */
export interface AdminCredentials {
  id: string;
  organisationId: string;
  email: string;
  passwordHash: string;
}

/** The admin with this (lower-cased) email, if any. */
export async function findAdminByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<AdminCredentials | undefined> {
  return db
    .selectFrom('admins')
    .select(['id', 'organisation_id as organisationId', 'email', 'password_hash as passwordHash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** The admin with this id, if any. */
export async function findAdminById(
  db: Kysely<Database>,
  id: string,
): Promise<AdminCredentials | undefined> {
  return db
    .selectFrom('admins')
    .select(['id', 'organisation_id as organisationId', 'email', 'password_hash as passwordHash'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An administrator as listed in the console: never the password hash. */
export interface AdminListing {
  id: string;
  email: string;
  createdAt: string;
}

/** The organisation's admins, oldest first. */
export async function listAdmins(
  db: Kysely<Database>,
  organisationId: string,
): Promise<AdminListing[]> {
  return db
    .selectFrom('admins')
    .select(['id', 'email', 'created_at as createdAt'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Replaces an admin's password hash. */
export async function setPasswordHash(
  db: Kysely<Database>,
  adminId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('admins')
    .set({ password_hash: passwordHash })
    .where('id', '=', adminId)
    .execute();
}
