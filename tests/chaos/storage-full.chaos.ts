import { expect, test } from '@playwright/test';
import { WorkshopPage } from '../e2e/pages/workshop.page';
import { notesOnTablet, startServerBehindProxy } from './chaos-kit';

/** Room left when the quota is set. Chromium counts IndexedDB's use in steps, so it lasts a while. */
const MARGIN = 16 * 1024;

const WORDS =
  'members said letters about appointments arrive late transport carer ward staff kind night meals parking clinic waiting phone easy read'.split(
    ' ',
  );

/**
 * About 1.5 KB of words in an order of its own for each note: IndexedDB compresses what it
 * stores, and repeated text would hardly use the quota.
 */
function noteText(n: number): string {
  let state = n * 2654435761;
  const words: string[] = [];
  for (let length = 0; length < 1500;) {
    state = (state * 1103515245 + 12345) >>> 0;
    const word = WORDS[state % WORDS.length]!;
    words.push(word);
    length += word.length + 1;
  }
  return `Note ${n}: ${words.join(' ')}`.slice(0, 1500);
}

test('the tablet runs out of space mid-capture: every note it said was saved is kept, it says plainly the storage is full, and the unsaved text stays in the box', async ({
  browser,
}) => {
  const { server, proxy } = await startServerBehindProxy(0);
  const context = await browser.newContext({
    baseURL: proxy.url,
    viewport: { width: 1180, height: 820 },
  });
  const page = await context.newPage();
  try {
    const workshop = new WorkshopPage(page);
    await page.goto('/#/');
    // The app is cached before the space runs out, as on a tablet that has been used.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await workshop.createEvent('Storage workshop', 'Library');

    // Chromium gives this origin only a little more room than it already uses.
    const cdp = await context.newCDPSession(page);
    const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: proxy.url,
      quotaSize: used + MARGIN,
    });

    const saved: string[] = [];
    const savedSay = page.getByRole('status').filter({ hasText: 'Saved.' });
    const full = page.getByRole('alert').filter({ hasText: 'storage is full' });
    let failedText: string | undefined;
    for (let i = 1; i <= 400 && failedText === undefined; i++) {
      const text = noteText(i);
      await workshop.noteBox.fill(text);
      // Typing cleared the last "Saved.", so what shows next is this note's own outcome.
      await expect(savedSay).toBeHidden();
      await workshop.noteBox.press('Enter');
      await expect(savedSay.or(page.getByRole('alert').filter({ hasText: /\S/ }))).toBeVisible();
      if (await savedSay.isVisible()) saved.push(text);
      else failedText = text;
    }
    expect(failedText, 'the quota was never reached').toBeDefined();
    expect(saved.length).toBeGreaterThan(3);

    // Said plainly, with the way out, and the typed text kept.
    await expect(full).toHaveText(
      'This note was NOT saved: the tablet’s storage is full. Your text is still in the box. Send your notes to the server or free some space on the tablet, then save again. Notes already saved are safe.',
    );
    await expect(workshop.noteBox).toHaveValue(failedText!);

    // Space is freed (here: the quota lifted): the same text saves on the next try.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: proxy.url });
    await workshop.noteBox.press('Enter');
    await expect(savedSay).toBeVisible();
    await expect(workshop.noteBox).toHaveValue('');
    saved.push(failedText!);

    // After a reload, every note the screen said was saved is on the tablet, once each.
    await page.reload();
    await workshop.noteBox.waitFor();
    // Compared by their opening words ("Note 12"), which are unique, to keep a failure readable.
    const label = (text: string) => text.split(':', 1)[0]!;
    const stored = (await notesOnTablet(page)).map((n) => label(n.text));
    const said = saved.map(label);
    expect({
      missing: said.filter((l) => !stored.includes(l)),
      unexpected: stored.filter((l) => !said.includes(l)),
      copies: stored.length - new Set(stored).size,
    }).toEqual({ missing: [], unexpected: [], copies: 0 });
    await expect(workshop.deviceCounts).toContainText(`${saved.length} notes on this tablet`);
    console.log(
      `storage full after ${saved.length - 1} notes (quota: ${Math.round(used / 1024)} KB in use + ${MARGIN / 1024} KB)`,
    );
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
