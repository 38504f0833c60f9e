import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { KioskPage } from '../e2e/pages/kiosk.page';
import { SyncPage } from '../e2e/pages/sync.page';
import { adminApi, enrolmentCode, nudge, outboxCount, startServerBehindProxy } from './chaos-kit';
import type { ChaosProxy } from './chaos-proxy';

declare global {
  interface Window {
    /** Set by the test: gone if the page reloads. */
    __chaosMarker?: string;
  }
}

/** A new service worker reaches the tablet: the proxy serves `/sw.js` changed, the app checks. */
async function offerUpdate(page: Page, proxy: ChaosProxy, build: number): Promise<void> {
  proxy.setServiceWorkerBuild(build);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration!.update();
  });
  // Installed and waiting for the app's word.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return registration?.waiting?.state ?? registration?.installing?.state ?? 'none';
      }),
    )
    .toBe('installed');
}

/**
 * The page reloads into the new version. Applying it waits for any send under way and a
 * second's quiet (app/pwa.ts), then the waiting worker activates and the page reloads: several
 * seconds on a loaded machine.
 */
async function expectReloaded(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.__chaosMarker ?? 'reloaded').catch(() => 'reloading'), {
      timeout: 20_000,
    })
    .toBe('reloaded');
}

/** The build of the worker now in charge (0: the one first installed). */
async function activeBuild(context: BrowserContext): Promise<number[]> {
  const builds: number[] = [];
  for (const worker of context.serviceWorkers()) {
    const [build, state] = await worker
      .evaluate(() => {
        const scope = self as unknown as {
          __involveBuild?: number;
          serviceWorker?: { state: string };
        };
        return [scope.__involveBuild ?? 0, scope.serviceWorker?.state ?? 'unknown'] as const;
      })
      .catch(() => [-1, 'gone'] as const);
    if (state === 'activated') builds.push(build);
  }
  return builds;
}

test('a service-worker update arriving mid-survey on a kiosk waits: no reload, nothing lost, applied back on the welcome screen', async ({
  browser,
}) => {
  const { server, proxy } = await startServerBehindProxy(0);
  const context = await browser.newContext({
    baseURL: proxy.url,
    viewport: { width: 1180, height: 820 },
  });
  const page = await context.newPage();
  try {
    await new SyncPage(page).enrol(enrolmentCode(), 'Ward 3 kiosk');
    const kiosk = new KioskPage(page);
    await kiosk.setUp('ward-feedback', 'Ward 3', '2468');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.evaluate(() => (window.__chaosMarker = 'the same page'));

    // Half way through the survey, the new version arrives.
    const said = 'The night staff were kind and explained everything';
    await kiosk.start.click();
    await kiosk.answerFft('Good', said);
    await offerUpdate(page, proxy, 2);
    expect(proxy.swServed).toBeGreaterThan(0);

    // Nothing moved under the person's fingers: same page, same answers.
    await expect(page.getByRole('textbox')).toHaveValue(said);
    expect(await page.evaluate(() => window.__chaosMarker)).toBe('the same page');
    await kiosk.next();
    await page.getByRole('radio', { name: 'Yes', exact: true }).check();
    for (let q = 3; q <= 6; q++) await kiosk.next();
    await page.getByRole('radio', { name: 'I answered on my own' }).check();
    await kiosk.next();
    await expect(page.getByText(said)).toBeVisible();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('button', { name: 'No thanks, finish' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
    // Still the old version through the thank-you screen.
    expect(await page.evaluate(() => window.__chaosMarker)).toBe('the same page');
    expect(await activeBuild(context)).toEqual([0]);

    // Back on the welcome screen with nobody's answers held, the update is applied. Start
    // waits while it is, and the screen says why, so nobody begins on a page about to reload.
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Updating.' })).toBeVisible();
    await expect(kiosk.start).toBeDisabled();
    await expectReloaded(page);
    await kiosk.expectWelcome();
    await expect.poll(() => activeBuild(context)).toEqual([2]);
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting),
    ).toBeNull();

    // The answers given across the update reached the server, once.
    await expect
      .poll(async () => {
        await nudge(page);
        return outboxCount(page);
      })
      .toBe(0);
    const { admin, dispose } = await adminApi(server);
    const responses = await admin.records('survey-response');
    await dispose();
    const texts = responses.flatMap((r) =>
      (r.data as { answers: { text?: string }[] }).answers.flatMap((a) => a.text ?? []),
    );
    expect(texts.filter((t) => t === said)).toHaveLength(1);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});

test('a service-worker update arriving mid-survey on a staff tablet waits: no reload, nothing lost, the banner offers it after', async ({
  browser,
}) => {
  const { server, proxy } = await startServerBehindProxy(0);
  const context = await browser.newContext({
    baseURL: proxy.url,
    viewport: { width: 1180, height: 820 },
  });
  const page = await context.newPage();
  try {
    await new SyncPage(page).enrol(enrolmentCode(), 'Outpatients tablet');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Opened again later, as a tablet is day to day: this page loads under the worker.
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.evaluate(() => (window.__chaosMarker = 'the same page'));

    const said = 'Parking was hard but the clinic ran on time';
    await page.goto('/#/surveys/ward-feedback');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('radio', { name: 'Very good', exact: true }).check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('textbox').fill(said);
    await offerUpdate(page, proxy, 3);

    await expect(page.getByRole('textbox')).toHaveValue(said);
    expect(await page.evaluate(() => window.__chaosMarker)).toBe('the same page');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('radio', { name: 'Yes', exact: true }).check();
    for (let q = 3; q <= 6; q++)
      await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('radio', { name: 'I answered on my own' }).check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByText(said)).toBeVisible();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('button', { name: 'No thanks, finish' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
    expect(await page.evaluate(() => window.__chaosMarker)).toBe('the same page');

    // Away from the survey, the banner offers the new version; only then does it apply.
    await page.goto('/#/');
    const banner = page
      .getByRole('status')
      .filter({ hasText: 'A new version of Involve is ready.' });
    await expect(banner).toBeVisible();
    expect(await activeBuild(context)).toEqual([0]);
    await banner.getByRole('button', { name: 'Update now' }).click();
    await expectReloaded(page);
    await expect.poll(() => activeBuild(context)).toEqual([3]);
    await expect(banner).toBeHidden();

    await expect
      .poll(async () => {
        await nudge(page);
        return outboxCount(page);
      })
      .toBe(0);
    const { admin, dispose } = await adminApi(server);
    const responses = await admin.records('survey-response');
    await dispose();
    const texts = responses.flatMap((r) =>
      (r.data as { answers: { text?: string }[] }).answers.flatMap((a) => a.text ?? []),
    );
    expect(texts.filter((t) => t === said)).toHaveLength(1);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
