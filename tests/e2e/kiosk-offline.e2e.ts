import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { KioskPage } from './pages/kiosk.page';
import { goOffline } from './pages/network';
import { AdminApi, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';

interface StoredResponse {
  status: 'complete' | 'partial';
  location: string;
  kiosk: boolean;
  answers: { questionId: string; choice?: string; text?: string }[];
}

/** Nothing chosen and nothing typed on the screen as it is now. */
async function expectNothingAnswered(page: Page) {
  await expect(page.locator('input[type=radio]:checked, input[type=checkbox]:checked')).toHaveCount(
    0,
  );
  for (const box of await page.locator('textarea, input:not([type=radio], [type=checkbox])').all())
    await expect(box).toHaveValue('');
}

const saidBy = (person: number) => `Person ${person} said the night staff were kind`;

test('a ward kiosk takes 20 people in a row offline, keeps nobody’s answers on screen, and sends exactly 20 responses', async ({
  page,
  context,
  request,
}) => {
  // A controllable clock: idle time passes in a moment, without waiting minutes.
  await page.clock.install();
  ensureAdmin();
  const code = adminCli('enrolment-code').split('\n')[0]!.trim();
  await new SyncPage(page).enrol(code, 'Ward 7 kiosk');

  const kiosk = new KioskPage(page);
  await kiosk.setUp('ward-feedback', 'Ward 7', '2468');
  await expectNoAxeViolations(page);
  await goOffline(page, context);

  const timedOut = new Set([4, 9, 13, 18]);
  // One of them goes Back to the welcome screen before walking away: still saved, still cleared.
  const backToStart = 13;
  let warningDismissed = false;
  const history0 = await page.evaluate(() => history.length);

  for (let person = 1; person <= 20; person++) {
    const said = saidBy(person);
    // One of those who walk away turns on high contrast first: the next person must not get it.
    if (person === 9) await page.getByRole('checkbox', { name: 'High contrast' }).check();
    // Whoever came before, this person starts with nothing chosen and nothing typed: on the
    // first question, and on the "why" once the rating is given.
    await kiosk.start.click();
    await expect(page.getByText('1 of 6')).toBeVisible();
    await expectNothingAnswered(page);
    if (timedOut.has(person)) {
      // Answers two questions, then walks away.
      await kiosk.answerFft('Poor', said);
      if (!warningDismissed) {
        await page.clock.runFor('01:31');
        const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
        await expect(dialog).toBeVisible();
        await expectNoAxeViolations(page);
        await dialog.getByRole('button', { name: 'Yes, I am still here' }).click();
        await expect(dialog).toBeHidden();
        await expect(page.getByRole('textbox')).toHaveValue(said);
        warningDismissed = true;
      }
      if (person === backToStart) {
        await page.getByRole('button', { name: 'Back', exact: true }).click();
        await expect(page.getByRole('radio', { name: 'Poor', exact: true })).toBeChecked();
        await page.getByRole('button', { name: 'Back', exact: true }).click();
        await kiosk.expectWelcome();
      }
      await page.clock.runFor('01:31');
      await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeVisible();
      await page.clock.runFor('00:31');
    } else {
      await kiosk.answerFft(person % 3 === 0 ? 'Very good' : 'Good', said);
      await kiosk.next();
      await expectNothingAnswered(page);
      await page.getByRole('radio', { name: 'Yes', exact: true }).check();
      for (let q = 3; q <= 6; q++) await kiosk.next();
      // Who answered, then the review.
      await page.getByRole('radio', { name: 'I answered on my own' }).check();
      await kiosk.next();
      await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
      await expect(page.getByText(said)).toBeVisible();
      if (person === 1) await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('button', { name: 'No thanks, finish' }).click();
      await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
      await page.getByRole('button', { name: 'Done' }).click();
    }

    await kiosk.expectWelcome();
    await expectNothingAnswered(page);
    const left = await kiosk.leftovers();
    expect(left.text).not.toContain(said);
    expect(left.values.join('\n')).not.toContain(said);
    expect(left.hash).toBe('#/kiosk');
    expect(JSON.stringify(left.state ?? null)).not.toContain('Person');
    // The back button leads nowhere near the last person.
    await page.goBack().catch(() => undefined);
    await kiosk.expectWelcome();
    expect((await kiosk.leftovers()).text).not.toContain(said);
    if (person === backToStart) {
      // The next person's Start shows nothing ticked and nothing typed.
      await kiosk.start.click();
      await expect(page.getByRole('radio', { name: 'Poor', exact: true })).not.toBeChecked();
      await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await kiosk.expectWelcome();
    }
  }
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(history0);

  // A reload comes back into kiosk mode.
  await page.reload();
  await kiosk.expectWelcome();

  // Staff: five wrong PINs lock it for a minute; then the right one opens it.
  await page.getByRole('button', { name: 'Staff' }).click();
  const pin = page.getByLabel('PIN', { exact: true });
  for (let i = 1; i <= 4; i++) {
    await pin.fill('1111');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('That PIN is wrong');
  }
  await pin.fill('1111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
  await expect(pin).toBeDisabled();
  await page.clock.runFor('01:01');
  await expect(pin).toBeEnabled();
  await pin.fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Kiosk: Ward 7' })).toBeVisible();
  await expect(page.getByText('20 responses waiting to be sent.')).toBeVisible();
  await expectNoAxeViolations(page);

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByText('Every response has been sent.')).toBeVisible({ timeout: 30_000 });

  const admin = new AdminApi(request);
  await admin.login();
  // Other tests share this server: this kiosk's responses are the ones from Ward 7.
  const stored = (await admin.records('survey-response'))
    .map((r) => r.data as StoredResponse)
    .filter((r) => r.location === 'Ward 7');
  expect(stored).toHaveLength(20);
  expect(stored.every((r) => r.kiosk)).toBe(true);
  const said = (r: StoredResponse) => r.answers.find((a) => a.questionId === 'fft-why')?.text;
  const people = Array.from({ length: 20 }, (_, i) => i + 1);
  // The partial responses are exactly those of the people who walked away, each once, with
  // what they had answered; the complete ones are everyone else's, each once.
  const partial = stored.filter((r) => r.status === 'partial');
  expect(partial.map(said).sort()).toEqual(
    people
      .filter((p) => timedOut.has(p))
      .map(saidBy)
      .sort(),
  );
  for (const response of partial) {
    expect(response.answers.map((a) => a.questionId)).toEqual(['fft', 'fft-why']);
    expect(response.answers[0]!.choice).toBe('poor');
  }
  const complete = stored.filter((r) => r.status === 'complete');
  expect(complete.map(said).sort()).toEqual(
    people
      .filter((p) => !timedOut.has(p))
      .map(saidBy)
      .sort(),
  );

  await page.getByRole('button', { name: 'Leave kiosk mode' }).click();
  await expect(page.getByRole('heading', { name: 'Surveys' })).toBeVisible();
});
