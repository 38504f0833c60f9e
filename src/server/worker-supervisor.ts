/**
 * The primary process of a server run as several processes (`WORKERS` > 1): it starts the
 * workers that serve requests (they share the port through node:cluster), replaces a worker
 * that dies, and on a stop signal asks every worker to drain and close as a lone server does,
 * ending once they all have. Node's cluster sits behind the small {@link SupervisedWorker}
 * port (wired in `main.ts`), so these rules are tested without processes.
 */

/**
 * What the primary asks of a worker over IPC: shut down as on SIGTERM (drain, then close), or
 * with `now`, skip what is left of the drain, as a second SIGTERM does.
 *
 * The primary sends a message rather than the signal itself: where a service manager signals
 * every process of the service (systemd's default), a forwarded signal would be each worker's
 * second and cut its drain short. A worker takes the message as a first request only.
 */
export interface WorkerCommand {
  involve: 'shutdown';
  now: boolean;
}

export function isWorkerCommand(message: unknown): message is WorkerCommand {
  if (typeof message !== 'object' || message === null) return false;
  const { involve, now } = message as Partial<Record<keyof WorkerCommand, unknown>>;
  return involve === 'shutdown' && typeof now === 'boolean';
}

/** One worker process, as the supervisor sees it. */
export interface SupervisedWorker {
  /** 1, 2, …; a replacement gets the next number. */
  readonly id: number;
  readonly pid: number | undefined;
  /** Sends a command; one the worker can no longer receive (it is exiting) is dropped. */
  send(command: WorkerCommand): void;
  /** Ends it at once (SIGKILL): only for a worker still running when the stop deadline passes. */
  kill(): void;
  onListening(listener: (port: number) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

export interface SupervisorOptions {
  workers: number;
  fork(): SupervisedWorker;
  log(line: string): void;
  logError(line: string): void;
  /**
   * After the first stop request, how long workers get before those still running are killed:
   * longer than a worker's own drain, grace and forced close, so only a stuck one meets it.
   */
  stopDeadlineMs: number;
  /** The clock for counting crashes (milliseconds). */
  now?: () => number;
}

/** More unexpected worker exits than this within {@link CRASH_WINDOW_MS} stop the server. */
export const CRASH_LIMIT = 5;
export const CRASH_WINDOW_MS = 60_000;

interface Running {
  worker: SupervisedWorker;
  listening: boolean;
  /** The worker this one replaces, if it does. */
  replacing?: SupervisedWorker | undefined;
}

/**
 * Starts `workers` workers at once and supervises them; {@link finished} resolves with the exit
 * code for the primary once a stop has been asked for (or the workers keep failing) and every
 * worker has exited: 0 when all of them closed cleanly, 1 otherwise.
 *
 * A worker that dies unexpectedly after it was serving is replaced (in-flight requests on it
 * fail; tablets send their pushes again). One that dies before it ever listened (the port is
 * taken, the database cannot be opened) stops the server instead: a replacement would fail the
 * same way. More than {@link CRASH_LIMIT} deaths within {@link CRASH_WINDOW_MS} stop it too,
 * so a crash loop ends and the service manager's restart policy takes over.
 */
export class WorkerSupervisor {
  readonly finished: Promise<number>;
  readonly #options: SupervisorOptions;
  readonly #running = new Map<number, Running>();
  readonly #crashes: number[] = [];
  #resolve: (code: number) => void = () => {};
  #stopRequests = 0;
  #exitCode = 0;
  #announced = false;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.finished = new Promise((resolve) => (this.#resolve = resolve));
    for (let n = 0; n < options.workers; n++) this.#start();
  }

  /** The first request drains and closes every worker; a later one closes them without drain. */
  stop(reason: string): void {
    this.#stopRequests += 1;
    const now = this.#stopRequests > 1;
    if (!now) {
      this.#options.log(`${reason}: asking the ${this.#running.size} workers to finish and stop`);
    }
    this.#shutDownWorkers(now);
  }

  #shutDownWorkers(now: boolean): void {
    if (this.#deadline === undefined) {
      this.#deadline = setTimeout(() => {
        this.#options.logError('Workers still running at the stop deadline; ending them');
        for (const { worker } of this.#running.values()) worker.kill();
      }, this.#options.stopDeadlineMs);
      this.#deadline.unref();
    }
    for (const { worker } of this.#running.values()) worker.send({ involve: 'shutdown', now });
    this.#finishIfDone();
  }

  #start(replacing?: SupervisedWorker): void {
    const worker = this.#options.fork();
    const entry: Running = { worker, listening: false, replacing };
    this.#running.set(worker.id, entry);
    worker.onListening((port) => {
      entry.listening = true;
      if (this.#announced) {
        const instead = entry.replacing ? `, in place of worker ${entry.replacing.id}` : '';
        this.#options.log(`Worker ${named(worker)} listening${instead}`);
      } else if ([...this.#running.values()].every((each) => each.listening)) {
        this.#announced = true;
        const pids = [...this.#running.values()].map(({ worker }) => worker.pid ?? 'unknown');
        this.#options.log(
          `Involve listening on http://localhost:${port} (${this.#options.workers} worker processes, pids ${pids.join(', ')})`,
        );
      }
    });
    worker.onExit((code, signal) => this.#exited(entry, code, signal));
  }

  #exited(entry: Running, code: number | null, signal: string | null): void {
    const { worker } = entry;
    this.#running.delete(worker.id);
    const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
    if (this.#stopRequests > 0) {
      if (code !== 0) {
        this.#exitCode = 1;
        this.#options.logError(`Worker ${named(worker)} stopped with ${how}`);
      }
      this.#finishIfDone();
      return;
    }
    if (!entry.listening) {
      this.#giveUp(`Worker ${named(worker)} stopped (${how}) before it could serve`);
      return;
    }
    const now = (this.#options.now ?? Date.now)();
    this.#crashes.push(now);
    while (this.#crashes[0]! <= now - CRASH_WINDOW_MS) this.#crashes.shift();
    if (this.#crashes.length > CRASH_LIMIT) {
      this.#giveUp(
        `Workers stopped unexpectedly ${this.#crashes.length} times in ${CRASH_WINDOW_MS / 1000} s, the last ${named(worker)} (${how})`,
      );
      return;
    }
    this.#options.logError(
      `Worker ${named(worker)} stopped unexpectedly (${how}); starting another`,
    );
    this.#start(worker);
  }

  /** Stops the server because workers cannot serve: the rest finish their requests and close. */
  #giveUp(reason: string): void {
    this.#exitCode = 1;
    this.#options.logError(`${reason}; stopping the server`);
    this.#stopRequests += 1;
    // No drain (this server is failing, not being taken out of rotation), but the workers
    // still serving finish their requests in flight.
    this.#shutDownWorkers(true);
  }

  #finishIfDone(): void {
    if (this.#stopRequests === 0 || this.#running.size > 0) return;
    clearTimeout(this.#deadline);
    this.#resolve(this.#exitCode);
  }
}

function named(worker: SupervisedWorker): string {
  return `${worker.id} (pid ${worker.pid ?? 'unknown'})`;
}
