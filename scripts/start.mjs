// `npm start`: rebuilds the client when its sources are newer than dist/, then runs the server.
// Configuration is read by src/server/env.ts alone; this script passes the environment through.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'dist', 'index.html');
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** Everything `vite build` reads; a change to any of these means dist/ is stale. */
const buildInputs = [
  'src/app',
  'src/shared',
  'src/sw.ts',
  'index.html',
  'public',
  'vite.config.ts',
].map((path) => join(root, path));

/**
 * Latest modification time (ms) of a file, or of any file below a folder; 0 if absent.
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** @returns {boolean} */
function clientIsStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return buildInputs.some((path) => newestMtime(path) > builtAt);
}

/**
 * Runs a Node script in the project root with inherited stdio, forwarding stop signals.
 * @param {string[]} args
 * @returns {Promise<number>} the exit code (128 + signal number when killed by a signal)
 */
function runNode(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => {
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

if (clientIsStale()) {
  if (existsSync(viteBin)) {
    console.log('Client sources changed since the last build; running vite build');
    const code = await runNode([viteBin, 'build']);
    if (code !== 0) process.exit(code);
  } else if (existsSync(builtIndex)) {
    // A production install without devDependencies: serve the build it shipped with.
    console.warn('dist/ may be stale and vite is not installed; serving the existing build');
  } else {
    console.error('No dist/ build and vite is not installed; run "npm install" then try again');
    process.exit(1);
  }
}

process.exit(await runNode(['--import', 'tsx', join('src', 'server', 'main.ts')]));
