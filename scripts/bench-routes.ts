/**
 * bench:routes — for each first screen (a real event's capture screen, a ward kiosk's welcome,
 * the easy-read survey's first question, the get-involved form), the gzipped JS and CSS a cold
 * first visit loads: before the first paint, until the screen is usable, and in all; and the
 * offline cold start to a usable capture screen and kiosk welcome, the service worker warm,
 * with 4× CPU throttling, 10 times each.
 *
 * Run: npm run bench:routes   (builds first). Prints figures; asserts nothing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  createEvent,
  distDir,
  firstPaintAssets,
  gzippedAssets,
  kb,
  launchChromium,
  machine,
  median,
  startBenchServer,
} from './lib/bench-kit';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CPU_SLOWDOWN = 4;
// The anchor the issue measures against: Enketo Express's offline form page.
const ENKETO_OFFLINE_FORM_JS = 521 * 1024;

interface Route {
  name: string;
  /** Whatever the screen needs on this tablet first (an event, a kiosk set up); answers its hash. */
  prepare: (page: Page, url: string) => Promise<string>;
  /** Resolves once the screen can be used, doing what a person does to reach it. */
  usable: (page: Page) => Promise<void>;
  /** The same "usable" as a DOM check, for the in-page cold-start timer (see `timerScript`). */
  selectors?: string[];
}

const welcomeSelectors = ['.kiosk .survey .nav .primary', '.kiosk .staff-entry button'];

const routes: Route[] = [
  {
    name: 'capture (#/events/<id>)',
    prepare: async (page, url) => `#/events/${await createEvent(page, url, 'Benchmark workshop')}`,
    usable: (page) => page.getByRole('textbox', { name: 'Note' }).waitFor(),
    selectors: ['#note-text'],
  },
  {
    name: 'kiosk welcome (#/kiosk)',
    prepare: async (page, url) => {
      await page.goto(`${url}/#/kiosk?survey=ward-feedback`);
      await page.getByLabel('Ward or service name').fill('Ward 7');
      await page.getByLabel('Staff PIN (4 to 8 digits)').fill('2468');
      await page.getByLabel('Type the PIN again').fill('2468');
      await page.getByRole('button', { name: 'Start kiosk mode' }).click();
      await page.getByRole('button', { name: 'Staff' }).waitFor();
      return '#/kiosk';
    },
    usable: async (page) => {
      await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Staff' }).waitFor();
    },
    selectors: welcomeSelectors,
  },
  {
    name: 'easy-read survey, first question (#/surveys/tell-us-what-you-think)',
    prepare: () => Promise.resolve('#/surveys/tell-us-what-you-think'),
    usable: async (page) => {
      // The start screen (language, look), then Start: the first question with its answers.
      await page.locator('.survey.easy-read .nav .primary').click();
      await page.locator('.survey.easy-read .progress').waitFor();
      await page.getByRole('radio').first().waitFor({ state: 'attached' });
      await page.locator('.survey.easy-read .nav .primary').waitFor();
    },
  },
  {
    name: 'sign-up, first part (#/get-involved)',
    prepare: () => Promise.resolve('#/get-involved'),
    usable: async (page) => {
      // The start screen (language, look), then Start: the first part, the name field.
      await page.locator('.survey .screen.start .nav .primary').click();
      await page.locator('.survey.signup #signup-name').waitFor();
    },
  },
];

/** Records the pathname of every script and stylesheet the page requests. */
function recordAssets(page: Page): string[] {
  const loaded: string[] = [];
  page.on('request', (req) => {
    const type = req.resourceType();
    if (type === 'script' || type === 'stylesheet') loaded.push(new URL(req.url()).pathname);
  });
  return loaded;
}

/** A cold first visit: a fresh context, no service worker, no HTTP cache. */
async function routeBytes(url: string, route: Route, firstPaint: string[]) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const setup = await context.newPage();
    const hash = await route.prepare(setup, url);
    await setup.close();

    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const loaded = recordAssets(page);
    await page.goto(`${url}/${hash}`);
    await route.usable(page);
    const toUsable = [...loaded];
    // What follows once the screen is up (the sync engine, prefetches) belongs to the visit too.
    await page.waitForLoadState('networkidle');
    const all = [...loaded];
    const js = (paths: string[]) => gzippedAssets(paths.filter((p) => p.endsWith('.js')));
    const css = (paths: string[]) => gzippedAssets(paths.filter((p) => p.endsWith('.css')));
    return {
      firstPaintJs: (await js(firstPaint)).total,
      firstPaintCss: (await css(firstPaint)).total,
      usableJs: await js(toUsable),
      usableCss: (await css(toUsable)).total,
      allJs: (await js(all)).total,
      allCss: (await css(all)).total,
      after: [...new Set(all)].filter((p) => !toUsable.includes(p)),
    };
  } finally {
    await browser.close();
  }
}

/**
 * Runs in every document of the context from its very start: notes `performance.now()` (from
 * the navigation's start) when every selector matches a visible element, checked on each DOM
 * change and each animation frame (a stylesheet arriving changes visibility without a DOM
 * change).
 */
function timerScript(selectors: string[]) {
  const w = window as unknown as { __usableAt?: number };
  const ready = () => selectors.every((s) => document.querySelector(s)?.checkVisibility() === true);
  const check = () => {
    if (w.__usableAt !== undefined) return;
    if (ready()) {
      w.__usableAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => {
    check();
    if (w.__usableAt === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Waits until the service worker controls the page (it claims clients on activation). */
async function warmServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
  });
}

/** Offline, 4× slower CPU: a new page each time, from navigation start to usable. */
async function coldStarts(url: string, route: Route) {
  const browser = await launchChromium();
  try {
    const context: BrowserContext = await browser.newContext();
    await context.addInitScript(timerScript, route.selectors ?? []);
    const setup = await context.newPage();
    const hash = await route.prepare(setup, url);
    await setup.goto(`${url}/${hash}`);
    await route.usable(setup);
    await warmServiceWorker(setup);
    await setup.close();
    await context.setOffline(true);

    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await page.goto(`${url}/${hash}`);
      const handle = await page.waitForFunction(
        () => (window as unknown as { __usableAt?: number }).__usableAt,
        undefined,
        { timeout: 30_000 },
      );
      times.push((await handle.jsonValue())!);
      // The usable element really is what a person would use (the same as the online check).
      await route.usable(page);
      const fromWorker = await page.evaluate(() => navigator.serviceWorker.controller !== null);
      if (!fromWorker) throw new Error(`${route.name}: the page was not served by the worker`);
      await page.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-routes-'));
const server = await startBenchServer(dataDir, 0);
try {
  const firstPaint = await firstPaintAssets();
  const everything = await gzippedAssets(
    (await readdir(join(distDir, 'assets'))).map((f) => `/assets/${f}`),
  );
  console.log(`bench:routes — ${new Date().toISOString()} — ${machine()}`);
  console.log(
    `Before first paint = what index.html names and the entry imports statically, the same for every route: ${firstPaint.map((p) => p.replace('/assets/', '')).join(', ')}`,
  );
  for (const route of routes) {
    const r = await routeBytes(server.url, route, firstPaint);
    console.log(`\n${route.name} — cold first visit, gzip -9:`);
    console.log(`  before first paint: JS ${kb(r.firstPaintJs)}, CSS ${kb(r.firstPaintCss)}`);
    console.log(`  to usable:          JS ${kb(r.usableJs.total)}, CSS ${kb(r.usableCss)}`);
    console.log(
      `  whole visit:        JS ${kb(r.allJs)}, CSS ${kb(r.allCss)} — Enketo Express's offline form page loads 521 KB of JS gzipped (measured 2026-11), ${(ENKETO_OFFLINE_FORM_JS / r.allJs).toFixed(0)}× as much`,
    );
    console.log(
      `  JS to usable, largest first: ${r.usableJs.files.map((f) => `${f.path.replace('/assets/', '')} ${kb(f.bytes)}`).join(', ')}`,
    );
    if (r.after.length > 0)
      console.log(
        `  loaded after usable: ${r.after.map((p) => p.replace('/assets/', '')).join(', ')}`,
      );
  }
  console.log(
    `\nWhole app (every built JS file, what the service worker precaches): ${kb(everything.files.filter((f) => f.path.endsWith('.js')).reduce((n, f) => n + f.bytes, 0))} JS gzipped`,
  );

  console.log(
    `\nOffline cold start, service worker warm, CPU throttled ${CPU_SLOWDOWN}×, navigation start → usable, ${RUNS} runs:`,
  );
  for (const route of routes.filter((r) => r.selectors)) {
    const times = await coldStarts(server.url, route);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `  ${route.name}: median ${median(times).toFixed(0)} ms, range ${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)} ms ` +
        `(${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
} finally {
  server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
