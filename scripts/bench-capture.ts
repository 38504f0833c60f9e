/**
 * bench:capture — in Chromium, with 5,000 notes already on the board, how long from
 * pressing Enter to the note being committed to IndexedDB and visible, over 500 notes;
 * and how many gzipped bytes of JS and CSS the first screen loads.
 *
 * Run: npm run bench:capture   (builds first). Prints figures; asserts nothing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  distDir,
  firstPaintAssets,
  gzipSize,
  launchChromium,
  machine,
  percentile,
  startBenchServer,
} from './lib/bench-kit';

const SEED = Number(process.env.BENCH_SEED ?? 5000);
const MEASURED = Number(process.env.BENCH_NOTES ?? 500);

async function firstScreenBytes(url: string) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type === 'script' || type === 'stylesheet') loaded.push(new URL(res.url()).pathname);
    });
    await page.goto(url);
    await page.getByRole('heading', { name: 'Engagement events' }).waitFor();
    // The events list is usable once it has read storage (its empty-list message shows).
    await page.getByText('No events yet').waitFor();
    const usable = [...loaded];
    await page.waitForLoadState('networkidle');
    // What the HTML itself asks for before the first paint: the entry script, its static
    // imports and the stylesheets.
    const blocking = await firstPaintAssets();
    const sum = async (paths: string[], ext: string) => {
      let total = 0;
      for (const p of new Set(paths))
        if (p.endsWith(ext)) total += await gzipSize(join(distDir, p));
      return total;
    };
    const allAssets = (await readdir(join(distDir, 'assets'))).map((f) => `/assets/${f}`);
    return {
      firstPaintJs: await sum(blocking, '.js'),
      firstPaintCss: await sum(blocking, '.css'),
      usableJs: await sum(usable, '.js'),
      firstScreenJs: await sum(loaded, '.js'),
      firstScreenCss: await sum(loaded, '.css'),
      loadedFiles: [...new Set(loaded)],
      precachedJs: await sum(allAssets, '.js'),
    };
  } finally {
    await browser.close();
  }
}

async function enterToVisible(url: string) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1180, height: 820 } });
    await page.goto(url);
    await page.getByRole('link', { name: 'New event' }).click();
    await page.getByLabel('Event name').fill('Benchmark workshop');
    await page.getByRole('button', { name: 'Save event' }).click();
    const box = page.getByRole('textbox', { name: 'Note' });
    await box.waitFor();
    const eventId = page.url().split('/events/')[1]!.split('?')[0]!;

    // Seed the board straight into IndexedDB in the records' own shape, with outbox entries.
    await page.evaluate(
      async ({ eventId, seed }) => {
        const themes = [
          'service-design',
          'training',
          'leadership',
          'workforce',
          'recruitment',
          'working-well',
          'communication',
        ];
        const questions = ['ideal', 'worked', 'get-there'];
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('involve');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        const tx = db.transaction(['notes', 'queue'], 'readwrite');
        const base = Date.now() - seed * 1000;
        for (let i = 0; i < seed; i++) {
          const at = new Date(base + i * 1000).toISOString();
          const hex = (base + i * 1000).toString(16).padStart(12, '0');
          const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-${i.toString(16).padStart(12, '0')}`;
          const questionId = questions[Math.floor(i / 7) % 3]!;
          const note: Record<string, unknown> = {
            id,
            createdAt: at,
            updatedAt: at,
            deviceId: 'bench',
            schemaVersion: 1,
            eventId,
            themeId: themes[i % 7]!,
            questionId,
            text: `Seeded note ${i}: people want to be asked early and told what changed`,
          };
          if (questionId === 'worked') note.polarity = i % 2 ? 'worked' : 'not-worked';
          tx.objectStore('notes').put(note);
          tx.objectStore('queue').add({
            recordId: id,
            kind: 'workshop-note',
            schemaVersion: 1,
            recordUpdatedAt: at,
            eventId,
            queuedAt: at,
            data: note,
          });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
        db.close();
      },
      { eventId, seed: SEED },
    );
    // Reopen so the app reads the seeded board; capture in the busiest cell (training, q1).
    await page.goto(`${url}/#/events/${eventId}?theme=training&question=ideal`);
    await page.reload();
    await page
      .getByLabel('On this tablet')
      .getByText(`${SEED.toLocaleString('en')} notes on this tablet`)
      .waitFor();
    await box.waitFor();
    await page
      .getByRole('region', { name: /Notes for this theme/ })
      .getByRole('listitem')
      .first()
      .waitFor();
    const listed = await page
      .getByRole('region', { name: /Notes for this theme/ })
      .getByRole('listitem')
      .count();

    const timings = await page.evaluate(async (count) => {
      const textarea = document.querySelector<HTMLTextAreaElement>('#note-text')!;
      const list = () => document.querySelector('section.notes ul');
      const committed: number[] = [];
      const painted: number[] = [];
      for (let i = 0; i < count; i++) {
        const text = `Measured note ${i} ${Math.random().toString(36).slice(2)}`;
        textarea.value = text;
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        const start = performance.now();
        const shown = new Promise<number>((resolve) => {
          const check = () => {
            const first = list()?.querySelector('li .text');
            if (first?.textContent === text) {
              observer.disconnect();
              resolve(performance.now());
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        });
        textarea.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
        );
        const inDom = await shown;
        // The list renders only after liveQuery re-reads the committed transaction, so being
        // in the DOM implies committed; the next animation frame is when it is painted.
        const frame = await new Promise<number>((r) =>
          requestAnimationFrame(() => r(performance.now())),
        );
        committed.push(inDom - start);
        painted.push(frame - start);
        // No one types a note in under a quarter of a second: let the previous note's
        // live-query refresh finish, as it would between two real notes.
        await new Promise((r) => setTimeout(r, 250));
      }
      return { committed, painted };
    }, MEASURED);
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('involve');
        req.onsuccess = () => resolve(req.result);
      });
      const count = await new Promise<number>((resolve) => {
        const req = db.transaction('notes').objectStore('notes').count();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return count;
    });
    const commit = await page.evaluate(() =>
      performance.getEntriesByName('involve:note-commit').map((e) => e.duration),
    );
    return { ...timings, commit, listed, stored };
  } finally {
    await browser.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'involve-bench-'));
const server = await startBenchServer(dataDir, 0);
try {
  const sizes = await firstScreenBytes(server.url);
  const t = await enterToVisible(server.url);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const c = [...t.committed].sort((a, b) => a - b);
  const p = [...t.painted].sort((a, b) => a - b);
  const tx = [...t.commit].sort((a, b) => a - b);
  console.log(`bench:capture — ${new Date().toISOString()} — ${machine()}`);
  console.log(
    `Seeded ${SEED} notes; measured ${MEASURED}; ${t.listed} notes listed in the cell at start; ${t.stored} stored at the end.`,
  );
  console.log(
    `Save transaction alone (validate + note + outbox entry): p50 ${ms(percentile(tx, 50))}, p95 ${ms(percentile(tx, 95))}`,
  );
  console.log(
    `Enter → committed and in the DOM: p50 ${ms(percentile(c, 50))}, p95 ${ms(percentile(c, 95))}, max ${ms(c.at(-1) ?? NaN)}`,
  );
  console.log(
    `Enter → next frame (visible):     p50 ${ms(percentile(p, 50))}, p95 ${ms(percentile(p, 95))}, max ${ms(p.at(-1) ?? NaN)}`,
  );
  console.log(
    `First paint (HTML's own script + CSS, gzipped): JS ${kb(sizes.firstPaintJs)}, CSS ${kb(sizes.firstPaintCss)}`,
  );
  console.log(
    `First screen usable (events list read from storage), cold visit, JS gzipped: ${kb(sizes.usableJs)}`,
  );
  console.log(
    `First screen, cold visit, everything the page loaded incl. the sync engine it starts after (gzipped): JS ${kb(sizes.firstScreenJs)}, CSS ${kb(sizes.firstScreenCss)}`,
  );
  console.log(`  files: ${sizes.loadedFiles.join(', ')}`);
  console.log(`Whole app precached by the service worker, JS gzipped: ${kb(sizes.precachedJs)}`);
} finally {
  server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
