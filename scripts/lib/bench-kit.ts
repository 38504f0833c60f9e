import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunch } from '../../playwright.config';

/**
 * The bench server (scripts/lib/bench-server.ts) in a child process, with enrolment codes;
 * `env` may point it at PostgreSQL (BENCH_DATABASE_URL) or seed its feed (BENCH_SEED_FEED).
 */
export async function startBenchServer(
  dataDir: string,
  codes: number,
  env: Record<string, string> = {},
): Promise<{ url: string; codes: string[]; pid: number; stop: () => void }> {
  const { first, pid, stop } = await spawnServer(
    ['scripts/lib/bench-server.ts', dataDir, String(codes)],
    env,
  );
  const { port, codes: issued } = JSON.parse(first) as { port: number; codes: string[] };
  return { url: `http://127.0.0.1:${port}`, codes: issued, pid, stop };
}

/** The PouchDB server (scripts/lib/pouchdb-server.ts, in-memory) in a child process. */
export async function startPouchDBServer(): Promise<{ url: string; stop: () => void }> {
  const { first, stop } = await spawnServer(['scripts/lib/pouchdb-server.ts'], {});
  const { port } = JSON.parse(first) as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** Runs a server script under tsx; answers the first line it prints (once it listens). */
async function spawnServer(
  args: string[],
  env: Record<string, string>,
): Promise<{ first: string; pid: number; stop: () => void }> {
  // BENCH_SERVER_NODE_ARGS: Node options for the server alone (e.g. `--cpu-prof`), which
  // NODE_OPTIONS would also give the load generator, or refuse.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const first = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`${args[0]!} exited with ${String(code)}`)));
  });
  return { first, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

/**
 * Chromium with a page-side `__name`: tsx compiles this script with esbuild's keepNames,
 * which wraps named functions inside `page.evaluate` callbacks in calls to it.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript('globalThis.__name = (f) => f;');
    return context;
  };
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    return context.newPage();
  };
  return browser;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

export async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(file), { level: 9 }).length;
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Gzip -9 sizes of the built files at these `/assets/…` paths (each once), largest first,
 * with their total. Paths outside `/assets/` (the HTML, icons) are left out.
 */
export async function gzippedAssets(
  paths: Iterable<string>,
  dir: string = distDir,
): Promise<{ files: { path: string; bytes: number }[]; total: number }> {
  const files: { path: string; bytes: number }[] = [];
  for (const path of new Set(paths))
    if (path.startsWith('/assets/')) files.push({ path, bytes: await gzipSize(join(dir, path)) });
  files.sort((a, b) => b.bytes - a.bytes);
  return { files, total: files.reduce((n, f) => n + f.bytes, 0) };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Makes an event through the app's own form, as a facilitator would; answers its id. */
export async function createEvent(page: Page, url: string, title: string): Promise<string> {
  await page.goto(`${url}/#/events/new`);
  await page.getByLabel('Event name').fill(title);
  await page.getByRole('button', { name: 'Save event' }).click();
  await page.getByRole('textbox', { name: 'Note' }).waitFor();
  return page.url().split('/events/')[1]!.split('?')[0]!;
}

/**
 * What the page must load before its first paint, as paths under `/assets/`: the scripts and
 * stylesheets `index.html` names, and every chunk those scripts import statically, followed
 * through their imports (the browser fetches them before running the entry, whether or not the
 * HTML lists them as modulepreload).
 */
export async function firstPaintAssets(dir: string = distDir): Promise<string[]> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  const seen = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!path.endsWith('.js')) return;
    const code = await readFile(join(dir, path), 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import(` is lazy.
    for (const m of code.matchAll(
      /(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g,
    ))
      await visit(`/assets/${m[1]!}`);
  };
  for (const path of named) await visit(path);
  return [...seen];
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Clock ticks a second in /proc's CPU times (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/PID/stat after the process's name; index 0 is field 3 (state). */
async function procStat(pid: number): Promise<string[] | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // "pid (comm) state …": comm may hold spaces and brackets, so count from its last bracket.
  const close = stat.lastIndexOf(')');
  return close < 0 ? undefined : stat.slice(close + 2).split(' ');
}

/** The parent of a process (field 4 of /proc/PID/stat), or undefined where /proc is not. */
export async function parentPid(pid: number): Promise<number | undefined> {
  const fields = await procStat(pid);
  return fields === undefined ? undefined : Number(fields[1]);
}

/**
 * CPU seconds (user and system) used so far, read from /proc (Linux; 0 elsewhere): by the
 * processes `pids`; by the process `tree`, its children and its children that have ended
 * (PostgreSQL's postmaster and its backends, whose connections may close during a run); or by
 * the whole machine. CPU time, unlike latency, hardly moves with what else the machine is
 * doing: the figure to compare changes by.
 */
export async function cpuSeconds(
  of: { pids: number[] } | { tree: number } | 'machine' | 'stolen',
): Promise<number> {
  const sum = (fields: string[], from: number, count: number) =>
    fields.slice(from, from + count).reduce((total, field) => total + Number(field), 0);
  try {
    if (of === 'machine' || of === 'stolen') {
      // "cpu user nice system idle iowait irq softirq steal".
      const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/);
      // steal: time the hypervisor ran something else while this machine's CPUs wanted to run.
      if (of === 'stolen') return sum(fields, 8, 1) / TICKS_PER_SECOND;
      // All but idle, iowait and steal (the kernel's work for loopback traffic is in softirq).
      return (sum(fields, 1, 3) + sum(fields, 6, 2)) / TICKS_PER_SECOND;
    }
    let total = 0;
    if ('pids' in of) {
      for (const pid of of.pids) {
        const fields = await procStat(pid);
        // utime and stime: fields 14 and 15.
        if (fields !== undefined) total += sum(fields, 11, 2);
      }
      return total / TICKS_PER_SECOND;
    }
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const fields = await procStat(pid);
      if (fields === undefined) continue;
      // The root with its ended children (cutime and cstime, fields 16 and 17); live children.
      if (pid === of.tree) total += sum(fields, 11, 4);
      else if (Number(fields[1]) === of.tree) total += sum(fields, 11, 2);
    }
    return total / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export const distDir = join(process.cwd(), 'dist');
