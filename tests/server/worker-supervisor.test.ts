import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CRASH_LIMIT,
  CRASH_WINDOW_MS,
  WorkerSupervisor,
  isWorkerCommand,
} from '../../src/server/worker-supervisor';
import type { SupervisedWorker, WorkerCommand } from '../../src/server/worker-supervisor';

/** A worker process as node:cluster would report it; the test says when it listens and exits. */
class FakeWorker implements SupervisedWorker {
  readonly received: WorkerCommand[] = [];
  killed = false;
  #listening: ((port: number) => void) | undefined;
  #exit: ((code: number | null, signal: string | null) => void) | undefined;

  constructor(
    readonly id: number,
    readonly pid: number,
  ) {}

  send(command: WorkerCommand): void {
    this.received.push(command);
  }
  kill(): void {
    this.killed = true;
    this.exit(null, 'SIGKILL');
  }
  onListening(listener: (port: number) => void): void {
    this.#listening = listener;
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.#exit = listener;
  }

  listen(port = 8080): void {
    this.#listening?.(port);
  }
  exit(code: number | null, signal: string | null = null): void {
    this.#exit?.(code, signal);
  }
}

const STOP_DEADLINE_MS = 30_000;

function supervise(workers: number) {
  const forked: FakeWorker[] = [];
  const logs: string[] = [];
  const errors: string[] = [];
  const clock = { now: 1_000_000 };
  let code: number | undefined;
  const supervisor = new WorkerSupervisor({
    workers,
    fork: () => {
      const worker = new FakeWorker(forked.length + 1, 4000 + forked.length);
      forked.push(worker);
      return worker;
    },
    log: (line) => logs.push(line),
    logError: (line) => errors.push(line),
    stopDeadlineMs: STOP_DEADLINE_MS,
    now: () => clock.now,
  });
  void supervisor.finished.then((exitCode) => (code = exitCode));
  /** The primary's exit code once it has one (undefined while it waits). */
  const exitCode = async () => {
    await Promise.resolve();
    return code;
  };
  return { supervisor, forked, logs, errors, clock, exitCode };
}

/** The workers still running: forked, and not yet exited or killed. */
const alive = (forked: FakeWorker[], exited: Set<FakeWorker>) =>
  forked.filter((worker) => !exited.has(worker));

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerSupervisor', () => {
  it('starts the workers and says the server is listening once all of them are', () => {
    const { forked, logs } = supervise(3);
    expect(forked.map((worker) => worker.id)).toEqual([1, 2, 3]);
    forked[0]!.listen();
    forked[1]!.listen();
    expect(logs.join('\n')).not.toContain('listening');
    forked[2]!.listen();
    expect(logs).toEqual([
      'Involve listening on http://localhost:8080 (3 worker processes, pids 4000, 4001, 4002)',
    ]);
  });

  it('asks every worker to drain on the first stop and to close now on the second, then ends 0', async () => {
    const { supervisor, forked, exitCode } = supervise(2);
    for (const worker of forked) worker.listen();

    supervisor.stop('SIGTERM received');
    expect(forked.map((worker) => worker.received)).toEqual([
      [{ involve: 'shutdown', now: false }],
      [{ involve: 'shutdown', now: false }],
    ]);
    supervisor.stop('SIGTERM received');
    expect(forked.map((worker) => worker.received.at(-1))).toEqual([
      { involve: 'shutdown', now: true },
      { involve: 'shutdown', now: true },
    ]);

    forked[0]!.exit(0);
    expect(await exitCode()).toBeUndefined();
    forked[1]!.exit(0);
    expect(await exitCode()).toBe(0);
  });

  it('ends 1 when a worker did not close cleanly (cut off at its grace limit)', async () => {
    const { supervisor, forked, errors, exitCode } = supervise(2);
    for (const worker of forked) worker.listen();
    supervisor.stop('SIGTERM received');
    forked[0]!.exit(1);
    forked[1]!.exit(0);
    expect(await exitCode()).toBe(1);
    expect(errors).toEqual(['Worker 1 (pid 4000) stopped with exit code 1']);
  });

  it('replaces a worker that dies while serving, and stops the replacement with the rest', async () => {
    const { supervisor, forked, logs, errors, exitCode } = supervise(2);
    for (const worker of forked) worker.listen();

    forked[0]!.exit(null, 'SIGKILL');
    expect(forked).toHaveLength(3);
    expect(errors).toEqual([
      'Worker 1 (pid 4000) stopped unexpectedly (signal SIGKILL); starting another',
    ]);
    forked[2]!.listen();
    expect(logs.at(-1)).toBe('Worker 3 (pid 4002) listening, in place of worker 1');

    supervisor.stop('SIGTERM received');
    expect(forked[0]!.received).toEqual([]);
    expect(forked[1]!.received).toEqual([{ involve: 'shutdown', now: false }]);
    expect(forked[2]!.received).toEqual([{ involve: 'shutdown', now: false }]);
    forked[1]!.exit(0);
    // One that exits while the server stops is not replaced.
    forked[2]!.exit(0);
    expect(forked).toHaveLength(3);
    expect(await exitCode()).toBe(0);
  });

  it('stops the server when a worker dies before it could serve: a replacement would too', async () => {
    const { forked, errors, exitCode } = supervise(2);
    forked[0]!.listen();
    forked[1]!.exit(1);
    expect(forked).toHaveLength(2);
    expect(errors).toEqual([
      'Worker 2 (pid 4001) stopped (exit code 1) before it could serve; stopping the server',
    ]);
    // The other finishes what it is doing, without a drain.
    expect(forked[0]!.received).toEqual([{ involve: 'shutdown', now: true }]);
    expect(await exitCode()).toBeUndefined();
    forked[0]!.exit(0);
    expect(await exitCode()).toBe(1);
  });

  it(`replaces up to ${CRASH_LIMIT} deaths a minute, and stops the server at the next`, async () => {
    const { forked, errors, clock, exitCode } = supervise(2);
    const exited = new Set<FakeWorker>();
    const crash = (worker: FakeWorker) => {
      exited.add(worker);
      worker.exit(null, 'SIGSEGV');
    };
    for (const worker of forked) worker.listen();

    // Deaths spread out over more than the window are replaced however many there are.
    for (let n = 0; n < CRASH_LIMIT * 2; n++) {
      clock.now += CRASH_WINDOW_MS / CRASH_LIMIT;
      crash(alive(forked, exited)[0]!);
      forked.at(-1)!.listen();
    }
    expect(alive(forked, exited)).toHaveLength(2);
    expect(await exitCode()).toBeUndefined();

    // Then, a while later, a burst: the limit's worth is replaced, one more stops the server.
    clock.now += CRASH_WINDOW_MS;
    for (let n = 0; n < CRASH_LIMIT; n++) {
      clock.now += 1;
      crash(alive(forked, exited)[0]!);
      forked.at(-1)!.listen();
    }
    const before = forked.length;
    crash(alive(forked, exited)[0]!);
    expect(forked).toHaveLength(before);
    expect(errors.at(-1)).toMatch(
      new RegExp(`^Workers stopped unexpectedly ${CRASH_LIMIT + 1} times in 60 s, .*; stopping`),
    );
    const [last] = alive(forked, exited);
    expect(last!.received).toEqual([{ involve: 'shutdown', now: true }]);
    last!.exit(0);
    expect(await exitCode()).toBe(1);
  });

  it('kills workers still running at the stop deadline, and ends 1', async () => {
    vi.useFakeTimers();
    const { supervisor, forked, exitCode } = supervise(2);
    for (const worker of forked) worker.listen();
    supervisor.stop('SIGTERM received');
    forked[0]!.exit(0);
    vi.advanceTimersByTime(STOP_DEADLINE_MS - 1);
    expect(forked[1]!.killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(forked[1]!.killed).toBe(true);
    expect(await exitCode()).toBe(1);
  });
});

describe('isWorkerCommand', () => {
  it('knows the primary’s messages from anything else a worker may receive', () => {
    expect(isWorkerCommand({ involve: 'shutdown', now: false })).toBe(true);
    expect(isWorkerCommand({ involve: 'shutdown', now: true })).toBe(true);
    expect(isWorkerCommand({ involve: 'shutdown' })).toBe(false);
    expect(isWorkerCommand({ cmd: 'NODE_CLUSTER' })).toBe(false);
    expect(isWorkerCommand('shutdown')).toBe(false);
    expect(isWorkerCommand(null)).toBe(false);
  });
});
