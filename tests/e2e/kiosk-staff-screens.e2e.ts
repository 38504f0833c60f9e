import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { expectKioskTargets } from './pages/easy-read.checks';
import { KioskPage } from './pages/kiosk.page';

test('staff unlock a kiosk and use its staff panel with buttons a finger can hit apart, landscape and portrait', async ({
  page,
}) => {
  const kiosk = new KioskPage(page);
  await kiosk.setUp('ward-feedback', 'Ward 9', '2468');
  const staffScreen = '.kiosk .staff';

  for (const viewport of [
    { width: 1180, height: 820 },
    { width: 768, height: 1024 },
  ]) {
    await page.setViewportSize(viewport);
    await page.getByRole('button', { name: 'Staff' }).click();
    await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
    await expectKioskTargets(page, staffScreen);

    // A wrong PIN puts a message above the box: the buttons stay as easy to hit.
    const pin = page.getByLabel('PIN', { exact: true });
    await pin.fill('1111');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('That PIN is wrong');
    await expectKioskTargets(page, staffScreen);

    await pin.fill('2468');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('heading', { name: 'Kiosk: Ward 9' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Leave kiosk mode' })).toBeVisible();
    await expectKioskTargets(page, staffScreen);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Back to the welcome screen' }).click();
    await kiosk.expectWelcome();
  }
});
