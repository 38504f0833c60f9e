/**
 * Another process on a test's SQLite file, as a second server worker or the admin CLI is: it
 * opens the file with `openDatabase`, prints `ready`, waits for a line on stdin (so that all
 * the processes of a test start their work together), does it and prints one JSON line,
 * {@link WriterReport}.
 *
 * Usage: node --import tsx tests/server/db/sqlite-writer-process.ts <dataDir> migrate
 *        node --import tsx tests/server/db/sqlite-writer-process.ts <dataDir> read-then-write
 *          <transactions> <organisationId> <deviceId> <counter>
 *
 * read-then-write runs that many transactions, each adding one to the `counters` row named
 * `counter` and storing a record of the device.
 */
import { createInterface } from 'node:readline';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase } from '../../../src/server/db/open-database';
import { upsertRecordBatch } from '../../../src/server/db/records.repository';
import { inTransaction } from '../../../src/server/db/transaction';
import { uuidv7 } from '../../../src/shared/ids';

/** What the process did: transactions committed, and the error codes of those that failed. */
export interface WriterReport {
  committed: number;
  errors: string[];
}

const [dataDir, mode, count = '0', organisationId = '', deviceId = '', counter = ''] =
  process.argv.slice(2);
if (dataDir === undefined || (mode !== 'migrate' && mode !== 'read-then-write')) {
  throw new Error('usage: sqlite-writer-process.ts <dataDir> migrate|read-then-write …');
}

const database = openDatabase({ dataDir });
const { db, sqlite } = database;
const report: WriterReport = { committed: 0, errors: [] };
/** SQLite's error code (`SQLITE_BUSY_SNAPSHOT`), or the message; a migration's from its cause. */
function codeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.cause !== undefined) return codeOf(err.cause);
  return (err as { code?: string }).code ?? err.message;
}

console.log('ready');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();

if (mode === 'migrate') {
  try {
    await migrateToLatest(db, 'sqlite');
    report.committed += 1;
  } catch (err) {
    report.errors.push(codeOf(err));
  }
} else {
  for (let n = 0; n < Number(count); n++) {
    try {
      // Reads, lets the other processes run, then writes what it read plus one, and a record
      // by the push's prepared statements on the raw handle: a transaction that began DEFERRED
      // would find another process's commit in between and fail with SQLITE_BUSY_SNAPSHOT.
      await inTransaction(db, async (trx) => {
        const { value } = await trx
          .selectFrom('counters')
          .select('value')
          .where('name', '=', counter)
          .executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 1));
        const id = uuidv7();
        const at = new Date().toISOString();
        await upsertRecordBatch(
          trx,
          { organisationId, deviceId, receivedAt: at },
          [{ id, kind: 'workshop-note', schemaVersion: 1, eventId: id, data: '{}', updatedAt: at }],
          sqlite,
        );
        await trx
          .updateTable('counters')
          .set({ value: value + 1 })
          .where('name', '=', counter)
          .execute();
      });
      report.committed += 1;
    } catch (err) {
      report.errors.push(codeOf(err));
    }
  }
}

await database.close();
console.log(JSON.stringify(report));
