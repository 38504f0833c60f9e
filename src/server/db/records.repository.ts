import type { Statement } from 'better-sqlite3';
import { sql } from 'kysely';
import type {
  Insertable,
  Kysely,
  OnConflictBuilder,
  QueryCreator,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely';
import { columnText } from './column-text';
import type { Database, RecordsTable } from './database';
import type { SqliteHandle } from './open-database';
import { inTransaction } from './transaction';

/** One validated record, ready to store. */
export interface RecordToStore {
  id: string;
  kind: string;
  schemaVersion: number;
  eventId: string;
  /** What it answers (a survey response's survey id); '' when nothing, or not given. */
  subjectId?: string | undefined;
  /** The day it is about (an event's date); '' when none, or not given. */
  recordDate?: string | undefined;
  /** The validated record as JSON text. */
  data: string;
  /** `updatedAt` in `toISOString` form: text comparison must equal time comparison. */
  updatedAt: string;
}

/** Who pushed a batch, and when it arrived. */
export interface BatchOrigin {
  organisationId: string;
  /** The server's id of the pushing device. */
  deviceId: string;
  receivedAt: string;
}

/**
 * A faster way for {@link upsertRecordBatch} to write than Kysely's multi-row statements:
 * the better-sqlite3 handle behind a SQLite `db` (`OpenDatabase.sqlite`), or `'postgres'`
 * when `db` is PostgreSQL.
 */
export type UpsertPath = SqliteHandle | 'postgres';

/**
 * A write to commit with a batch, whatever happens to its records (the pushing device's
 * sighting): on PostgreSQL part of the batch's one statement, elsewhere run after the rows in
 * the batch's transaction.
 */
export type AlongsideWrite = (
  qc: QueryCreator<Database>,
) => UpdateQueryBuilder<Database, 'devices', 'devices', UpdateResult>;

/** What happened to each record of a batch. */
export type UpsertOutcome = 'accepted' | 'duplicate';

/**
 * Rows per INSERT statement. Multi-row VALUES avoids a round trip per record; 100 rows × 10
 * columns stays far below SQLite's (32,766) and PostgreSQL's (65,535) parameter limits.
 */
const ROWS_PER_STATEMENT = 100;

type RecordRow = Omit<Insertable<RecordsTable>, 'seq'>;

/**
 * What makes the insert an idempotent upsert: on an id already stored, update when the
 * incoming version is newer and the row belongs to the same organisation. Only inserted or
 * updated rows come back from the statement.
 */
function onIdConflict(oc: OnConflictBuilder<Database, 'records'>) {
  return oc
    .column('id')
    .doUpdateSet((eb) => ({
      kind: eb.ref('excluded.kind'),
      schema_version: eb.ref('excluded.schema_version'),
      event_id: eb.ref('excluded.event_id'),
      device_id: eb.ref('excluded.device_id'),
      data: eb.ref('excluded.data'),
      record_updated_at: eb.ref('excluded.record_updated_at'),
      received_at: eb.ref('excluded.received_at'),
      subject_id: eb.ref('excluded.subject_id'),
      record_date: eb.ref('excluded.record_date'),
    }))
    .where((eb) =>
      eb.and([
        eb('records.record_updated_at', '<', eb.ref('excluded.record_updated_at')),
        eb('records.organisation_id', '=', eb.ref('excluded.organisation_id')),
      ]),
    );
}

/** The upsert of these rows as one multi-row statement. */
function upsertQuery(db: Kysely<Database>, rows: RecordRow[]) {
  return upsertOnlyQuery(db, rows).returning('id');
}

/** {@link upsertQuery} without the ids of the rows it stored. */
function upsertOnlyQuery(db: Kysely<Database>, rows: RecordRow[]) {
  return db.insertInto('records').values(rows).onConflict(onIdConflict);
}

/**
 * The upsert of a whole batch as one PostgreSQL statement: each column's values as one array
 * parameter, unnested into rows in the order given, and the ids stored answered as one array
 * in one row (null when every row was stored). With `alongside`, that write is part of the
 * same statement. A 500-record push is one round trip, where multi-row VALUES took five
 * statements of 1,100 parameters each, and a transaction of its own with the sighting took
 * three more (BEGIN, UPDATE, COMMIT).
 *
 * Tried and not kept: the rows as one JSON parameter read by `json_to_recordset` spared the
 * server node-postgres's escaping of array elements (1–2 ms of CPU a push) but cost
 * PostgreSQL as much again, and PostgreSQL is the part that several instances share
 * (BENCHMARKS.md).
 */
function postgresUpsertQuery(
  db: Kysely<Database>,
  origin: BatchOrigin,
  records: RecordToStore[],
  alongside: AlongsideWrite | undefined,
) {
  const rows = records.map((record) => toRow(origin, record));
  const values = <K extends keyof RecordRow>(key: K) => rows.map((row) => row[key]);
  const insert = db
    .insertInto('records')
    .columns([
      'id',
      'organisation_id',
      'kind',
      'schema_version',
      'event_id',
      'device_id',
      'data',
      'record_updated_at',
      'received_at',
      'subject_id',
      'record_date',
    ])
    .expression(
      sql`select r.id, ${origin.organisationId}::text, r.kind, r.schema_version, r.event_id,
        ${origin.deviceId}::text, r.data, r.record_updated_at, ${origin.receivedAt}::text,
        r.subject_id, r.record_date
      from unnest(${values('id')}::text[], ${values('kind')}::text[],
        ${values('schema_version')}::integer[], ${values('event_id')}::text[],
        ${values('data')}::text[], ${values('record_updated_at')}::text[],
        ${values('subject_id')}::text[], ${values('record_date')}::text[])
        with ordinality as r(id, kind, schema_version, event_id, data, record_updated_at,
          subject_id, record_date, n)
      order by r.n`,
    )
    .onConflict(onIdConflict)
    .returning('id');
  // An unreferenced data-modifying WITH still runs, once and to completion, in the statement.
  // PostgreSQL runs it after the insert (the part the query reads), so a push locks its records
  // and then its device row, the order every other push path takes (the sighting is the last
  // write of a push's transaction): pushes from one device cannot deadlock on the two.
  const withAlongside = alongside === undefined ? db : db.with('alongside', alongside);
  // Nearly every push stores every row it offers: then the answer is null, not 500 ids sent
  // and parsed again on this side.
  const ids = sql<string[] | null>`case when count(*) = ${records.length} then null
    else coalesce(array_agg(stored.id), '{}') end`;
  return withAlongside
    .with('stored', () => insert)
    .selectFrom('stored')
    .select(ids.as('ids'));
}

/** The row for a record: its values in the order of the prepared statement's parameters. */
function toRow(origin: BatchOrigin, record: RecordToStore): RecordRow {
  return {
    id: record.id,
    organisation_id: origin.organisationId,
    kind: record.kind,
    schema_version: record.schemaVersion,
    event_id: record.eventId,
    device_id: origin.deviceId,
    data: record.data,
    record_updated_at: record.updatedAt,
    received_at: origin.receivedAt,
    subject_id: columnText(record.subjectId ?? ''),
    record_date: record.recordDate ?? '',
  };
}

/**
 * The upsert as better-sqlite3 statements: one for {@link ROWS_PER_STATEMENT} rows, one for
 * one; each answering the ids it stored, and without them (`Only`), with the savepoint that
 * tries those (see {@link storeChunks}).
 */
interface PreparedUpsert {
  chunk: Statement<unknown[], string>;
  one: Statement<unknown[], string>;
  chunkOnly: Statement;
  oneOnly: Statement;
  savepoint: Statement<[]>;
  release: Statement<[]>;
  rollbackTo: Statement<[]>;
}

/** Prepared once per SQLite handle and kept for its life; see {@link preparedUpsert}. */
const preparedUpserts = new WeakMap<SqliteHandle, PreparedUpsert>();

/**
 * The SQL of {@link upsertQuery} (or, with `answer` false, {@link upsertOnlyQuery}) for `rows`
 * rows, as Kysely compiles it, so that every path shares one definition of the upsert.
 */
function upsertSql(db: Kysely<Database>, rows: number, answer: boolean): string {
  const sample = Array.from({ length: rows }, (_, n) =>
    toRow(
      { organisationId: `organisation-${n}`, deviceId: `device-${n}`, receivedAt: `at-${n}` },
      {
        id: `id-${n}`,
        kind: `kind-${n}`,
        schemaVersion: n,
        eventId: `event-${n}`,
        data: `data-${n}`,
        updatedAt: `updated-${n}`,
        subjectId: `subject-${n}`,
        recordDate: `date-${n}`,
      },
    ),
  );
  const compiled = (answer ? upsertQuery(db, sample) : upsertOnlyQuery(db, sample)).compile();
  const values = sample.flatMap((row) => Object.values(row));
  // Statements are run with each row's values in key order: insist that this is the order
  // of the compiled parameters, so a change in Kysely cannot shuffle columns silently.
  if (
    compiled.parameters.length !== values.length ||
    compiled.parameters.some((parameter, index) => parameter !== values[index])
  ) {
    throw new Error('The compiled upsert does not take its parameters row by row in column order');
  }
  return compiled.sql;
}

/** Savepoint of {@link storeChunks}; SQLite's savepoints nest, by name. */
const ALL_OR_NOTHING = 'upsert_all_or_nothing';

/**
 * The upsert statements for this handle. Kysely builds and compiles a query, and
 * better-sqlite3 prepares it, on every call: for a 500-record push that was about as much
 * time as SQLite's own work, and is saved by preparing once.
 */
function preparedUpsert(db: Kysely<Database>, sqlite: SqliteHandle): PreparedUpsert {
  let prepared = preparedUpserts.get(sqlite);
  if (prepared === undefined) {
    const answering = (rows: number) =>
      sqlite.prepare<unknown[], string>(upsertSql(db, rows, true)).pluck();
    const only = (rows: number) => sqlite.prepare(upsertSql(db, rows, false));
    prepared = {
      chunk: answering(ROWS_PER_STATEMENT),
      one: answering(1),
      chunkOnly: only(ROWS_PER_STATEMENT),
      oneOnly: only(1),
      savepoint: sqlite.prepare(`savepoint ${ALL_OR_NOTHING}`),
      release: sqlite.prepare(`release ${ALL_OR_NOTHING}`),
      rollbackTo: sqlite.prepare(`rollback to ${ALL_OR_NOTHING}`),
    };
    preparedUpserts.set(sqlite, prepared);
  }
  return prepared;
}

/** Rows for one prepared statement: {@link ROWS_PER_STATEMENT} of them, or one. */
interface Chunk {
  /** Whether it is a whole chunk (for the multi-row statement), not a single row. */
  whole: boolean;
  /** Each row's values in turn, in the order of the statement's parameters. */
  values: unknown[];
}

/**
 * The rows in chunks: whole ones as multi-row statements (fewer statements cost less, as on
 * the Kysely path), the rest row by row, so that no statement is prepared per batch size.
 */
function chunksOf(origin: BatchOrigin, winners: RecordToStore[]): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  for (; start + ROWS_PER_STATEMENT <= winners.length; start += ROWS_PER_STATEMENT) {
    const values: unknown[] = [];
    for (let n = start; n < start + ROWS_PER_STATEMENT; n++) {
      values.push(...Object.values(toRow(origin, winners[n]!)));
    }
    chunks.push({ whole: true, values });
  }
  for (; start < winners.length; start++) {
    chunks.push({ whole: false, values: Object.values(toRow(origin, winners[start]!)) });
  }
  return chunks;
}

/**
 * Upserts every row and answers the ids stored (undefined when every row was), all under one
 * savepoint: if a statement fails, everything is undone to it, so that a caller that goes on
 * with its transaction finds it as it was (unless the failure ended the transaction, which
 * SQLite does on some errors).
 *
 * First with statements that do not answer which rows they stored, keeping their work if they
 * stored all of them. Nearly every push stores every record it offers (a device sends what is
 * new or changed), and then the statements' counts of rows changed say so: RETURNING cost
 * about 0.6 ms of the 4–5 ms a 500-record push takes in SQLite, savepoint included
 * (BENCHMARKS.md, "Morning, 2026-12-08"). The count is exact because each id appears once
 * among the rows, and an upsert row counts once when inserted or updated and not at all when
 * its conflict clause declines. Otherwise that work is undone (the seq counter too) and the
 * rows are written again with the statements that answer the ids.
 */
function storeChunks(statements: PreparedUpsert, chunks: Chunk[]): string[] | undefined {
  statements.savepoint.run();
  try {
    const ids = storedAll(statements, chunks) ? undefined : storedAmong(statements, chunks);
    statements.release.run();
    return ids;
  } catch (error) {
    try {
      statements.rollbackTo.run();
      statements.release.run();
    } catch {
      // The failure is what to report.
    }
    throw error;
  }
}

/** Whether the statements without RETURNING stored every row; undone to the savepoint if not. */
function storedAll(statements: PreparedUpsert, chunks: Chunk[]): boolean {
  for (const { whole, values } of chunks) {
    const { changes } = (whole ? statements.chunkOnly : statements.oneOnly).run(values);
    if (changes !== (whole ? ROWS_PER_STATEMENT : 1)) {
      statements.rollbackTo.run();
      return false;
    }
  }
  return true;
}

/** The ids stored by the statements that answer them. */
function storedAmong(statements: PreparedUpsert, chunks: Chunk[]): string[] {
  const ids: string[] = [];
  for (const { whole, values } of chunks) {
    if (whole) ids.push(...statements.chunk.all(values));
    else {
      const id = statements.one.get(values);
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}

/**
 * Stores a batch idempotently in one transaction and says, per input record in input order,
 * `accepted` (new, or newer than the stored version) or `duplicate` (the same or an older
 * version is already stored, or a newer copy of it appears in this batch).
 *
 * A record only ever moves forward: an update applies when its `updatedAt` is later than the
 * stored one, so retries, reordering and lost responses converge on the latest version. A
 * record id owned by another organisation is never touched.
 *
 * Joins the caller's transaction when `db` is one. `path` selects a faster way to write the
 * same upsert. On SQLite (the better-sqlite3 handle behind `db`): statements prepared once per
 * handle, run synchronously. Kysely's SQLite driver has one connection and a transaction
 * holds it until it ends, so statements issued on the handle inside the transaction's
 * callback belong to that transaction (begun IMMEDIATE, so it holds the file's write lock
 * against other processes) and roll back with it. On PostgreSQL (`'postgres'`): the whole
 * batch as one statement of array parameters, with `alongside` in it: one round trip, and
 * no transaction of its own. Without `path` Kysely builds and runs
 * multi-row statements, {@link ROWS_PER_STATEMENT} rows each, on either store.
 *
 * `alongside` commits with the batch, also when every record is a duplicate.
 */
export async function upsertRecordBatch(
  db: Kysely<Database>,
  origin: BatchOrigin,
  records: readonly RecordToStore[],
  path?: UpsertPath,
  alongside?: AlongsideWrite,
): Promise<UpsertOutcome[]> {
  // PostgreSQL refuses to update one row twice in a statement, and the older copy would lose
  // anyway: keep the latest version of each id (the first one on a tie).
  const winnerById = new Map<string, number>();
  records.forEach((record, index) => {
    const current = winnerById.get(record.id);
    if (current === undefined || records[current]!.updatedAt < record.updatedAt) {
      winnerById.set(record.id, index);
    }
  });
  // Rows go in id order so that concurrent batches sharing ids lock them in the same order:
  // PostgreSQL would otherwise deadlock two pushes of [a, b] and [b, a] and fail one of them.
  // (SQLite has one writer, but the same order gives the same seq numbers on both paths.)
  const winners = [...winnerById.values()]
    .map((index) => records[index]!)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // The ids stored, or `all` when every winner was (as on nearly every push).
  let stored: Set<string> | 'all' = new Set<string>();
  const sqlite = path === 'postgres' ? undefined : path;
  if (winners.length === 0) {
    if (alongside !== undefined) await alongside(db).execute();
  } else if (path === 'postgres') {
    // One statement: atomic on its own, so no transaction of its own (BEGIN and COMMIT would
    // be two more round trips a push).
    const { ids } = await postgresUpsertQuery(
      db,
      origin,
      winners,
      alongside,
    ).executeTakeFirstOrThrow();
    stored = ids === null ? 'all' : new Set(ids);
  } else if (sqlite !== undefined) {
    const statements = preparedUpsert(db, sqlite);
    // Deliberately no await among the rows: they are written while the transaction holds the
    // connection, and nothing else can run on it in between.
    await inTransaction(db, async (trx) => {
      // A handle that is not the one behind `db` would write outside the transaction.
      if (!sqlite.inTransaction) {
        throw new Error('The SQLite handle is not the connection of this transaction');
      }
      const ids = storeChunks(statements, chunksOf(origin, winners));
      stored = ids === undefined ? 'all' : new Set(ids);
      if (alongside !== undefined) await alongside(trx).execute();
    });
  } else {
    const ids = new Set<string>();
    stored = ids;
    await inTransaction(db, async (trx) => {
      for (let start = 0; start < winners.length; start += ROWS_PER_STATEMENT) {
        const chunk = winners.slice(start, start + ROWS_PER_STATEMENT);
        const rows = await upsertQuery(
          trx,
          chunk.map((record) => toRow(origin, record)),
        ).execute();
        for (const row of rows) ids.add(row.id);
      }
      if (alongside !== undefined) await alongside(trx).execute();
    });
  }

  const isStored = (id: string) => stored === 'all' || stored.has(id);
  return records.map((record, index) =>
    winnerById.get(record.id) === index && isStored(record.id) ? 'accepted' : 'duplicate',
  );
}

/** A stored record as an admin sees it. */
export interface StoredRecord {
  seq: number;
  id: string;
  kind: string;
  schemaVersion: number;
  eventId: string;
  deviceId: string;
  receivedAt: string;
  /** The record JSON as stored; parse before sending. */
  data: string;
}

/** Filters and page position for {@link listRecords}. */
export interface RecordQuery {
  organisationId: string;
  kind?: string | undefined;
  eventId?: string | undefined;
  /** Return records with a larger seq than this (keyset paging); 0 for the first page. */
  after: number;
  limit: number;
}

/**
 * One page of stored records in seq order, and whether more follow. Keyset paging (`seq >
 * after`) costs the same on page 1,000 as on page 1.
 */
export async function listRecords(
  db: Kysely<Database>,
  query: RecordQuery,
): Promise<{ records: StoredRecord[]; hasMore: boolean }> {
  let select = db
    .selectFrom('records')
    .select([
      'seq',
      'id',
      'kind',
      'schema_version as schemaVersion',
      'event_id as eventId',
      'device_id as deviceId',
      'received_at as receivedAt',
      'data',
    ])
    .where('organisation_id', '=', query.organisationId)
    .where('seq', '>', query.after);
  if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
  if (query.eventId !== undefined) select = select.where('event_id', '=', query.eventId);
  const rows = await select
    .orderBy('seq')
    .limit(query.limit + 1)
    .execute();
  return { records: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** A stored record with the device that sent its stored version. */
export interface RecordWithDevice {
  id: string;
  /** The server's id of the device that sent the stored version. */
  deviceId: string;
  /** That device's name. */
  deviceName: string;
  /** The record JSON as stored. */
  data: string;
}

function withDevice(db: Kysely<Database>, organisationId: string, kind: string) {
  return db
    .selectFrom('records')
    .innerJoin('devices', 'devices.id', 'records.device_id')
    .select([
      'records.id as id',
      'records.device_id as deviceId',
      'devices.name as deviceName',
      'records.data as data',
    ])
    .where('records.organisation_id', '=', organisationId)
    .where('records.kind', '=', kind);
}

/** Where a page of {@link listEvents} starts: after this event, in list order. */
export interface EventListPosition {
  date: string;
  id: string;
}

/**
 * The read behind {@link listEvents}: one range of `records_org_kind_date_id_idx`, which holds
 * events only, so a page costs the same however many events came before. Exported so a test
 * can ask the database for its plan.
 */
export function eventsPageQuery(
  db: Kysely<Database>,
  query: { organisationId: string; after?: EventListPosition | undefined; limit: number },
) {
  let select = withDevice(db, query.organisationId, 'event')
    // Says, as a literal, which rows the (partial) index holds, so that both stores know it
    // covers this query in any plan, not only in one made for the value bound above.
    .where('records.kind', '=', sql.lit('event'))
    .where('records.data', 'not like', TOMBSTONE_PATTERN);
  const after = query.after;
  if (after !== undefined) {
    // A row-value comparison, which both stores read as one range of the index.
    select = select.where((eb) =>
      eb(eb.refTuple('records.record_date', 'records.id'), '<', eb.tuple(after.date, after.id)),
    );
  }
  return select
    .select('records.record_date as date')
    .orderBy('records.record_date', 'desc')
    .orderBy('records.id', 'desc')
    .limit(query.limit + 1);
}

/**
 * One page of the organisation's live events (deleted ones left out), newest date first and,
 * within a day, the last made first (ids are UUIDv7s), and whether more follow, keyset-paged
 * ({@link eventsPageQuery}).
 */
export async function listEvents(
  db: Kysely<Database>,
  query: { organisationId: string; after?: EventListPosition | undefined; limit: number },
): Promise<{ events: (RecordWithDevice & { date: string })[]; hasMore: boolean }> {
  const rows = await eventsPageQuery(db, query).execute();
  return { events: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** One stored record of a kind, if the organisation has it. */
export async function findRecord(
  db: Kysely<Database>,
  organisationId: string,
  kind: string,
  id: string,
): Promise<RecordWithDevice | undefined> {
  return withDevice(db, organisationId, kind).where('records.id', '=', id).executeTakeFirst();
}

/** The records of one kind that belong to an event, in order of first arrival. */
export async function recordsOfEvent(
  db: Kysely<Database>,
  organisationId: string,
  kind: string,
  eventId: string,
): Promise<RecordWithDevice[]> {
  return withDevice(db, organisationId, kind)
    .where('records.event_id', '=', eventId)
    .orderBy('records.seq')
    .execute();
}

/**
 * A record's tombstone as it appears in the stored JSON. Stored records are always
 * `JSON.stringify` of the validated record, so this can only be the `deletedAt` key: inside
 * a string value the quotes would be escaped (`\"deletedAt\":`). Lets SQL leave deleted notes
 * out of a count without parsing every note.
 */
const TOMBSTONE_PATTERN = '%"deletedAt":"%';

/** Live notes and the devices that sent them, per event. */
export interface NoteCounts {
  noteCount: number;
  deviceCount: number;
}

/** How many live notes each event has, and from how many devices; events with none are absent. */
export async function noteCountsByEvent(
  db: Kysely<Database>,
  organisationId: string,
  eventIds?: readonly string[],
): Promise<Map<string, NoteCounts>> {
  if (eventIds !== undefined && eventIds.length === 0) return new Map();
  let query = db
    .selectFrom('records')
    .select((eb) => [
      'event_id as eventId',
      eb.fn.countAll().as('noteCount'),
      eb.fn.count('device_id').distinct().as('deviceCount'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', 'workshop-note')
    .where('data', 'not like', TOMBSTONE_PATTERN);
  if (eventIds !== undefined) query = query.where('event_id', 'in', eventIds);
  const rows = await query.groupBy('event_id').execute();
  return new Map(
    rows.map((row) => [
      row.eventId,
      { noteCount: Number(row.noteCount), deviceCount: Number(row.deviceCount) },
    ]),
  );
}

/**
 * Replaces a stored record's JSON with an edit made on the server (the admin console), if the
 * edit is newer than what is stored. Keeps `device_id`: it still says which device the
 * record came from. Answers whether the edit was stored.
 */
export async function replaceRecordData(
  db: Kysely<Database>,
  change: {
    organisationId: string;
    id: string;
    data: string;
    updatedAt: string;
    receivedAt: string;
    /** The day the edited record is about (an event's date), or '' for none. */
    recordDate: string;
  },
): Promise<boolean> {
  const rows = await db
    .updateTable('records')
    .set({
      data: change.data,
      record_updated_at: change.updatedAt,
      received_at: change.receivedAt,
      record_date: change.recordDate,
    })
    .where('id', '=', change.id)
    .where('organisation_id', '=', change.organisationId)
    .where('record_updated_at', '<', change.updatedAt)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Where a page of {@link pagesOfRecordData} starts: after this record. */
export interface RecordDataPosition {
  seq: number;
  at: string;
  id: string;
}

/**
 * The read behind one page of {@link pagesOfRecordData}. Given a `subjectId`, one range of
 * `records_org_kind_subject_seq_idx`, which holds only rows that answer something. Exported so
 * a test can ask the database for its plan.
 */
export function recordDataPageQuery(
  db: Kysely<Database>,
  organisationId: string,
  kind: string,
  subjectId: string | undefined,
  page: { after?: RecordDataPosition | undefined; size: number; byTime?: boolean | undefined },
) {
  let select = db
    .selectFrom('records')
    .select(['seq', 'id', 'record_updated_at', 'data'])
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', kind);
  if (subjectId !== undefined) select = select.where('subject_id', '=', subjectId);
  // Says, as a literal, which rows the (partial) subject index holds, so that both stores know
  // it covers this query. Rows that answer nothing ('') are not in it.
  if (subjectId !== undefined && subjectId !== '')
    select = select.where('subject_id', '<>', sql.lit(''));
  const from = page.after;
  if (from !== undefined) {
    select = page.byTime
      ? select.where((eb) =>
          eb.or([
            eb('record_updated_at', '>', from.at),
            eb.and([eb('record_updated_at', '=', from.at), eb('id', '>', from.id)]),
          ]),
        )
      : select.where('seq', '>', from.seq);
  }
  return (
    page.byTime ? select.orderBy('record_updated_at').orderBy('id') : select.orderBy('seq')
  ).limit(page.size);
}

/**
 * The stored JSON of records of one kind (and, given `subjectId`, answering that survey), a
 * page at a time: memory stays that of one page however many are stored. In order of first
 * arrival (each page one range of an index), or with `byTime` of the records' own time
 * (`updatedAt`, then id), keyset-paged too.
 */
export async function* pagesOfRecordData(
  db: Kysely<Database>,
  organisationId: string,
  kind: string,
  subjectId?: string,
  options: { pageSize?: number; byTime?: boolean } = {},
): AsyncGenerator<string[]> {
  const size = options.pageSize ?? 1000;
  let after: RecordDataPosition | undefined;
  for (;;) {
    const rows = await recordDataPageQuery(db, organisationId, kind, subjectId, {
      after,
      size,
      byTime: options.byTime,
    }).execute();
    if (rows.length === 0) return;
    yield rows.map((row) => row.data);
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { seq: last.seq, at: last.record_updated_at, id: last.id };
  }
}

/**
 * The stored JSON of the organisation's records of one kind with these ids (those it has), in
 * no particular order; asked {@link ROWS_PER_STATEMENT} ids at a time.
 */
export async function recordDataByIds(
  db: Kysely<Database>,
  organisationId: string,
  kind: string,
  ids: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < ids.length; start += ROWS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('records')
      .select('data')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', kind)
      .where('id', 'in', ids.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
    for (const row of rows) found.push(row.data);
  }
  return found;
}
