/**
 * bench:server — server ingest and pull, the way a fleet of tablets loads it: SQLite and
 * PostgreSQL, each with one and with two instances, at 50 and 200 devices, in one run.
 *
 * For each store and device count:
 * - saturated: every device sends 500-record pushes back to back (each sends its next the
 *   moment the last is answered): the most the server can take (records/s), with the latency
 *   that queueing then brings;
 * - paced: the target rate offered as 500-record pushes (what a tablet catching up sends
 *   first) spread evenly over the devices (an open load, as tablets finding wifi at their own
 *   moments make it), each device pushing BENCH_PACED_PUSHES times (10) at its own interval,
 *   so the run lasts as long as that takes: whether the server keeps up, push latency p50/p99
 *   measured from when each push was due, how many pushes the p99 rests on, and how many were
 *   in flight at once (the most, and on average);
 * and pull after a cursor with 100,000 changes in the feed: nothing new, and 20 new.
 *
 * PostgreSQL comes from scripts/with-postgres.mjs (a throwaway cluster with fsync on, as on a
 * real server); without it only SQLite runs. Two instances are two server processes on one
 * database (on SQLite, one file: as `npm start` runs its workers, with every transaction
 * taking the write lock at BEGIN), the load spread over them in turn (client-side round robin:
 * no proxy process competing for the two cores). Prints figures; asserts nothing.
 *
 * Run: npm run bench:server. Knobs for a short run: BENCH_DEVICES (50,200), BENCH_FEED,
 * BENCH_SATURATED_RECORDS, BENCH_PACED_PUSHES, BENCH_PACED_BATCH (500), BENCH_INSTANCES (1,2),
 * BENCH_STORES (sqlite,postgres).
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '../src/shared/ids';
import { loadEnv } from '../src/server/env';
import { cpuSeconds, machine, parentPid, percentile, startBenchServer } from './lib/bench-kit';

const POSTGRES = process.env.INVOLVE_TEST_DATABASE_URL || undefined;
const FEED = Number(process.env.BENCH_FEED ?? 100_000);
const DEVICE_COUNTS = (process.env.BENCH_DEVICES ?? '50,200').split(',').map(Number);
const SATURATED_RECORDS = Number(process.env.BENCH_SATURATED_RECORDS ?? 100_000);
/** How many pushes each device makes in a paced run: the run lasts as long as that takes. */
const PACED_PUSHES = Number(process.env.BENCH_PACED_PUSHES ?? 10);
const PACED_BATCH = Number(process.env.BENCH_PACED_BATCH ?? 500);
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2').split(',').map(Number);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
/** Records a second offered in the paced runs: the issue's targets, unless told otherwise. */
const TARGET = {
  sqlite: Number(process.env.BENCH_SQLITE_RATE ?? 30_000),
  postgres: Number(process.env.BENCH_POSTGRES_RATE ?? 15_000),
} as const;
const TEXT =
  'People want to be asked early, told plainly what will happen with what they said, and hear back within weeks. Carers said meetings in the daytime shut them out; evening and online options would help. Staff said they need time in their rota to take part. Easy-read papers sent a week ahead made the biggest difference for members with learning disabilities.';

/**
 * Idle connections are dropped after 4 s, before the server's 5 s keep-alive timeout closes
 * them: a push sent on a connection the server is closing that instant fails with "socket hang
 * up" (Node's keep-alive race), which is the load generator's fault, not the server's.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4000 });

/** One HTTP request on a kept-alive connection; resolves when the whole answer is in. */
function send(
  base: string,
  path: string,
  options: { method: string; headers: Record<string, string>; body?: Buffer },
): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, ...options },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A push body of `n` new notes of about 530 bytes each, built before any clock starts. */
function pushBody(n: number, eventId: string): Buffer {
  return Buffer.from(pushJson(n, eventId, () => uuidv7()));
}

function pushJson(n: number, eventId: string, idOf: (i: number) => string): string {
  const at = new Date().toISOString();
  const records = Array.from({ length: n }, (_, i) => {
    const id = idOf(i);
    return {
      id,
      kind: 'workshop-note',
      schemaVersion: 1,
      data: {
        id,
        createdAt: at,
        updatedAt: at,
        deviceId: 'bench',
        schemaVersion: 1,
        eventId,
        themeId: 'training',
        questionId: 'ideal',
        text: `${i}: ${TEXT}`,
      },
    };
  });
  return JSON.stringify({ records });
}

/**
 * New push bodies of `n` notes, made cheaply while a run is going: one body is built once
 * with stand-in ids, and each body made is a copy with fresh ids written over them. Building
 * each from scratch (JSON and 500 UUIDv7s) takes 5–8 ms of the CPU the server shares, and
 * building every body up front would hold gigabytes; a copy takes well under 1 ms. The ids
 * are UUIDv7s that share the first 24 characters of one new UUIDv7 a body (its time and
 * counter, unique per body) and end with the note's number: unique, and in time order.
 */
class PushBodies {
  readonly #template: Buffer;
  readonly #offsets: number[] = [];

  constructor(n: number) {
    const standIn = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    this.#template = Buffer.from(pushJson(n, uuidv7(), standIn));
    for (let i = 0; i < n; i++) {
      const id = Buffer.from(standIn(i));
      // Each note carries its id twice: the envelope's and the record's own.
      for (let at = this.#template.indexOf(id); at >= 0; at = this.#template.indexOf(id, at + 1))
        this.#offsets.push(at);
    }
    if (this.#offsets.length !== 2 * n) throw new Error('stand-in ids not found in the body');
  }

  make(): Buffer {
    const body = Buffer.from(this.#template);
    const prefix = uuidv7().slice(0, 24);
    for (let k = 0; k < this.#offsets.length; k += 2) {
      const id = prefix + (k / 2).toString(16).padStart(12, '0');
      body.write(id, this.#offsets[k]!, 'latin1');
      body.write(id, this.#offsets[k + 1]!, 'latin1');
    }
    return body;
  }
}

async function push(base: string, token: string, body: Buffer): Promise<void> {
  const res = await send(base, '/api/v1/sync/push', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      Authorization: `Bearer ${token}`,
    },
    body,
  });
  if (res.status !== 200 || res.body.includes('"rejected"'))
    throw new Error(`push answered ${res.status}: ${res.body.slice(0, 300)}`);
}

interface Figures {
  records: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** How many latencies were measured: what p50 and p99 rest on. */
  samples: number;
}

function figures(records: number, ms: number, latencies: number[]): Figures {
  latencies.sort((a, b) => a - b);
  return {
    records,
    seconds: ms / 1000,
    rate: Math.round(records / (ms / 1000)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
  };
}

/** Pushes on the wire at once: the most, and the average over a run (time in flight / time). */
class InFlight {
  now = 0;
  most = 0;
  #busy = 0;
  #since = performance.now();
  #started = this.#since;

  #tick(): void {
    const at = performance.now();
    this.#busy += this.now * (at - this.#since);
    this.#since = at;
  }

  start(): void {
    this.#tick();
    this.now++;
    this.most = Math.max(this.most, this.now);
  }

  end(): void {
    this.#tick();
    this.now--;
  }

  average(): number {
    this.#tick();
    return this.#busy / (this.#since - this.#started);
  }
}

/** Every device sends its share in 500-record pushes, each the moment the last is answered. */
async function saturated(
  urls: string[],
  tokens: string[],
  records = SATURATED_RECORDS,
): Promise<Figures> {
  const perDevice = Math.max(1, Math.round(records / tokens.length / 500));
  const bodies = tokens.map(() => Array.from({ length: perDevice }, () => pushBody(500, uuidv7())));
  const latencies: number[] = [];
  let turn = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, d) => {
      for (const body of bodies[d]!) {
        const base = urls[turn++ % urls.length]!;
        const t0 = performance.now();
        await push(base, token, body);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return figures(tokens.length * perDevice * 500, performance.now() - started, latencies);
}

/**
 * `rate` records a second offered as {@link PACED_BATCH}-record pushes: each device makes
 * {@link PACED_PUSHES} of them at a fixed interval (devices ÷ pushes a second) from a random
 * start, so the run lasts that many intervals. Latency counts from when a push was due, so a
 * server falling behind shows as latency, not as a slower offer. A device keeps at most two
 * pushes on the wire, as the tablet's engine does, and makes its next body while it waits.
 */
async function paced(
  urls: string[],
  tokens: string[],
  rate: number,
): Promise<Figures & { mostInFlight: number; meanInFlight: number; interval: number }> {
  const pushesPerSecond = rate / PACED_BATCH;
  const interval = (tokens.length / pushesPerSecond) * 1000;
  const bodies = new PushBodies(PACED_BATCH);
  const latencies: number[] = [];
  const inFlight = new InFlight();
  let turn = 0;
  const started = performance.now() + 200;
  await Promise.all(
    tokens.map(async (token) => {
      const offset = Math.random() * interval;
      const mine = new Set<Promise<void>>();
      for (let b = 0; b < PACED_PUSHES; b++) {
        const body = bodies.make();
        const due = started + offset + b * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        while (mine.size >= 2) await Promise.race(mine);
        const base = urls[turn++ % urls.length]!;
        inFlight.start();
        const sending: Promise<void> = push(base, token, body).then(() => {
          inFlight.end();
          latencies.push(performance.now() - due);
          mine.delete(sending);
        });
        mine.add(sending);
      }
      await Promise.all(mine);
    }),
  );
  const ms = performance.now() - started;
  return {
    ...figures(tokens.length * PACED_PUSHES * PACED_BATCH, ms, latencies),
    mostInFlight: inFlight.most,
    meanInFlight: inFlight.average(),
    interval,
  };
}

/** Pull latency after the newest cursor (nothing new) and 20 changes back. */
async function pullLatency(
  urls: string[],
  token: string,
): Promise<{ none: Figures; twenty: Figures }> {
  const get = (base: string, since: number) =>
    send(base, `/api/v1/sync/pull?since=${since}`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}` },
    });
  const first = JSON.parse((await get(urls[0]!, 0)).body) as { cursor: string };
  // Walk to the end of the feed once, as a tablet catching up would.
  let cursor = Number(first.cursor);
  for (;;) {
    const page = JSON.parse((await get(urls[0]!, cursor)).body) as {
      cursor: string;
      hasMore: boolean;
    };
    cursor = Number(page.cursor);
    if (!page.hasMore) break;
  }
  const measure = async (since: number, expect: number): Promise<Figures> => {
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      const res = await get(urls[i % urls.length]!, since);
      latencies.push(performance.now() - t0);
      const page = JSON.parse(res.body) as { changes: unknown[] };
      if (res.status !== 200 || page.changes.length !== expect)
        throw new Error(`pull answered ${res.status} with ${page.changes.length} changes`);
    }
    return figures(1000, performance.now() - started, latencies);
  };
  // The device's own organisation has every other change: 20 of its own lie 40 back.
  return { none: await measure(cursor, 0), twenty: await measure(cursor - 40, 20) };
}

/**
 * CPU seconds used so far by the servers, by PostgreSQL (when it is used) and the machine, and
 * taken from the machine by its host (steal).
 */
async function cpuUse(
  pids: number[],
  postmaster?: number,
): Promise<[number, number, number, number]> {
  return [
    await cpuSeconds({ pids }),
    postmaster === undefined ? NaN : await cpuSeconds({ tree: postmaster }),
    await cpuSeconds('machine'),
    await cpuSeconds('stolen'),
  ];
}

/** CPU time between two readings, in ms a push: what a change to the push path saves. */
function cpuPerPush(
  before: [number, number, number, number],
  after: [number, number, number, number],
  pushes: number,
): string {
  const per = (n: 0 | 1 | 2 | 3) => (((after[n] - before[n]) * 1000) / pushes).toFixed(1);
  return [
    `server ${per(0)} ms`,
    ...(Number.isNaN(before[1]) ? [] : [`PostgreSQL ${per(1)} ms`]),
    `whole machine (load generator included) ${per(2)} ms`,
    // A run the host slowed down says so here: the machine's own figures cannot show it.
    `taken by the host (steal) ${per(3)} ms`,
  ].join(', ');
}

/** The PostgreSQL server process (the postmaster) behind `url`: its backends' parent. */
async function postmasterOf(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return await parentPid(rows[0]!.pid);
  } finally {
    await client.end();
  }
}

async function enrol(base: string, code: string, name: string): Promise<string> {
  const body = Buffer.from(JSON.stringify({ code, name }));
  const res = await send(base, '/api/v1/devices/enrol', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    body,
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { token: string }).token;
}

/**
 * A fresh schema in the throwaway cluster, a URL whose connections use it, and a way to drop
 * it. Dropped after its setup: left behind, its million-row `records` would be vacuumed by
 * PostgreSQL's autovacuum (writing every page again) while the next setup is measured.
 */
async function freshSchema(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { url: scoped.toString(), drop: () => run(`drop schema ${schema} cascade`) };
}

interface Setup {
  store: 'sqlite' | 'postgres';
  instances: number;
}

const setups: Setup[] = (
  [
    { store: 'sqlite', instances: 1 },
    { store: 'sqlite', instances: 2 },
    ...(POSTGRES
      ? ([
          { store: 'postgres', instances: 1 },
          { store: 'postgres', instances: 2 },
        ] as const)
      : []),
  ] as Setup[]
).filter((setup) => INSTANCES.includes(setup.instances) && STORES.includes(setup.store));

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};
say(`bench:server — ${new Date().toISOString()} — ${machine()}`);
if (!POSTGRES) say('PostgreSQL not available: SQLite only (run through npm run bench:server).');

for (const setup of setups) {
  const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-server-'));
  const schema = setup.store === 'postgres' ? await freshSchema(POSTGRES!) : undefined;
  // As on one machine under `npm start`: the instances are its WORKERS, which sets how many
  // threads each gives to reading pushes (PUSH_THREADS, unless set).
  const env: Record<string, string> = {
    WORKERS: String(setup.instances),
    ...(schema ? { BENCH_DATABASE_URL: schema.url } : {}),
  };
  const { pushThreads } = loadEnv({ ...process.env, ...env });
  const maxDevices = Math.max(...DEVICE_COUNTS);
  // The first instance migrates, issues the codes and seeds the feed; the others then start.
  const servers = [
    await startBenchServer(dataDir, maxDevices, { ...env, BENCH_SEED_FEED: String(FEED) }),
  ];
  for (let i = 1; i < setup.instances; i++) servers.push(await startBenchServer(dataDir, 0, env));
  const urls = servers.map((s) => s.url);
  const postmaster = setup.store === 'postgres' ? await postmasterOf(POSTGRES!) : undefined;
  try {
    const tokens: string[] = [];
    for (const [i, code] of servers[0]!.codes.entries())
      tokens.push(await enrol(urls[i % urls.length]!, code, `Bench tablet ${i + 1}`));
    const label = `${setup.store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${setup.instances} instance${setup.instances > 1 ? 's' : ''} (${pushThreads} push thread${pushThreads === 1 ? '' : 's'} each)`;
    const pull = await pullLatency(urls, tokens[0]!);
    say(
      `${label}: pull with ${FEED.toLocaleString('en')} changes in the feed — nothing new: p50 ${pull.none.p50.toFixed(1)} ms, p99 ${pull.none.p99.toFixed(1)} ms; 20 new: p50 ${pull.twenty.p50.toFixed(1)} ms, p99 ${pull.twenty.p99.toFixed(1)} ms (1,000 requests each, one at a time)`,
    );
    // Warm, as a server that has been running is: 2,000 records first, not measured.
    await saturated(urls, tokens.slice(0, 4), 2000);
    for (const devices of DEVICE_COUNTS) {
      const fleet = tokens.slice(0, devices);
      const offered = TARGET[setup.store];
      const pids = servers.map((server) => server.pid);
      const cpuBefore = await cpuUse(pids, postmaster);
      const even = await paced(urls, fleet, offered);
      const cpu = cpuPerPush(cpuBefore, await cpuUse(pids, postmaster), even.samples);
      // The p99 is the latency that this many pushes (1%) met or passed.
      const beyond = even.samples - Math.ceil(0.99 * even.samples) + 1;
      say(
        `${label}, ${devices} devices, paced at ${offered.toLocaleString('en')} records/s offered (${PACED_BATCH}-record pushes, ${PACED_PUSHES} from each device, one every ${(even.interval / 1000).toFixed(2)} s): ${even.records.toLocaleString('en')} records in ${even.seconds.toFixed(2)} s = ${even.rate.toLocaleString('en')} records/s taken; push p50 ${even.p50.toFixed(0)} ms, p99 ${even.p99.toFixed(0)} ms from when due (${even.samples.toLocaleString('en')} pushes, p99 = the ${beyond === 1 ? 'slowest' : `${beyond}th slowest`}); in flight at once: at most ${even.mostInFlight}, on average ${even.meanInFlight.toFixed(2)}; CPU a push: ${cpu}`,
      );
      const full = await saturated(urls, fleet);
      say(
        `${label}, ${devices} devices, saturated (500-record pushes back to back): ${full.records.toLocaleString('en')} records in ${full.seconds.toFixed(2)} s = ${full.rate.toLocaleString('en')} records/s; push p50 ${full.p50.toFixed(0)} ms, p99 ${full.p99.toFixed(0)} ms`,
      );
    }
  } finally {
    for (const server of servers) server.stop();
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}
agent.destroy();
