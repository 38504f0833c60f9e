import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** What came back over the wire. */
export interface WireAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to send: a method, headers, and a JSON body if any. */
export interface WireRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  json?: unknown;
}

/** The app behind Node's real HTTP adapter on a loopback port, as `main.ts` serves it. */
export interface ListeningApp {
  /**
   * Sends a request from the loopback address `from` (any of 127.0.0.0/8 on Linux), so the
   * server sees a real socket peer: what its per-IP limits key on when no proxy is trusted.
   */
  send(from: string, path: string, request?: WireRequest): Promise<WireAnswer>;
  close(): Promise<void>;
}

export async function listen(app: Hono): Promise<ListeningApp> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  const send = (from: string, path: string, request: WireRequest = {}) =>
    new Promise<WireAnswer>((resolve, reject) => {
      const body = request.json === undefined ? undefined : JSON.stringify(request.json);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: request.method ?? (body === undefined ? 'GET' : 'POST'),
          localAddress: from,
          // A fresh connection each time, so no socket is shared between "addresses".
          agent: false,
          headers: {
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...request.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    send,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `Cookie` header value a login answer set. */
export function cookieOf(answer: WireAnswer): string {
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';', 1)[0]!;
}

/** The error code of an API error answer. */
export function errorCode(answer: WireAnswer): string {
  return (JSON.parse(answer.body) as { error: { code: string } }).error.code;
}
