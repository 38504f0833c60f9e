/**
 * bench:sync — the same 10,000 notes sent three ways: by the real client sync engine in
 * Chromium (IndexedDB outbox → server over loopback → acknowledged and cleared); one POST per
 * record (how Enketo and Workbox BackgroundSync send); and PouchDB replication of the same
 * documents to a PouchDB server (express-pouchdb, in memory) on loopback. Then server ingest
 * with 50 concurrent simulated devices. Prints figures; asserts nothing.
 *
 * Run: npm run bench:sync   (builds first)
 */
import diagnostics from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, type ClientRequestArgs } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';
import type { Request } from 'playwright-core';
import { uuidv7 } from '../src/shared/ids';
import {
  createEvent,
  launchChromium,
  machine,
  percentile,
  startBenchServer,
  startPouchDBServer,
} from './lib/bench-kit';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const BATCHES_PER_DEVICE = Number(process.env.BENCH_BATCHES ?? 4);
const BATCH = 500;
/** PouchDB's default replication batch size, and a bigger one. */
const POUCH_BATCHES = [100, 500];
/**
 * Which ways to run (comma-separated: involve, single, pouch, ingest); all by default. The
 * others are for looking at one part quickly, not for the figures in BENCHMARKS.md.
 */
const WAYS = new Set((process.env.BENCH_WAYS ?? 'involve,single,pouch,ingest').split(','));
/** BENCH_TIMELINE=1 prints when each of the engine's requests went and came back. */
const TIMELINE = process.env.BENCH_TIMELINE === '1';
// 356 characters, so a note's JSON is about 630 bytes (~740 in a push, with its envelope).
const TEXT =
  'People want to be asked early, told plainly what will happen with what they said, and hear back within weeks. Carers said meetings in the daytime shut them out; evening and online options would help. Staff said they need time in their rota to take part. Easy-read papers sent a week ahead made the biggest difference for members with learning disabilities.';

function note(eventId: string, i: number, at: string) {
  return {
    id: uuidv7(),
    createdAt: at,
    updatedAt: at,
    deviceId: 'bench-device',
    schemaVersion: 1,
    eventId,
    themeId: 'training',
    questionId: 'ideal',
    text: `${i}: ${TEXT}`,
  };
}

async function enrol(url: string, code: string, name: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/devices/enrol`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

function pushBody(records: Note[]): string {
  return JSON.stringify({
    records: records.map((r) => ({ id: r.id, kind: 'workshop-note', schemaVersion: 1, data: r })),
  });
}

async function push(url: string, token: string, records: Note[]): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: pushBody(records),
  });
  const body = (await res.json()) as { results?: { status: string }[] };
  if (!res.ok || body.results?.some((r) => r.status === 'rejected'))
    throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - started;
}

type Note = ReturnType<typeof note>;

/** What a way of sending took: time, HTTP requests, bytes written (headers and bodies), bodies. */
interface Sent {
  ms: number;
  requests: number;
  bytes: number;
  bodyBytes: number;
}

/**
 * The client engine in Chromium, from the IndexedDB outbox until all is acknowledged and
 * cleared; answers the notes it sent, for the other ways to send the same.
 */
async function chromiumBatched(url: string, code: string): Promise<Sent & { notes: Note[] }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Every API request while it sends: the pushes and the pulls after each round.
    let sent: Request[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/api/')) sent.push(req);
    });
    await page.goto(`${url}/#/enrol?code=${encodeURIComponent(code)}`);
    await page.getByLabel('Name for this tablet').fill('Bench tablet');
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.getByText('This tablet is enrolled as').waitFor();
    const eventId = await createEvent(page, url, 'Bench sync workshop');
    await page.goto(`${url}/#/sync`);
    await page.getByText('Everything is sent.').waitFor();

    const notes = Array.from({ length: RECORDS }, (_, i) =>
      note(eventId, i, new Date(Date.now() - (RECORDS - i) * 1000).toISOString()),
    );
    // Queue them as the app does (note + outbox entry), straight into IndexedDB.
    await page.evaluate(async (batch) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('involve');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      const tx = db.transaction(['notes', 'queue'], 'readwrite');
      for (const n of batch) {
        tx.objectStore('notes').put(n);
        tx.objectStore('queue').add({
          recordId: n.id,
          kind: 'workshop-note',
          schemaVersion: 1,
          recordUpdatedAt: n.updatedAt,
          eventId: n.eventId,
          queuedAt: n.createdAt,
          data: n,
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error(String(tx.error)));
      });
      db.close();
    }, notes);
    sent = [];

    const run = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('involve');
        req.onsuccess = () => resolve(req.result);
      });
      // Whether anything is still queued, from the first key alone: a count() would read the
      // whole queue each time and, holding it, slow the very send being measured.
      const queued = () =>
        new Promise<boolean>((resolve) => {
          const req = db.transaction('queue').objectStore('queue').openKeyCursor();
          req.onsuccess = () => resolve(req.result !== null);
        });
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Send now',
      );
      const start = performance.now();
      if (button) button.click();
      else window.dispatchEvent(new Event('online'));
      while (await queued()) await new Promise((r) => setTimeout(r, 10));
      const elapsed = performance.now() - start;
      db.close();
      return { elapsed, startedAt: performance.timeOrigin + start };
    });
    const measured = [...sent];
    const sizes = await Promise.all(measured.map((req) => req.sizes()));
    if (TIMELINE)
      for (const [i, req] of measured.entries()) {
        const t = req.timing();
        const at = (ms: number) =>
          ms < 0 ? '   -' : (t.startTime + ms - run.startedAt).toFixed(0);
        console.log(
          `  ${new URL(req.url()).pathname} ${(sizes[i]!.requestBodySize / 1024).toFixed(0)} KB: ` +
            `sent ${at(0)} ms, answer starts ${at(t.responseStart)} ms, ends ${at(t.responseEnd)} ms`,
        );
      }
    if (TIMELINE) console.log(`  queue empty at ${run.elapsed.toFixed(0)} ms`);
    const ms = run.elapsed;
    return {
      ms,
      requests: measured.length,
      bytes: sizes.reduce((n, s) => n + s.requestHeadersSize + s.requestBodySize, 0),
      bodyBytes: sizes.reduce((n, s) => n + s.requestBodySize, 0),
      notes,
    };
  } finally {
    await browser.close();
  }
}

/**
 * Bytes Node's fetch writes while `run` runs: each connection's count from the first request
 * it carries in that time (so earlier requests on a kept-alive connection are left out).
 */
async function fetchBytesWritten(run: () => Promise<void>): Promise<number> {
  const before = new Map<Socket, number>();
  const onHeaders = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    if (!before.has(socket)) before.set(socket, socket.bytesWritten);
  };
  diagnostics.subscribe('undici:client:sendHeaders', onHeaders);
  try {
    await run();
  } finally {
    diagnostics.unsubscribe('undici:client:sendHeaders', onHeaders);
  }
  let bytes = 0;
  for (const [socket, start] of before) bytes += socket.bytesWritten - start;
  return bytes;
}

/** One POST per record, sequential, each waiting for its answer, to a server of its own. */
async function onePerRecord(notes: Note[]): Promise<Sent> {
  const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-single-'));
  const server = await startBenchServer(dataDir, 1);
  try {
    const token = await enrol(server.url, server.codes[0]!, 'One-per-record');
    let ms = 0;
    let bodyBytes = 0;
    const bytes = await fetchBytesWritten(async () => {
      const start = performance.now();
      for (const record of notes) {
        bodyBytes += Buffer.byteLength(pushBody([record]));
        await push(server.url, token, [record]);
      }
      ms = performance.now() - start;
    });
    return { ms, requests: notes.length, bytes, bodyBytes };
  } finally {
    server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** An HTTP agent that counts what it writes, over every connection it opens. */
class CountingAgent extends Agent {
  private readonly opened: Socket[] = [];
  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket: Duplex | null | undefined = super.createConnection(options, callback);
    if (socket instanceof Socket) this.opened.push(socket);
    return socket;
  }
  get bytesWritten(): number {
    return this.opened.reduce((n, s) => n + s.bytesWritten, 0);
  }
}

/**
 * PouchDB replication of the same notes, as documents, from an in-memory PouchDB here to a
 * fresh database on the PouchDB server. `keepAlive: false` is PouchDB as it ships in Node
 * (node-fetch without an agent: a new connection for every request); with it, connections
 * are reused as a browser reuses them.
 */
async function pouchReplication(
  serverUrl: string,
  source: PouchDB,
  batchSize: number,
  keepAlive: boolean,
): Promise<Sent> {
  const name = `notes-${batchSize}-${keepAlive ? 'keepalive' : 'close'}`;
  // The target exists before, as a server's database would.
  await new PouchDB(`${serverUrl}/${name}`).info();
  const agent = new CountingAgent({ keepAlive });
  let requests = 0;
  let bodyBytes = 0;
  const target = new PouchDB(`${serverUrl}/${name}`, {
    fetch: (url, init) => {
      requests += 1;
      if (init.body !== undefined) bodyBytes += Buffer.byteLength(init.body);
      return PouchDB.fetch(url, { ...init, agent });
    },
  });
  const start = performance.now();
  const result = await source.replicate.to(target, { batch_size: batchSize });
  const ms = performance.now() - start;
  const { doc_count } = await target.info();
  agent.destroy();
  if (!result.ok || result.docs_written !== RECORDS || doc_count !== RECORDS)
    throw new Error(
      `PouchDB replication wrote ${result.docs_written}, target holds ${doc_count}, errors ${JSON.stringify(result.errors).slice(0, 300)}`,
    );
  return { ms, requests, bytes: agent.bytesWritten, bodyBytes };
}

async function pouchDBWays(notes: Note[]) {
  PouchDB.plugin(memory);
  const server = await startPouchDBServer();
  try {
    const source = new PouchDB('bench-source', { adapter: 'memory' });
    const docs = notes.map(({ id, ...rest }) => ({ _id: id, ...rest }));
    for (let i = 0; i < docs.length; i += 1000) await source.bulkDocs(docs.slice(i, i + 1000));
    // Warm, as a server that has been running is: 2,000 other documents replicated first,
    // as the Involve server takes 2,000 other records before its run.
    const warmSource = new PouchDB('bench-warm-source', { adapter: 'memory' });
    await warmSource.bulkDocs(
      Array.from({ length: 2000 }, (_, i) => ({ _id: `warm-${i}`, text: TEXT })),
    );
    await warmSource.replicate.to(new PouchDB(`${server.url}/warm-up`));
    await warmSource.destroy();
    const ways: { label: string; sent: Sent }[] = [];
    for (const batchSize of POUCH_BATCHES)
      ways.push({
        label: `PouchDB replication, batch ${batchSize}${batchSize === 100 ? ' (its default)' : ''}, connections kept alive`,
        sent: await pouchReplication(server.url, source, batchSize, true),
      });
    ways.push({
      label: 'PouchDB replication, batch 100, as it ships in Node (a new connection per request)',
      sent: await pouchReplication(server.url, source, 100, false),
    });
    await source.destroy();
    return ways;
  } finally {
    server.stop();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-sync-'));
const server = await startBenchServer(dataDir, DEVICES + 2);
try {
  // Warm, as a server that has been running is: 2,000 other records first (PouchDB's server
  // gets the same).
  const warmToken = await enrol(server.url, server.codes[DEVICES + 1]!, 'Warm-up');
  for (let b = 0; b < 4; b++)
    await push(
      server.url,
      warmToken,
      Array.from({ length: 500 }, (_, i) => note(uuidv7(), i, new Date().toISOString())),
    );
  // The same notes every way: the ones the Chromium engine sent, each way to a store of its own.
  const batched = await chromiumBatched(server.url, server.codes[0]!);
  const single = WAYS.has('single') ? await onePerRecord(batched.notes) : undefined;
  const pouch = WAYS.has('pouch') ? await pouchDBWays(batched.notes) : [];

  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
  console.log(`bench:sync — ${new Date().toISOString()} — ${machine()}`);
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  const line = (label: string, sent: Sent) =>
    console.log(
      `  ${label}: ${(sent.ms / 1000).toFixed(2)} s, ${rate(RECORDS, sent.ms)} records/s, ` +
        `${sent.requests.toLocaleString('en')} requests, ${mib(sent.bytes)} sent (${mib(sent.bodyBytes)} of it request bodies)`,
    );
  console.log(
    `The same ${RECORDS.toLocaleString('en')} notes (~${Math.round(JSON.stringify(batched.notes[0]).length)} bytes of JSON each), three ways, over loopback (bytes: request headers and bodies):`,
  );
  line(
    'Involve, client engine in Chromium, batched push from the IndexedDB outbox until acknowledged and cleared (requests: pushes and pulls)',
    batched,
  );
  if (single)
    line('One POST per record (Node fetch, sequential, each waiting for its answer)', single);
  for (const way of pouch) line(way.label, way.sent);
  if (single)
    console.log(
      `  Batched vs one POST per record: ${(single.ms / batched.ms).toFixed(1)}× faster, ${(single.requests / batched.requests).toFixed(0)}× fewer requests, ${(single.bytes / batched.bytes).toFixed(2)}× fewer bytes`,
    );
  const pouchDefault = pouch[0]?.sent;
  const pouchShipped = pouch[2]?.sent;
  if (pouchDefault && pouchShipped)
    console.log(
      `  Batched vs PouchDB replication at its default batch size (100): ${(pouchDefault.ms / batched.ms).toFixed(1)}× faster than with connections kept alive, ${(pouchShipped.ms / batched.ms).toFixed(1)}× than as it ships in Node; ${(pouchDefault.requests / batched.requests).toFixed(0)}× fewer requests, ${(pouchDefault.bytes / batched.bytes).toFixed(2)}× fewer bytes`,
    );
  if (WAYS.has('ingest')) await ingest(server.url, server.codes, rate);
} finally {
  server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Server ingest from DEVICES simulated devices at once: saturated, then paced. */
async function ingest(
  url: string,
  codes: string[],
  rate: (n: number, ms: number) => string,
): Promise<void> {
  const tokens = await Promise.all(
    Array.from({ length: DEVICES }, (_, i) => enrol(url, codes[i + 1]!, `Device ${i}`)),
  );
  const latencies: number[] = [];
  const ingestStart = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const ev = uuidv7();
      for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
        const batch = Array.from({ length: BATCH }, (_, i) =>
          note(ev, i, new Date().toISOString()),
        );
        latencies.push(await push(url, token, batch));
      }
    }),
  );
  const ingestMs = performance.now() - ingestStart;
  const ingested = DEVICES * BATCHES_PER_DEVICE * BATCH;
  latencies.sort((a, b) => a - b);

  // Paced: the same devices each send a 100-record batch once a second for 10 s, starting at
  // random offsets: 5,000 records/s offered, as when a room of tablets finds wifi together.
  const paced: number[] = [];
  const pacedStart = performance.now();
  await Promise.all(
    tokens.map(async (token, d) => {
      const ev = uuidv7();
      const offset = (d * 1000) / DEVICES;
      for (let b = 0; b < 10; b++) {
        const due = pacedStart + offset + b * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const batch = Array.from({ length: 100 }, (_, i) => note(ev, i, new Date().toISOString()));
        paced.push(await push(url, token, batch));
      }
    }),
  );
  paced.sort((a, b) => a - b);
  console.log(
    `Server ingest, ${DEVICES} concurrent devices × ${BATCHES_PER_DEVICE} pushes of ${BATCH}: ${ingested.toLocaleString('en')} records in ${(ingestMs / 1000).toFixed(2)} s = ${rate(ingested, ingestMs)} records/s; ` +
      `push latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (saturated: every device sends its next batch the moment the last is answered)`,
  );
  console.log(
    `Server, ${DEVICES} devices paced at one 100-record push a second each (5,000 records/s offered): push latency p50 ${percentile(paced, 50).toFixed(0)} ms, p99 ${percentile(paced, 99).toFixed(0)} ms over ${paced.length} pushes`,
  );
}
