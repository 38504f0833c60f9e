import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunch } from '../../playwright.config';

/** The bench server (scripts/lib/bench-server.ts) in a child process, with enrolment codes. */
export async function startBenchServer(
  dataDir: string,
  codes: number,
): Promise<{ url: string; codes: string[]; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/lib/bench-server.ts', dataDir, String(codes)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
  const { port, codes: issued } = JSON.parse(first) as { port: number; codes: string[] };
  return { url: `http://127.0.0.1:${port}`, codes: issued, stop: () => child.kill('SIGTERM') };
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

export const distDir = join(process.cwd(), 'dist');
