import { AdminClient } from '../../../../src/app/routes/admin/admin-client';

/** One request the console sent, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  /** Path under `/api/v1/admin`, without the query. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

/** What a handler answers: a status and a JSON body (none for 204), or CSV text. */
export interface Reply {
  status?: number;
  body?: unknown;
  text?: string;
}

type Handler = (
  request: SeenRequest & { params: Record<string, string> },
) => Reply | Promise<Reply>;

const BASE = '/api/v1/admin';
export const CSRF = 'csrf-token-1';

/** The API error shape: `{ error: { code, message, details? } }`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  details?: { field: string; message: string }[],
): Reply {
  return {
    status,
    body: { error: details ? { code, message, details } : { code, message } },
  };
}

/**
 * A stand-in for the admin API that records every request and answers like the contract
 * (src/shared/admin/admin-api.ts, admin.routes.ts, sign-ups.routes.ts). Sign-in, sign-out and
 * the session are built in; each test adds the routes it needs with `on`. A change without
 * the session's CSRF token, or any call when signed out, gets what the server would answer.
 */
export class FakeAdminServer {
  readonly requests: SeenRequest[] = [];
  signedIn: boolean;
  /** While true, every request fails as a dropped connection does. */
  offline = false;
  email = 'lead@example.org';
  password = 'correct horse battery staple';
  #routes: { method: string; pattern: RegExp; names: string[]; handler: Handler }[] = [];

  constructor(options: { signedIn?: boolean } = {}) {
    this.signedIn = options.signedIn ?? true;
    this.on('GET', '/session', () =>
      this.signedIn
        ? { body: { email: this.email, csrfToken: CSRF } }
        : apiError(401, 'unauthorized', 'Sign in first.'),
    );
    this.on('POST', '/login', ({ body }) => {
      const { email, password } = body as { email: string; password: string };
      if (email.toLowerCase() !== this.email || password !== this.password)
        return apiError(401, 'invalid_credentials', 'The email address or password is wrong.');
      this.signedIn = true;
      return { body: { email: this.email, csrfToken: CSRF } };
    });
    this.on('POST', '/logout', () => {
      this.signedIn = false;
      return { body: { status: 'signed_out' } };
    });
  }

  /** Adds (or replaces) a route; `:name` segments become `params.name`. */
  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.#routes = this.#routes.filter(
      (r) => !(r.method === method && r.pattern.source === `^${source}$`),
    );
    this.#routes.unshift({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The requests to one path (and method), in order. */
  seen(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    if (this.offline) throw new TypeError('Failed to fetch');
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://localhost');
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const path = url.pathname.slice(BASE.length);
    const request: SeenRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      headers,
    };
    this.requests.push(request);
    const reply = await this.#answer(request);
    if (reply.text !== undefined)
      return new Response(reply.text, {
        status: reply.status ?? 200,
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      });
    if (reply.body === undefined) return new Response(null, { status: reply.status ?? 204 });
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  async #answer(request: SeenRequest): Promise<Reply> {
    const open = request.path === '/login' || request.path === '/session';
    if (!open && !this.signedIn) return apiError(401, 'unauthorized', 'Sign in first.');
    if (!open && request.method !== 'GET' && request.headers['x-csrf-token'] !== CSRF)
      return apiError(403, 'csrf', 'The CSRF token is missing or wrong.');
    for (const route of this.#routes) {
      if (route.method !== request.method) continue;
      const m = route.pattern.exec(request.path);
      if (!m) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]),
      );
      return route.handler({ ...request, params });
    }
    return apiError(404, 'not_found', `No route for ${request.method} ${request.path}.`);
  }

  /** A client over this fake, as the console makes one over the real fetch. */
  client(): AdminClient {
    return new AdminClient(BASE, this.fetch);
  }
}

/** A fake server and a client signed in to it (the session read, so changes carry CSRF). */
export async function signedInClient(server = new FakeAdminServer()) {
  const client = server.client();
  await client.resume();
  return { server, client };
}
