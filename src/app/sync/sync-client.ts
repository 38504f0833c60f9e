import {
  PUSH_LIMITS,
  apiErrorSchema,
  enrolResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  type EnrolResponse,
  type PullResponse,
  type PushRecord,
  type PushResponse,
} from '../../shared/sync/protocol';

/** Why a request did not get a usable answer; the engine decides what to do with each. */
export type SyncFailureKind =
  /** No answer at all (offline, DNS, connection reset). Retry later. */
  | 'network'
  /** No answer in time. Retry later. */
  | 'timeout'
  /** 5xx, or an answer that is not what the protocol says. Retry later. */
  | 'server'
  /** 429. Retry after the server's Retry-After. */
  | 'rate-limited'
  /** 413: the batch was too big. Send smaller batches. */
  | 'too-large'
  /** 401: the token is unknown or the device was revoked. Stop until enrolled again. */
  | 'refused'
  /** Another 4xx: the server says the request itself is wrong. */
  | 'client';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    /** The server's error code, when it sent one (e.g. `device_revoked`). */
    readonly code: string | undefined,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export interface PushMeta {
  appVersion: string;
  /** Changes waiting on the device, reported to the admin's device list. */
  outboxCount: number;
}

/** The HTTP side of sync. `fetch` is injected so tests can put faults between client and server. */
export interface SyncClient {
  push(records: PushRecord[], token: string, meta: PushMeta): Promise<PushResponse>;
  /** What the server published after `since` (from the start when undefined), one page. */
  pull(since: string | undefined, token: string, meta: PushMeta): Promise<PullResponse>;
  enrol(code: string, name: string): Promise<EnrolResponse>;
}

export interface HttpSyncClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function httpSyncClient(options: HttpSyncClientOptions = {}): SyncClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call(path: string, init: RequestInit): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, signal: controller.signal });
    } catch (error) {
      const timedOut = controller.signal.aborted;
      throw new SyncFailure(
        timedOut ? 'timeout' : 'network',
        undefined,
        timedOut ? 'The server did not answer in time.' : describe(error),
      );
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (response.ok) return body;
    const parsed = apiErrorSchema.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : undefined;
    const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
    const status = response.status;
    if (status === 401) throw new SyncFailure('refused', code, message);
    if (status === 413) throw new SyncFailure('too-large', code, message);
    if (status === 429) {
      const header = response.headers.get('Retry-After');
      const seconds = header === null ? NaN : Number(header);
      throw new SyncFailure(
        'rate-limited',
        code,
        message,
        Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
      );
    }
    if (status >= 500) throw new SyncFailure('server', code, message);
    throw new SyncFailure('client', code, message);
  }

  return {
    async push(records, token, meta) {
      const json = JSON.stringify({ records });
      // Checked here, where the body is made anyway, so the engine need not serialise twice;
      // the engine answers 'too-large' by sending smaller batches.
      if (utf8Bytes(json) > PUSH_LIMITS.maxBytes)
        throw new SyncFailure('too-large', undefined, 'The batch is larger than a push may be.');
      const body = await call('/api/v1/sync/push', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'X-Involve-App-Version': meta.appVersion,
          'X-Involve-Outbox-Count': String(meta.outboxCount),
        },
        body: json,
      });
      return expect(pushResponseSchema, body);
    },
    async pull(since, token, meta) {
      const query = new URLSearchParams({ since: since ?? '0' });
      const body = await call(`/api/v1/sync/pull?${query.toString()}`, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          'X-Involve-App-Version': meta.appVersion,
          'X-Involve-Outbox-Count': String(meta.outboxCount),
        },
      });
      return expect(pullResponseSchema, body);
    },
    async enrol(code, name) {
      const body = await call('/api/v1/devices/enrol', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name }),
      });
      return expect(enrolResponseSchema, body);
    },
  };
}

/** The answer in the protocol's shape, or a server failure (retried like a 5xx). */
function expect<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  body: unknown,
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new SyncFailure(
    'server',
    undefined,
    'The server answered in a form Involve does not understand.',
  );
}

/** UTF-8 length without encoding: ASCII is one byte, and only other text needs a count. */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 units
      i += 1;
    } else bytes += 2;
  }
  return bytes;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
