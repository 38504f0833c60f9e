import type { Kysely } from 'kysely';
import type { Database } from './database';

/** A trust or team using Involve; every record, device and admin belongs to one. */
export interface Organisation {
  id: string;
  name: string;
}

/**
 * The organisation that admins made by the CLI belong to. Single-organisation for now: the
 * oldest one, created by the first migration. Every other query takes an organisation id.
 */
export async function getDefaultOrganisation(db: Kysely<Database>): Promise<Organisation> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The organisation with this id, if any. */
export async function findOrganisation(
  db: Kysely<Database>,
  id: string,
): Promise<Organisation | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** When the organisation was set up on this server, if it exists. */
export async function organisationCreatedAt(
  db: Kysely<Database>,
  id: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('created_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.created_at;
}

/** Gives the organisation its name (what tablets show as who holds sign-ups' details). */
export async function renameOrganisation(
  db: Kysely<Database>,
  id: string,
  name: string,
): Promise<void> {
  await db.updateTable('organisations').set({ name }).where('id', '=', id).execute();
}
