import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from './server-test-kit';
import type { TestDatabase } from './server-test-kit';

// Each test starts the real server (src/server/main.ts) with tsx, which takes a second or two.
const TIMEOUT_MS = 30_000;

let database: TestDatabase;
let server: ChildProcess | undefined;

beforeEach(async () => {
  database = await openTestDatabase();
});

afterEach(async () => {
  if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
  server = undefined;
  await database.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts main.ts on this test's database; resolves once it listens. */
async function startServer(): Promise<{
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      ...database.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STATIC_DIR: database.dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Involve listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  return { child, port, exited };
}

/** A request whose body is sent later, so it stays in flight as long as the test likes. */
function slowPost(
  port: number,
  path: string,
): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const req = request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  req.flushHeaders();
  return { req, response };
}

function bodyOf(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.once('end', () => {
      resolve(text);
    });
    res.once('error', reject);
  });
}

describe('main.ts shutdown on SIGTERM', () => {
  it(
    'finishes a request in flight, refuses new connections, closes the database and exits 0',
    async () => {
      const { child, port, exited } = await startServer();
      const ready = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
      expect(ready.status).toBe(200);

      const inFlight = slowPost(port, '/api/v1/devices/enrol');
      inFlight.req.write('{"code":"NOT-A-');
      // The headers have arrived once the server has the request; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Still running: it waits for the request, but takes no new connection.
      expect(child.exitCode).toBeNull();
      await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();

      inFlight.req.end('CODE","name":"Tablet"}');
      const res = await inFlight.response;
      const body = await bodyOf(res);
      // An answer from the route itself (an unknown code), not a dropped connection.
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(JSON.parse(body)).toHaveProperty('error.code');
      expect(res.headers.connection).toBe('close');

      expect(await exited).toBe(0);
    },
    TIMEOUT_MS,
  );
});
