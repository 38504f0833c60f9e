import type { Kysely } from 'kysely';

/**
 * What the admin console keeps besides collected records:
 *
 * - `survey_versions`: surveys made or edited in the console, one row per version. A version
 *   is a `draft` until published, then never changes; editing starts the next version.
 * - `outcomes`: "you said, we did", as the admin wrote them, with when they were published
 *   and withdrawn. `event_id` is copied out of the JSON so an event's page can find them.
 * - `event_publications`: which events tablets are given by pull. The `published` table is
 *   only the feed (the latest change per item); this says what the admin decided, and when.
 *   Unpublishing keeps the row with `withdrawn_at` set, and the event goes out once more
 *   with `withdrawnAt` so tablets drop it.
 * - `organisation_settings`: small named settings as JSON (the easy-read jargon list).
 *
 * Same conventions as before: TEXT timestamps, JSON as TEXT, no booleans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('survey_versions')
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('survey_versions_pk', ['organisation_id', 'survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('outcomes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('event_id', 'text')
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema
    .createIndex('outcomes_org_created_idx')
    .on('outcomes')
    .columns(['organisation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('outcomes_org_event_idx')
    .on('outcomes')
    .columns(['organisation_id', 'event_id'])
    .execute();

  await db.schema
    .createTable('event_publications')
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addColumn('withdrawn_at', 'text')
    .addPrimaryKeyConstraint('event_publications_pk', ['organisation_id', 'event_id'])
    .execute();

  await db.schema
    .createTable('organisation_settings')
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('organisation_settings_pk', ['organisation_id', 'name'])
    .execute();
}
