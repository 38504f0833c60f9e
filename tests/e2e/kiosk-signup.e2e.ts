import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { KioskPage } from './pages/kiosk.page';
import { goOffline, reloadOffline } from './pages/network';
import { AdminApi, ORGANISATION, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';

/** What the tablet holds of sign-ups: rows in their own table, and the outbox as text. */
async function onTablet(page: Page): Promise<{ signups: number; outbox: string }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('involve');
        open.onerror = () => reject(new Error('cannot open IndexedDB'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['signups', 'queue'], 'readonly');
          const count = tx.objectStore('signups').count();
          const all = tx.objectStore('queue').getAll();
          tx.oncomplete = () => {
            resolve({ signups: count.result, outbox: JSON.stringify(all.result) });
            db.close();
          };
        };
      }),
  );
}

test('someone signs up on a kiosk thank-you screen offline; once online the server has it and the tablet does not', async ({
  page,
  context,
  request,
}) => {
  ensureAdmin();
  const code = adminCli('enrolment-code').split('\n')[0]!.trim();
  await new SyncPage(page).enrol(code, 'Ward 9 kiosk');
  const kiosk = new KioskPage(page);
  await kiosk.setUp('fft', 'Ward 9', '8642');
  await goOffline(page, context);
  await reloadOffline(page, context);
  await kiosk.expectWelcome();

  // A person answers the FFT, then chooses to get involved.
  await kiosk.start.click();
  await kiosk.answerFft('Very good');
  await kiosk.next();
  await kiosk.next(); // who answered
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.getByRole('button', { name: 'No thanks, finish' }).click();
  await expect(page.getByText('Would you like to help us improve our services?')).toBeVisible();
  await expectNoAxeViolations(page); // the thank-you, with the invitation
  await page.getByRole('button', { name: 'Get involved' }).click();

  await kiosk.next();
  await expect(page.getByText('Please tell us your name.')).toBeVisible();
  await expectNoAxeViolations(page); // the first part, with its messages
  await page.getByLabel('Your name').fill('Zebedee Canary');
  await page.getByRole('radio', { name: 'A carer' }).check();
  await kiosk.next();
  await page.getByRole('radio', { name: 'Email' }).check();
  await page.getByLabel('Email address').fill('zebedee.canary@example.org');
  await kiosk.next();
  // With no event, the default themes are the interests on offer.
  await page.getByRole('checkbox', { name: 'Training', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Help train staff' }).check();
  await kiosk.next();
  await page.getByRole('checkbox', { name: 'Step-free access' }).check();
  await kiosk.next();
  await page.getByRole('radio', { name: 'I do not want any money' }).check();
  await page.getByRole('radio', { name: 'By email' }).check();
  await kiosk.next();
  // The tablet is enrolled, so the notice names who holds the details: the organisation the
  // lead named at set-up.
  await expect(
    page.getByText(`The involvement team at \u2068${ORGANISATION}\u2069 holds your details.`, {
      exact: false,
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page); // consent
  await page.getByRole('checkbox', { name: /Keep my details and contact me/ }).check();
  await page.getByRole('radio', { name: 'I did it on my own' }).check();
  await page.getByRole('button', { name: 'Sign me up' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for signing up' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await kiosk.expectWelcome();
  expect(await page.content()).not.toContain('Canary');

  // Offline, the sign-up waits in its own table; the outbox holds only a reference.
  const waiting = await onTablet(page);
  expect(waiting.signups).toBe(1);
  expect(waiting.outbox).toContain('"kind":"sign-up"');
  expect(waiting.outbox).not.toContain('Canary');

  // Online: staff send now.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Staff' }).click();
  await page.getByLabel('PIN', { exact: true }).fill('8642');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByText('Every response has been sent.')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await onTablet(page)).signups, { timeout: 30_000 }).toBe(0);
  expect((await onTablet(page)).outbox).toBe('[]');

  const admin = new AdminApi(request);
  await admin.login();
  const res = await request.get('/api/v1/admin/sign-ups?q=canary');
  expect(res.ok()).toBe(true);
  const { signUps } = (await res.json()) as {
    signUps: {
      receivedAt: string;
      data: {
        id: string;
        createdAt: string;
        interests: string[];
        consent: { givenAt: string; organisation?: string };
      };
    }[];
  };
  expect(signUps).toHaveLength(1);
  expect(JSON.stringify(signUps[0])).toContain('Zebedee Canary');
  expect(JSON.stringify(signUps[0])).toContain('zebedee.canary@example.org');
  const { data, receivedAt } = signUps[0]!;
  expect(data.consent.organisation).toBe(ORGANISATION);
  // Nothing finer than the day, so the name cannot be matched to the answers given just before.
  for (const at of [data.createdAt, data.consent.givenAt, receivedAt])
    expect(at).toMatch(/T00:00:00(\.000)?Z$/);
  expect(parseInt(data.id.replace(/-/g, '').slice(0, 12), 16) % 86_400_000).toBe(0);
  // Other tests share this server: this kiosk's responses are the ones from Ward 9.
  const responses = (await admin.records('survey-response')).filter(
    (r) => (r.data as { location?: string }).location === 'Ward 9',
  );
  expect(responses).toHaveLength(1);
  expect(JSON.stringify(responses)).not.toContain('Canary');
});

test('an easy-read kiosk invites people to get involved in easy read, and its form passes axe-core', async ({
  page,
}) => {
  const kiosk = new KioskPage(page);
  await kiosk.setUp('fft', 'Ward 10', '8642', { easyRead: true });
  await kiosk.start.click();
  await page.locator('.survey input[type=radio]').first().check();
  await kiosk.next();
  await kiosk.next(); // the "why"
  await kiosk.next(); // who answered
  await page.locator('.survey .nav .primary').click(); // send
  await page.getByRole('button', { name: 'No thanks, finish' }).click();
  await expect(page.getByText('Would you like to help us make things better?')).toBeVisible();
  await expect(page.getByText('Would you like to help us improve our services?')).toHaveCount(0);
  await page.getByRole('button', { name: 'Get involved' }).click();
  await expect(page.locator('.survey.signup.easy-read')).toBeVisible();
  await expect(page.getByText('Would you like to help us make things better?')).toBeVisible();
  await expectNoAxeViolations(page);
});
