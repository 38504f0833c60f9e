/**
 * The admin console's HTTP client. The console works online at a desk; every call goes to
 * `/api/v1/admin/...` with the session cookie, and every change carries the session's CSRF
 * token (read from `/session` or the login answer). Failures become {@link AdminApiError},
 * whose `message` is the server's sentence (or the console's own, in the console's language,
 * when the server was not reached or did not answer with the API's JSON) and `fields` names
 * the fields at fault, so a form can show each problem beside its input and keep what was
 * typed.
 */

import { adminStrings } from './admin.i18n';

const { t } = adminStrings;

export interface FieldProblem {
  /** Dotted path, e.g. `title` or `questions.2.text.en.easyRead`. */
  field: string;
  message: string;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export interface AdminSession {
  email: string;
  csrfToken: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function readFields(details: unknown): FieldProblem[] {
  // The server's validation errors: details is [{ field, message }, ...].
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { field, message } = d as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

export class AdminClient {
  session: AdminSession | undefined;
  /**
   * Called when the server answers 401 to a signed-in client (the session expired or was
   * ended elsewhere), so the console can ask to sign in again without losing the screen.
   */
  onSessionLost: (() => void) | undefined;

  constructor(
    private readonly base = '/api/v1/admin',
    private readonly doFetch: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** The session behind the cookie, if the browser still has a live one. */
  async resume(): Promise<AdminSession | undefined> {
    try {
      this.session = await this.request<AdminSession>('GET', '/session');
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 401) this.session = undefined;
      else throw err;
    }
    return this.session;
  }

  async login(email: string, password: string): Promise<AdminSession> {
    this.session = await this.request<AdminSession>('POST', '/login', { email, password });
    return this.session;
  }

  async logout(): Promise<void> {
    try {
      await this.request('POST', '/logout');
    } finally {
      this.session = undefined;
    }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** A URL under the API for links (CSV downloads), with the query encoded. */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Fetches a text body (CSV) with the session, for a download made in the page. */
  async text(path: string, query: Record<string, string | undefined> = {}): Promise<string> {
    const response = await this.send('GET', this.url(path, query));
    // `response.text()` would drop the byte-order mark the server puts first, and without it
    // Excel reads the file as ANSI: Welsh, Bengali and Urdu come out garbled.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, `${this.base}${path}`, body);
    // 204 (an erased sign-up) has no body to read.
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async send(method: Method, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.session) headers['X-CSRF-Token'] = this.session.csrfToken;
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new AdminApiError(0, 'offline', t('errOffline'));
    }
    if (response.ok) return response;
    let code = 'http_error';
    // Kept when the answer is not the API's JSON (a proxy's error page, say).
    let message = t('errStatus', { status: response.status });
    let fields: FieldProblem[] = [];
    try {
      const parsed = (await response.json()) as {
        error?: { code?: string; message?: string; details?: unknown };
      };
      if (parsed.error?.code) code = parsed.error.code;
      if (parsed.error?.message) message = parsed.error.message;
      fields = readFields(parsed.error?.details);
    } catch {
      // Not JSON: keep the general sentence.
    }
    if (response.status === 401 && this.session !== undefined) {
      this.session = undefined;
      this.onSessionLost?.();
    }
    throw new AdminApiError(response.status, code, message, fields);
  }
}
