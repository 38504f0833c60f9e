import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { openDatabase, SQLITE_FILE } from '../../../src/server/db/open-database';
import type { OpenDatabase } from '../../../src/server/db/open-database';
import { inTransaction } from '../../../src/server/db/transaction';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { enrolDevice, issueEnrolmentCode } from '../../../src/server/enrolment';
import type { WriterReport } from './sqlite-writer-process';

const POSTGRES = (process.env.INVOLVE_TEST_DATABASE_URL ?? '') !== '';
const WRITER = join(import.meta.dirname, 'sqlite-writer-process.ts');
/** The `counters` row the read-then-write transactions add to. */
const COUNTER = 'test-read-then-write';
/** Each process starts with tsx, which takes a second or two. */
const TIMEOUT_MS = 60_000;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function emptyDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'involve-sqlite-processes-'));
  dirs.push(dir);
  return dir;
}

/**
 * Starts `processes` writer processes with these arguments, lets them all go once every one has
 * opened the file, and answers their reports.
 */
async function runTogether(processes: number, args: string[]): Promise<WriterReport[]> {
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outputs = children.map((child) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.startsWith('ready\n')) resolve();
      });
      child.once('exit', () => reject(new Error(`a writer exited before it was ready: ${stderr}`)));
    });
    const exited = new Promise<string>((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`a writer exited ${code}: ${stderr}`)),
      ),
    );
    return { ready, exited };
  });
  await Promise.all(outputs.map((output) => output.ready));
  for (const child of children) child.stdin.end('go\n');
  const stdouts = await Promise.all(outputs.map((output) => output.exited));
  return stdouts.map((stdout) => JSON.parse(stdout.trim().split('\n').at(-1)!) as WriterReport);
}

describe.skipIf(POSTGRES)('several processes on one SQLite file (SQLite only)', () => {
  it(
    'runs read-then-write transactions from two processes at once without SQLITE_BUSY, none lost',
    async () => {
      const dataDir = await emptyDataDir();
      const database = openDatabase({ dataDir });
      try {
        await migrateToLatest(database.db, 'sqlite');
        await database.db.insertInto('counters').values({ name: COUNTER, value: 0 }).execute();
        const organisation = await getDefaultOrganisation(database.db);
        const { code } = await issueEnrolmentCode(database.db, organisation.id, new Date());
        const device = await enrolDevice(database.db, code, 'Tablet', new Date());
        if (device === undefined) throw new Error('enrolment failed');

        const perProcess = 150;
        const reports = await runTogether(2, [
          dataDir,
          'read-then-write',
          String(perProcess),
          organisation.id,
          device.deviceId,
          COUNTER,
        ]);

        expect(reports.flatMap((report) => report.errors)).toEqual([]);
        expect(reports.map((report) => report.committed)).toEqual([perProcess, perProcess]);
        // Every increment read the one before it: none was computed from a stale value.
        const { value } = await database.db
          .selectFrom('counters')
          .select('value')
          .where('name', '=', COUNTER)
          .executeTakeFirstOrThrow();
        expect(value).toBe(2 * perProcess);
        const records = await database.db.selectFrom('records').select('id').execute();
        expect(records).toHaveLength(2 * perProcess);
      } finally {
        await database.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'migrates an empty file from four processes starting at once: each migration runs once',
    async () => {
      const dataDir = await emptyDataDir();
      const reports = await runTogether(4, [dataDir, 'migrate']);
      expect(reports.flatMap((report) => report.errors)).toEqual([]);

      const database = openDatabase({ dataDir });
      try {
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
          database.db,
        );
        const names = applied.rows.map((row) => row.name);
        expect(names.length).toBeGreaterThan(0);
        expect(new Set(names).size).toBe(names.length);
        // The initial migration's seed row, once.
        const organisations = await database.db.selectFrom('organisations').select('id').execute();
        expect(organisations).toHaveLength(1);
      } finally {
        await database.close();
      }
    },
    TIMEOUT_MS,
  );

  /**
   * Runs `body` on a migrated database while another connection to the file (as another
   * server worker or the admin CLI would hold) has the write lock, having set the counter to
   * 10 uncommitted; `release` commits that.
   */
  async function whileLockedElsewhere(
    body: (database: OpenDatabase, release: () => void) => Promise<void>,
  ): Promise<void> {
    const dataDir = await emptyDataDir();
    const database = openDatabase({ dataDir });
    const other = new SqliteDatabase(join(dataDir, SQLITE_FILE));
    try {
      await migrateToLatest(database.db, 'sqlite');
      await database.db.insertInto('counters').values({ name: COUNTER, value: 0 }).execute();
      other.exec('begin immediate');
      other.prepare('update counters set value = 10 where name = ?').run(COUNTER);
      await body(database, () => other.exec('commit'));
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
      await database.close();
    }
  }

  const counter = async (database: OpenDatabase) =>
    (
      await database.db
        .selectFrom('counters')
        .select('value')
        .where('name', '=', COUNTER)
        .executeTakeFirstOrThrow()
    ).value;

  /** Long enough for a timer to fire while a statement waits for the lock. */
  const aMoment = () => new Promise((resolve) => setTimeout(resolve, 30));

  it("waits for another connection's write lock without stopping the process, then writes", async () => {
    await whileLockedElsewhere(async (database, release) => {
      const order: string[] = [];
      const waiting = inTransaction(database.db, async (trx) => {
        order.push('began');
        const { value } = await trx
          .selectFrom('counters')
          .select('value')
          .where('name', '=', COUNTER)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('counters')
          .set({ value: value + 1 })
          .where('name', '=', COUNTER)
          .execute();
      });
      // While the transaction waits for the lock, timers still run in this process: SQLite's
      // own busy handler would have held the whole process asleep until the lock was free.
      await aMoment();
      order.push('timer ran');
      release();
      await waiting;
      expect(order).toEqual(['timer ran', 'began']);
      // It began after the other commit, so it read that commit's value.
      expect(await counter(database)).toBe(11);
    });
  });

  it('waits for the lock in a write outside any transaction too, and in a read never', async () => {
    await whileLockedElsewhere(async (database, release) => {
      // Reads what was committed before the other transaction, without waiting (WAL).
      expect(await counter(database)).toBe(0);
      const order: string[] = [];
      const writing = database.db
        .updateTable('counters')
        .set((eb) => ({ value: eb('value', '+', 1) }))
        .where('name', '=', COUNTER)
        .execute()
        .then(() => order.push('wrote'));
      await aMoment();
      order.push('timer ran');
      release();
      await writing;
      expect(order).toEqual(['timer ran', 'wrote']);
      expect(await counter(database)).toBe(11);
    });
  });
});
