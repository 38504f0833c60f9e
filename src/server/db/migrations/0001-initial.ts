import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../shared/ids';
import { PLACEHOLDER_ORGANISATION_NAME } from '../../../shared/organisation';
import type { Dialect } from '../database';

/**
 * Name of the organisation created on a fresh database (single-organisation for now), until
 * the lead sets the real one (`create-admin --organisation`, or the console's Account screen).
 */
export const DEFAULT_ORGANISATION_NAME = PLACEHOLDER_ORGANISATION_NAME;

/**
 * The first schema. DDL may differ per dialect (auto-numbering is spelt differently); the
 * queries that run against it never do.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('admins')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('admin_sessions')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('admin_id', 'text', (col) =>
      col.notNull().references('admins.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('admin_sessions_admin_idx')
    .on('admin_sessions')
    .column('admin_id')
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('app_version', 'text')
    .addColumn('outbox_count', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('devices_organisation_idx')
    .on('devices')
    .columns(['organisation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('enrolment_codes')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('device_id', 'text', (col) => col.references('devices.id'))
    .execute();

  await db.schema
    .createTable('records')
    // AUTOINCREMENT (SQLite) and identity (PostgreSQL) never reuse a number, so a seq cursor
    // cannot skip a row that later takes a freed number.
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (col) =>
      dialect === 'postgres'
        ? col.primaryKey().generatedAlwaysAsIdentity()
        : col.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (col) => col.notNull().unique())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('schema_version', 'integer', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull().references('devices.id'))
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('record_updated_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('records_org_kind_event_seq_idx')
    .on('records')
    .columns(['organisation_id', 'kind', 'event_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('records_org_seq_idx')
    .on('records')
    .columns(['organisation_id', 'seq'])
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'bigint', (col) => col.notNull())
    .execute();
  await sql`insert into counters (name, value) values (${'published'}, ${0})`.execute(db);

  await db.schema
    .createTable('published')
    .addColumn('seq', 'bigint', (col) => col.primaryKey())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('published_org_seq_idx')
    .on('published')
    .columns(['organisation_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('published_org_kind_id_idx')
    .on('published')
    .columns(['organisation_id', 'kind', 'id'])
    .execute();

  const existing = await sql<{ id: string }>`select id from organisations`.execute(db);
  if (existing.rows.length === 0) {
    const now = new Date();
    await sql`insert into organisations (id, name, created_at)
      values (${uuidv7(now.getTime())}, ${DEFAULT_ORGANISATION_NAME}, ${now.toISOString()})`.execute(
      db,
    );
  }
}
