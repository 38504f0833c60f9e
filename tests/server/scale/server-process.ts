import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * One real server (`src/server/main.ts`, as `npm start` runs it): one process, or with `WORKERS`
 * above 1 (one per CPU unless `env` says) a primary and its workers.
 */
export interface ServerProcess {
  url: string;
  port: number;
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
  /**
   * SIGKILL, as a crash or the OOM killer would: no shutdown, no flush. With workers, the
   * primary is killed and they exit the moment they lose it. Waits for the primary's exit.
   */
  kill(): Promise<void>;
  /** Starts it again on the same port and data (after `kill` or `stop`). */
  restart(): Promise<void>;
  /** The process's stderr so far, for a failing test's message. */
  readonly stderr: string;
}

export interface ServerProcessOptions {
  /** A fixed port; by default a free one. Kept across restarts either way. */
  port?: number;
}

/**
 * Starts `src/server/main.ts` in its own process with `env` (DATABASE_URL and DATA_DIR at
 * least), on loopback, and waits until it says it is listening. It serves no client unless
 * `env` names a STATIC_DIR.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stderr = '';

  async function launch(): Promise<void> {
    const started = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        STATIC_DIR: '/nonexistent-client',
        // No drain before closing: no load balancer polls readiness here.
        SHUTDOWN_DRAIN_MS: '0',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const onData = (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('Involve listening on')) {
          started.stdout?.off('data', onData);
          // Keep draining its request log, or a full pipe would stall the server.
          started.stdout?.resume();
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.once('exit', (code) =>
        reject(new Error(`the server exited with ${String(code)} before listening: ${stderr}`)),
      );
    });
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill(signal);
    await exited;
  }

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      await launch();
    },
    get stderr() {
      return stderr;
    },
  };
}
