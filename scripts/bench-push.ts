/**
 * Push throughput on the embedded SQLite database (or PostgreSQL with
 * INVOLVE_TEST_DATABASE_URL): records per second for 500-record batches, at the repository
 * (the one-transaction upsert, through Kysely and, on SQLite, through the statements the push
 * route prepares once) and end to end through `POST /api/v1/sync/push` (JSON parsing and zod
 * validation included). Prints figures; asserts nothing.
 *
 *   npm run bench:push -- [batches]
 */
import { performance } from 'node:perf_hooks';
import type { PushRecord } from '../src/shared/sync/protocol';
import { PUSH_LIMITS } from '../src/shared/sync/protocol';
import { upsertRecordBatch } from '../src/server/db/records.repository';
import type { RecordToStore } from '../src/server/db/records.repository';
import { getDefaultOrganisation } from '../src/server/db/organisations.repository';
import { makeNote } from '../tests/fixtures/workshop.factory';
import { envelope, startTestServer } from '../tests/server/server-test-kit';

const BATCH = PUSH_LIMITS.maxRecords;
const batches = Number(process.argv[2] ?? '100');

function rate(records: number, ms: number): string {
  return `${Math.round((records / ms) * 1000).toLocaleString('en-GB')} records/s`;
}

const server = await startTestServer({
  rateLimits: { device: { limit: 1_000_000, windowMs: 60_000 } },
});
try {
  const { token, deviceId } = await server.enrolDevice('Bench tablet');
  const organisation = await getDefaultOrganisation(server.db);
  const eventId = makeNote().eventId;

  // Repository: prepared rows straight into the one-transaction upsert, through Kysely and
  // (on SQLite) through the statements prepared once per handle. The two paths take turns,
  // batch by batch, so that both write into a table of the same size.
  const batch = () =>
    Array.from({ length: BATCH }, (): RecordToStore => {
      const note = makeNote({ eventId });
      return {
        id: note.id,
        kind: 'workshop-note',
        schemaVersion: 1,
        eventId,
        data: JSON.stringify(note),
        updatedAt: note.updatedAt,
      };
    });
  const origin = {
    organisationId: organisation.id,
    deviceId,
    receivedAt: new Date().toISOString(),
  };
  const paths = [
    {
      name: 'Kysely',
      sqlite: undefined,
      batches: [] as RecordToStore[][],
      insertMs: 0,
      replayMs: 0,
    },
    ...(server.sqlite === undefined
      ? []
      : [
          {
            name: 'prepared',
            sqlite: server.sqlite,
            batches: [] as RecordToStore[][],
            insertMs: 0,
            replayMs: 0,
          },
        ]),
  ];
  for (const path of paths) path.batches = Array.from({ length: batches }, batch);
  for (const phase of ['insertMs', 'replayMs'] as const) {
    for (let b = 0; b < batches; b++) {
      for (const path of paths) {
        const started = performance.now();
        await upsertRecordBatch(server.db, origin, path.batches[b]!, path.sqlite);
        path[phase] += performance.now() - started;
      }
    }
  }

  // End to end: JSON bodies through the push route.
  const bodies: PushRecord[][] = [];
  for (let b = 0; b < batches; b++) {
    bodies.push(Array.from({ length: BATCH }, () => envelope(makeNote({ eventId }))));
  }
  const started = performance.now();
  for (const body of bodies) {
    const res = await server.push(token, body);
    if (res.status !== 200) throw new Error(`push answered ${res.status}`);
    await res.arrayBuffer();
  }
  const httpMs = performance.now() - started;

  const total = batches * BATCH;
  console.log(`${server.dialect}, ${batches} batches of ${BATCH} records (${total} records)`);
  for (const path of paths) {
    const label = path.name === 'Kysely' ? 'Kysely' : 'prepared SQLite statements';
    console.log(`  upsert via ${label}, new records:      ${rate(total, path.insertMs)}`);
    console.log(`  upsert via ${label}, replayed batches: ${rate(total, path.replayMs)}`);
  }
  console.log(
    `  POST /sync/push end to end${server.sqlite ? ' (prepared statements)' : ''}: ${rate(total, httpMs)}`,
  );
} finally {
  await server.close();
}
