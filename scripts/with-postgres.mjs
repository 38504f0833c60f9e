// `node scripts/with-postgres.mjs <command> [args…]`: runs the command with
// INVOLVE_TEST_DATABASE_URL pointing at a throwaway PostgreSQL cluster (`npm run test:pg`).
//
// The cluster lives in a temporary folder, listens on 127.0.0.1 only, on a free port, with
// fsync off (tests only: a crash loses it, which is the point), and is stopped and removed
// afterwards, whether the command passes, fails or is interrupted.
//
// - INVOLVE_TEST_DATABASE_URL already set: no cluster; the command runs against that database.
// - WITH_POSTGRES_OPTIONAL=1: without PostgreSQL, run the command anyway (no URL set).
// - WITH_POSTGRES_DURABLE=1: fsync and synchronous commit stay on, as on a real server, for
//   benchmarks (`npm run bench:server`) whose figures must not flatter PostgreSQL.
// - PostgreSQL not installed: a loud notice and exit 0, so a laptop without it still runs the
//   rest of `npm test`. With CI=true it is an error (exit 1): CI never skips PostgreSQL silently.
// - Run as root (containers, CI), initdb and the server run as the `postgres` user (else
//   `nobody`), because PostgreSQL refuses to run as root.
//
// Finds the binaries with POSTGRES_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin
// (Debian, newest first) or PATH.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const DATABASE = 'involve_test';
const SUPERUSER = 'involve';
const START_ATTEMPTS = 3;

/** The command's child process, once it runs; signals go to it, and we clean up after it. */
/** @type {import('node:child_process').ChildProcess | undefined} */
let child;

const command = process.argv.slice(2);
if (command[0] === '--') command.shift();
if (command.length === 0) {
  console.error('Usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

const existingUrl = process.env.INVOLVE_TEST_DATABASE_URL;
if (existingUrl !== undefined && existingUrl !== '') {
  console.log('with-postgres: INVOLVE_TEST_DATABASE_URL is set; using that database.');
  process.exit(await run(command, process.env));
}

const bindir = findBindir();
if (bindir === undefined && process.env.WITH_POSTGRES_OPTIONAL === '1') {
  // For benchmarks that run their SQLite part either way and say PostgreSQL was missing.
  console.error('with-postgres: PostgreSQL not found; running without it.');
  process.exit(await run(command, process.env));
}
if (bindir === undefined) {
  const inCi = process.env.CI === 'true';
  const line = '*'.repeat(78);
  console.error(
    [
      '',
      line,
      inCi
        ? '*  PostgreSQL NOT FOUND, and CI=true: failing rather than skipping.'
        : '*  PostgreSQL NOT FOUND: the server tests did NOT run against PostgreSQL.',
      '*',
      '*  Looked for initdb, pg_ctl and postgres via POSTGRES_BINDIR, `pg_config --bindir`,',
      '*  /usr/lib/postgresql/*/bin and PATH. To run them:',
      '*    sudo apt-get install -y postgresql        (Debian or Ubuntu), then npm run test:pg',
      '*  or point the suite at a PostgreSQL you already have (it makes one schema per test):',
      '*    INVOLVE_TEST_DATABASE_URL=postgres://user:password@host:5432/db npm run test:pg',
      line,
      '',
    ].join('\n'),
  );
  process.exit(inCi ? 1 : 0);
}

/** The unprivileged account the cluster runs as when we are root; undefined when we are not. */
const runAs = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
const dir = mkdtempSync(join(tmpdir(), 'involve-pg-'));
const dataDir = join(dir, 'data');
const logFile = join(dir, 'postgres.log');
let started = false;
let cleanedUp = false;

/** Stops the cluster (if it started) and removes its folder. Synchronous: runs from 'exit' too. */
function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (started) {
    const stop = asUser(join(bindir ?? '', 'pg_ctl'), [
      '-D',
      dataDir,
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
    spawnSync(stop.file, stop.args, { cwd: dir, stdio: 'ignore' });
  }
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    if (child !== undefined && child.exitCode === null) {
      child.kill(signal);
      return;
    }
    cleanUp();
    process.exit(128 + constants.signals[signal]);
  });
}

try {
  if (runAs !== undefined) chownSync(dir, runAs.uid, runAs.gid);
  must('initdb', [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await startCluster();
  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`;
  mustClient('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, DATABASE]);
  console.log(`with-postgres: PostgreSQL ${version()} on 127.0.0.1:${port} (throwaway, in ${dir})`);
  process.exitCode = await run(command, { ...process.env, INVOLVE_TEST_DATABASE_URL: url });
} catch (err) {
  console.error(`with-postgres: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  cleanUp();
}

/**
 * Writes the test settings, then starts the server on a free port; tries another port if
 * something took the one we picked in the meantime.
 * @returns {Promise<number>}
 */
async function startCluster() {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // Later lines win, so a retry simply appends a new port.
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        '# with-postgres.mjs: throwaway test cluster. Never use these settings for real data.',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir.replaceAll("'", "''")}'`,
        ...(process.env.WITH_POSTGRES_DURABLE === '1'
          ? []
          : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
        'max_connections = 300',
        '',
      ].join('\n'),
    );
    const start = asUser(join(bindir ?? '', 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    const result = spawnSync(start.file, start.args, { cwd: dir, encoding: 'utf8' });
    if (result.status === 0) {
      started = true;
      return port;
    }
    // pg_ctl may have left a postmaster behind if it only timed out.
    started = existsSync(join(dataDir, 'postmaster.pid'));
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    if (attempt >= START_ATTEMPTS || !/address already in use/i.test(log)) {
      throw new Error(
        `pg_ctl start failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}${log}`,
      );
    }
  }
}

/**
 * Runs a PostgreSQL server binary (as the unprivileged user when we are root); throws with its
 * output if it fails.
 * @param {string} name
 * @param {string[]} args
 */
function must(name, args) {
  const { file, args: fullArgs } = asUser(join(bindir ?? '', name), args);
  const result = spawnSync(file, fullArgs, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${name} failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`,
    );
  }
}

/**
 * Runs a PostgreSQL client binary as ourselves; throws with its output if it fails.
 * @param {string} name
 * @param {string[]} args
 */
function mustClient(name, args) {
  const result = spawnSync(join(bindir ?? '', name), args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${name} failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/** @returns {string} */
function version() {
  const result = spawnSync(join(bindir ?? '', 'postgres'), ['--version'], { encoding: 'utf8' });
  return result.stdout.trim().replace(/^postgres \(PostgreSQL\) /, '') || 'unknown version';
}

/**
 * The command line that runs `file` as {@link runAs} (runuser, else setpriv), or as is.
 * @param {string} file
 * @param {string[]} args
 * @returns {{ file: string, args: string[] }}
 */
function asUser(file, args) {
  if (runAs === undefined) return { file, args };
  if (onPath('runuser')) return { file: 'runuser', args: ['-u', runAs.name, '--', file, ...args] };
  return {
    file: 'setpriv',
    args: [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', file, ...args],
  };
}

/** @returns {{ name: string, uid: number, gid: number }} */
function unprivilegedUser() {
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) {
      return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  throw new Error(
    'running as root, and there is neither a "postgres" nor a "nobody" user to run PostgreSQL as',
  );
}

/**
 * The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed.
 * @returns {string | undefined}
 */
function findBindir() {
  /** @param {string | undefined} candidate */
  const complete = (candidate) =>
    candidate !== undefined &&
    candidate !== '' &&
    ['initdb', 'pg_ctl', 'postgres', 'createdb'].every((name) => existsSync(join(candidate, name)));

  const fromEnv = process.env.POSTGRES_BINDIR;
  if (complete(fromEnv)) return fromEnv;

  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const fromPgConfig = pgConfig.status === 0 ? pgConfig.stdout.trim() : undefined;
  if (complete(fromPgConfig)) return fromPgConfig;

  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const candidate = join(debian, v, 'bin');
      if (complete(candidate)) return candidate;
    }
  }

  return (process.env.PATH ?? '').split(delimiter).find((folder) => complete(folder));
}

/** @param {string} name */
function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => existsSync(join(folder, name)));
}

/**
 * A TCP port free on 127.0.0.1 right now.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Runs the command with inherited stdio; answers its exit code (128 + signal if killed).
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
function run(argv, env) {
  return new Promise((resolve) => {
    const [file = '', ...args] = argv;
    child = spawn(file, args, { env, stdio: 'inherit' });
    child.once('error', (err) => {
      console.error(`with-postgres: could not run ${file}: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
