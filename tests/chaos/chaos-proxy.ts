import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to a sync request instead of passing it straight through. */
export const FAULT_KINDS = [
  'drop',
  'delay',
  'duplicate',
  'reorder',
  'reset',
  'truncate',
  '5xx',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosProxyOptions {
  /** Seeds every choice the proxy makes, so a failing run can be replayed. */
  seed: number;
  /** Share of sync requests that meet a fault (0 to 1). */
  rate: number;
}

/**
 * A proxy on loopback between the browser and one server. The page is loaded from the
 * proxy's origin, so every request of the app passes through it; only `/api/v1/sync/*`
 * meets faults. Requests and answers are buffered whole, which lets it send a request twice,
 * hold one back, or cut an answer short.
 */
export interface ChaosProxy {
  url: string;
  seed: number;
  /** Faults on (the default) or off: the end of a run is sent calmly. */
  faulty: boolean;
  /** Faults injected, by kind. */
  readonly faults: Record<FaultKind, number>;
  /** Sync requests seen, and those that found the server down (answered 502). */
  readonly counts: { sync: number; pushes: number; serverDown: number };
  /** Sync requests the proxy has not finished with (held, at the server, or being answered). */
  readonly busy: number;
  /**
   * Called, at once, each time a push has been handed to the server and its answer is not
   * back: whatever it does happens mid-batch.
   */
  onPushAtServer: (() => void) | undefined;
  /** Holds every new sync request (without answering) until `release`: a stalled network. */
  hold(): void;
  release(): void;
  /**
   * From now on `/sw.js` comes with `;self.__involveBuild = n;` appended: to the browser a
   * new version of the service worker, to the app nothing else.
   */
  setServiceWorkerBuild(n: number): void;
  /** Times `/sw.js` was fetched with a build appended. */
  readonly swServed: number;
  close(): Promise<void>;
}

/** mulberry32: small, fast and good enough to pick faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** The answer's headers less those that describe one connection or the original body. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startChaosProxy(
  upstream: string,
  options: ChaosProxyOptions,
): Promise<ChaosProxy> {
  const target = new URL(upstream);
  const random = seededRandom(options.seed);
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const counts = { sync: 0, pushes: 0, serverDown: 0 };
  let busy = 0;
  let swBuild = 0;
  let swServed = 0;
  /** While held, new sync requests wait on this. */
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  /** Sync requests since the last fault. */
  let sinceFault = 0;
  /** Kinds still to deal before the deck is shuffled again: every kind in each seven faults. */
  let deck: FaultKind[] = [];
  const nextFault = (): FaultKind => {
    if (deck.length === 0) {
      deck = [...FAULT_KINDS];
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
    }
    return deck.pop()!;
  };
  /** Requests held back by `reorder`, released once a later one has been answered. */
  let parked: (() => void)[] = [];

  /** One request to the server, answered whole; `atServer` fires once it is on its way. */
  function forward(
    req: IncomingMessage,
    body: Buffer,
    headers: IncomingHttpHeaders = req.headers,
    atServer?: () => void,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          // A new connection each time: after a SIGKILL no pooled socket points at the dead process.
          agent: false,
          headers: { ...headers, host: target.host, 'content-length': String(body.length) },
        },
        (answer) => {
          readBody(answer).then(
            (data) =>
              resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
            reject,
          );
        },
      );
      out.once('error', reject);
      out.end(body, () => atServer?.());
    });
  }

  function relay(res: ServerResponse, answer: Answer, body = answer.body): void {
    res.writeHead(answer.status, {
      ...endToEnd(answer.headers),
      'content-length': String(body.length),
    });
    res.end(body);
  }

  function serverDown(res: ServerResponse): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"bad_gateway","message":"The server did not answer."}}');
  }

  /** Cuts the connection under the request, as a dropped wifi link or a reset would. */
  function cut(res: ServerResponse): void {
    res.socket?.destroy();
  }

  function releaseParked(): void {
    const held = parked;
    parked = [];
    for (const release of held) release();
  }

  async function sync(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (gate) await gate.promise;
    const isPush = req.url?.startsWith('/api/v1/sync/push') ?? false;
    counts.sync += 1;
    if (isPush) counts.pushes += 1;
    const atServer = () => {
      if (isPush) proxy.onPushAtServer?.();
    };
    const send = () => forward(req, body, req.headers, atServer);
    // Until every kind has been dealt once, at least every third request meets one, so even a
    // short run sees them all.
    const dealt = Object.values(faults).reduce((a, b) => a + b, 0);
    const due = dealt < FAULT_KINDS.length && sinceFault >= 2;
    const fault = proxy.faulty && (random() < options.rate || due) ? nextFault() : undefined;
    sinceFault = fault ? 0 : sinceFault + 1;
    if (fault) faults[fault] += 1;
    switch (fault) {
      case undefined:
        return relay(res, await send());
      case 'delay':
        await sleep(100 + random() * 1900);
        return relay(res, await send());
      case 'drop': {
        const how = random();
        if (how < 1 / 3) return cut(res); // never reaches the server
        if (how < 2 / 3) {
          await send(); // stored, but the answer is lost
          return cut(res);
        }
        await sleep(1000 + random() * 3000); // a black hole, then the link goes
        return cut(res);
      }
      case 'duplicate': {
        // The same request twice at once, as a retrying middlebox might; either answer is relayed.
        const both = await Promise.allSettled([send(), send()]);
        const pick = random() < 0.5 ? both : [...both].reverse();
        const ok = pick.find((r) => r.status === 'fulfilled');
        if (!ok) return serverDown(res);
        return relay(res, ok.value);
      }
      case 'reorder': {
        // Held until a later request has been answered (or a few seconds pass with none).
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 3000);
          parked.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        return relay(res, await send());
      }
      case 'reset': {
        const answer = await send();
        res.writeHead(answer.status, endToEnd(answer.headers));
        res.write(answer.body.subarray(0, Math.floor(answer.body.length * random())), () =>
          cut(res),
        );
        return;
      }
      case 'truncate': {
        const answer = await send();
        // A well-formed HTTP answer whose JSON stops part-way.
        return relay(
          res,
          answer,
          answer.body.subarray(0, Math.floor(answer.body.length * random() * 0.9)),
        );
      }
      case '5xx': {
        const status = [500, 502, 503][Math.floor(random() * 3)]!;
        // Half the time the server did the work and only the answer is an error.
        if (random() < 0.5) await send();
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(`{"error":{"code":"chaos_${status}","message":"Injected server error."}}`);
        return;
      }
    }
  }

  async function serviceWorker(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    // Unconditional and uncompressed, so the appended line is what the browser compares.
    const headers = { ...req.headers };
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
    delete headers['accept-encoding'];
    const answer = await forward(req, body, headers);
    delete answer.headers.etag;
    delete answer.headers['last-modified'];
    swServed += 1;
    relay(
      res,
      answer,
      Buffer.concat([answer.body, Buffer.from(`\n;self.__involveBuild = ${swBuild};\n`)]),
    );
  }

  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    const path = req.url ?? '';
    const isSync = path.startsWith('/api/v1/sync/');
    if (isSync) busy += 1;
    readBody(req)
      .then((body) => {
        if (isSync) return sync(req, res, body);
        if (swBuild > 0 && path.split('?')[0] === '/sw.js') return serviceWorker(req, res, body);
        return forward(req, body).then((answer) => relay(res, answer));
      })
      .catch(() => {
        // ECONNREFUSED or a reset from a server that was just killed.
        if (isSync) counts.serverDown += 1;
        serverDown(res);
      })
      .finally(() => {
        if (!isSync) return;
        busy -= 1;
        releaseParked();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: ChaosProxy = {
    url: `http://127.0.0.1:${port}`,
    seed: options.seed,
    faulty: true,
    faults,
    counts,
    get busy() {
      return busy;
    },
    onPushAtServer: undefined,
    hold() {
      if (gate) return;
      let open = () => {};
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    setServiceWorkerBuild(n) {
      swBuild = n;
    },
    get swServed() {
      return swServed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.release();
        releaseParked();
        // Chromium keeps its connections open; closing them lets `close` finish.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
