/**
 * bench:sync — 10,000 queued notes from the real client sync engine in Chromium (IndexedDB
 * outbox → server over loopback → acknowledged and cleared); the same number sent one POST
 * per record (how Enketo and Workbox BackgroundSync send); and server ingest with 50
 * concurrent simulated devices. Prints figures; asserts nothing.
 *
 * Run: npm run bench:sync   (builds first)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../src/shared/ids';
import { launchChromium, machine, percentile, startBenchServer } from './lib/bench-kit';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const BATCHES_PER_DEVICE = Number(process.env.BENCH_BATCHES ?? 4);
const BATCH = 500;
// ~350 characters, so a note's JSON is about 530 bytes, like the figures in the issues.
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

async function push(url: string, token: string, records: unknown[]): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      records: records.map((r) => ({
        id: (r as { id: string }).id,
        kind: 'workshop-note',
        schemaVersion: 1,
        data: r,
      })),
    }),
  });
  const body = (await res.json()) as { results?: { status: string }[] };
  if (!res.ok || body.results?.some((r) => r.status === 'rejected'))
    throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - started;
}

/** The client engine in Chromium, from the IndexedDB outbox until all is acknowledged and cleared. */
async function chromiumBatched(url: string, code: string) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let requests = 0;
    let bytes = 0;
    page.on('request', (req) => {
      if (req.url().endsWith('/api/v1/sync/push')) {
        requests += 1;
        bytes += Buffer.byteLength(req.postData() ?? '');
      }
    });
    await page.goto(`${url}/#/enrol?code=${encodeURIComponent(code)}`);
    await page.getByLabel('Name for this tablet').fill('Bench tablet');
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.getByText('This tablet is enrolled as').waitFor();
    await page.goto(`${url}/#/events/new`);
    await page.getByLabel('Event name').fill('Bench sync workshop');
    await page.getByRole('button', { name: 'Save event' }).click();
    await page.getByRole('textbox', { name: 'Note' }).waitFor();
    const eventId = page.url().split('/events/')[1]!.split('?')[0]!;
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
    requests = 0;
    bytes = 0;

    const ms = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('involve');
        req.onsuccess = () => resolve(req.result);
      });
      const count = () =>
        new Promise<number>((resolve) => {
          const req = db.transaction('queue').objectStore('queue').count();
          req.onsuccess = () => resolve(req.result);
        });
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Send now',
      );
      const start = performance.now();
      if (button) button.click();
      else window.dispatchEvent(new Event('online'));
      while ((await count()) > 0) await new Promise((r) => setTimeout(r, 5));
      const elapsed = performance.now() - start;
      db.close();
      return elapsed;
    });
    return { ms, requests, bytes };
  } finally {
    await browser.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-sync-'));
const server = await startBenchServer(dataDir, DEVICES + 2);
try {
  const batched = await chromiumBatched(server.url, server.codes[0]!);

  const singleToken = await enrol(server.url, server.codes[1]!, 'One-per-record');
  const eventId = uuidv7();
  const singles = Array.from({ length: RECORDS }, (_, i) =>
    note(eventId, i, new Date().toISOString()),
  );
  const singleStart = performance.now();
  let singleBytes = 0;
  for (const record of singles) {
    singleBytes += JSON.stringify(record).length + 80;
    await push(server.url, singleToken, [record]);
  }
  const singleMs = performance.now() - singleStart;

  const tokens = await Promise.all(
    Array.from({ length: DEVICES }, (_, i) =>
      enrol(server.url, server.codes[i + 2]!, `Device ${i}`),
    ),
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
        latencies.push(await push(server.url, token, batch));
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
        paced.push(await push(server.url, token, batch));
      }
    }),
  );
  paced.sort((a, b) => a - b);

  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
  console.log(`bench:sync — ${new Date().toISOString()} — ${machine()}`);
  console.log(
    `Client engine in Chromium, ${RECORDS.toLocaleString('en')} notes from the IndexedDB outbox until acknowledged and cleared: ` +
      `${(batched.ms / 1000).toFixed(2)} s, ${rate(RECORDS, batched.ms)} records/s, ${batched.requests} requests, ${(batched.bytes / 2 ** 20).toFixed(1)} MiB sent`,
  );
  console.log(
    `One POST per record (Node fetch, sequential): ${(singleMs / 1000).toFixed(2)} s, ${rate(RECORDS, singleMs)} records/s, ${RECORDS} requests, ${(singleBytes / 2 ** 20).toFixed(1)} MiB sent`,
  );
  console.log(`Batched is ${(singleMs / batched.ms).toFixed(1)}× faster than one POST per record.`);
  console.log(
    `Server ingest, ${DEVICES} concurrent devices × ${BATCHES_PER_DEVICE} pushes of ${BATCH}: ${ingested.toLocaleString('en')} records in ${(ingestMs / 1000).toFixed(2)} s = ${rate(ingested, ingestMs)} records/s; ` +
      `push latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (saturated: every device sends its next batch the moment the last is answered)`,
  );
  console.log(
    `Server, ${DEVICES} devices paced at one 100-record push a second each (5,000 records/s offered): push latency p50 ${percentile(paced, 50).toFixed(0)} ms, p99 ${percentile(paced, 99).toFixed(0)} ms over ${paced.length} pushes`,
  );
} finally {
  server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
