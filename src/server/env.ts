import { availableParallelism } from 'node:os';
import * as z from 'zod';

// Container platforms often set a variable to '' to mean "unset"; treat it so, so defaults apply.
const unsetIfEmpty = (value: unknown): unknown => (value === '' ? undefined : value);

/** A duration in whole milliseconds, at most ten minutes, with its default. */
const milliseconds = (fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d{1,6}$/, { error: 'must be a whole number of milliseconds' })
      .transform(Number)
      .pipe(z.number().max(600_000, { error: 'must be at most 600000 (ten minutes)' }))
      .default(fallback),
  );

/** A whole number from `min` to `max`, with its default. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfEmpty, wholeNumberBetween(min, max).default(fallback));

/** A whole number from `min` to `max`, or unset. */
const optionalWholeNumber = (min: number, max: number) =>
  z.preprocess(unsetIfEmpty, wholeNumberBetween(min, max).optional());

function wholeNumberBetween(min: number, max: number) {
  const range = { error: `must be between ${min} and ${max}` };
  return z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().min(min, range).max(max, range));
}

/**
 * Server processes by default: one per CPU, at most this many. Past a few, processes mostly
 * queue for the one SQLite writer (or PostgreSQL connections), and each takes memory (about
 * 150 MB resident).
 */
export const DEFAULT_WORKERS_MAX = 4;

/** The most `WORKERS` may ask for. */
const WORKERS_MAX = 64;

/**
 * The most `PUSH_THREADS` may ask for: more threads than cores only take turns on them, and no
 * server has cores for sixteen threads besides its workers.
 */
const PUSH_THREADS_MAX = 16;

/**
 * The variables' schema; the machine's CPU count sets the defaults of `WORKERS` and
 * `PUSH_THREADS`.
 */
const schemaFor = (cpuCount: number) =>
  z
    .object({
      PORT: wholeNumber(1, 65535, 8080),
      HOST: z.preprocess(unsetIfEmpty, z.string().default('0.0.0.0')),
      DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('./data')),
      DATABASE_URL: z.preprocess(
        unsetIfEmpty,
        z
          .url({
            protocol: /^postgres(ql)?$/,
            error: 'must be a postgres:// or postgresql:// URL',
          })
          .optional(),
      ),
      STATIC_DIR: z.preprocess(unsetIfEmpty, z.string().default('./dist')),
      TRUSTED_PROXY_HOPS: z.preprocess(
        unsetIfEmpty,
        z
          .string()
          .regex(/^\d$/, { error: 'must be a whole number from 0 to 9' })
          .transform(Number)
          .default(0),
      ),
      SHUTDOWN_DRAIN_MS: milliseconds(5000),
      SHUTDOWN_GRACE_MS: milliseconds(10_000),
      WORKERS: wholeNumber(1, WORKERS_MAX, Math.max(1, Math.min(cpuCount, DEFAULT_WORKERS_MAX))),
      PUSH_THREADS: optionalWholeNumber(0, PUSH_THREADS_MAX),
      ADMIN_PASSWORD: z.preprocess(unsetIfEmpty, z.string().optional()),
      NODE_ENV: z.preprocess(
        unsetIfEmpty,
        z
          .enum(['development', 'production', 'test'], {
            error: 'must be development, production or test',
          })
          .default('development'),
      ),
    })
    .transform((raw) => ({
      port: raw.PORT,
      host: raw.HOST,
      dataDir: raw.DATA_DIR,
      // Absent rather than undefined, so callers can test `'databaseUrl' in env` or truthiness alike.
      ...(raw.DATABASE_URL === undefined ? {} : { databaseUrl: raw.DATABASE_URL }),
      staticDir: raw.STATIC_DIR,
      trustedProxyHops: raw.TRUSTED_PROXY_HOPS,
      shutdownDrainMs: raw.SHUTDOWN_DRAIN_MS,
      shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
      workers: raw.WORKERS,
      // A thread pays off only where a core would otherwise be idle: on two cores it took a
      // lone SQLite process's p99 from 64–100 to 58–71 ms, and made two processes' 42–71 ms
      // 57–81 ms, costing about 1.5 ms of CPU a push more (BENCHMARKS.md, "Late evening,
      // 2026-12-07").
      pushThreads: raw.PUSH_THREADS ?? (cpuCount > raw.WORKERS ? 1 : 0),
      // Read by the admin CLI only; the server never needs it.
      ...(raw.ADMIN_PASSWORD === undefined ? {} : { adminPassword: raw.ADMIN_PASSWORD }),
      nodeEnv: raw.NODE_ENV,
    }));

/** The server's configuration, parsed from environment variables by {@link loadEnv}. */
export type Env = z.output<ReturnType<typeof schemaFor>>;

/** Thrown by {@link loadEnv}; the message names every bad variable (never its value). */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/**
 * Parses the server configuration. This is the only place that reads `process.env`.
 *
 * Variables: `PORT` (default 8080), `HOST` (default `0.0.0.0`), `DATA_DIR` (default `./data`),
 * `DATABASE_URL` (optional; PostgreSQL when set, embedded SQLite otherwise), `STATIC_DIR`
 * (default `./dist`), `TRUSTED_PROXY_HOPS` (default 0: how many reverse proxies append to
 * `X-Forwarded-For` in front of the server, for per-IP rate limits), `SHUTDOWN_DRAIN_MS`
 * (default 5000: after SIGTERM, how long `/api/v1/ready` answers 503 while requests are still
 * taken, so a load balancer stops sending before the listener closes), `SHUTDOWN_GRACE_MS`
 * (default 10000: then how long requests in flight get to finish), `WORKERS` (default: one per
 * CPU, at most {@link DEFAULT_WORKERS_MAX}: how many server processes share the port; 1 serves
 * from the one process started), `PUSH_THREADS` (threads in each server process that parse and
 * validate pushes, 0 to do it on the thread that serves requests; by default 1 when the machine
 * has more CPUs than `WORKERS`, else 0), `ADMIN_PASSWORD` (optional; the admin CLI's
 * `create-admin` reads it instead of stdin), `NODE_ENV` (default `development`). Empty strings
 * count as unset.
 *
 * `cpuCount` (the machine's, by default) sets the defaults of `WORKERS` and `PUSH_THREADS`.
 *
 * @throws {EnvError} naming each invalid variable. Values are left out of the message because
 *   some (`DATABASE_URL`, `ADMIN_PASSWORD`) carry credentials.
 */
export function loadEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
  cpuCount: number = availableParallelism(),
): Env {
  const result = schemaFor(cpuCount).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : 'environment';
    return `  ${name}: ${issue.message}`;
  });
  throw new EnvError(`Invalid environment variables:\n${lines.join('\n')}`);
}
