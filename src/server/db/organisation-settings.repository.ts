import type { Kysely } from 'kysely';
import type { Database } from './database';

/** A setting's stored JSON, if the organisation has set it. */
export async function readSetting(
  db: Kysely<Database>,
  organisationId: string,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('organisation_settings')
    .select('value')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

/** Sets (or replaces) a setting's JSON. */
export async function writeSetting(
  db: Kysely<Database>,
  setting: { organisationId: string; name: string; value: string; at: string },
): Promise<void> {
  await db
    .insertInto('organisation_settings')
    .values({
      organisation_id: setting.organisationId,
      name: setting.name,
      value: setting.value,
      updated_at: setting.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'name'])
        .doUpdateSet({ value: setting.value, updated_at: setting.at }),
    )
    .execute();
}
