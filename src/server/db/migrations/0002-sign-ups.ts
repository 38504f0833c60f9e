import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * Sign-ups (personal and health data) in a table of their own, never in `records`, so they
 * are never joined to notes or answers and can be erased with one hard delete. Their audit
 * trail holds no personal data: what was done, when and by which admin, not to whom.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('sign_ups')
    // Never reused (see `records.seq` in 0001): keyset paging cannot skip a row.
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (col) =>
      dialect === 'postgres'
        ? col.primaryKey().generatedAlwaysAsIdentity()
        : col.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (col) => col.notNull().unique())
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('device_id', 'text', (col) => col.notNull().references('devices.id'))
    .addColumn('schema_version', 'integer', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('postcode', 'text')
    .addColumn('search_text', 'text', (col) => col.notNull())
    .addColumn('consent_version', 'text', (col) => col.notNull())
    .addColumn('consent_language', 'text', (col) => col.notNull())
    .addColumn('consent_given_at', 'text', (col) => col.notNull())
    .addColumn('consent_news', 'integer', (col) => col.notNull())
    .addColumn('answered_by', 'text', (col) => col.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('record_updated_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sign_ups_org_seq_idx')
    .on('sign_ups')
    .columns(['organisation_id', 'seq'])
    .execute();

  await db.schema
    .createTable('sign_up_audit')
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (col) =>
      dialect === 'postgres'
        ? col.primaryKey().generatedAlwaysAsIdentity()
        : col.primaryKey().autoIncrement(),
    )
    .addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    // No foreign key: the trail must outlive the admin account that acted.
    .addColumn('admin_id', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sign_up_audit_org_seq_idx')
    .on('sign_up_audit')
    .columns(['organisation_id', 'seq'])
    .execute();
}
