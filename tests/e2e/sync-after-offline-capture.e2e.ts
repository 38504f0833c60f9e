import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { goOffline, reloadOffline } from './pages/network';
import { WorkshopPage } from './pages/workshop.page';
import { AdminApi, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';

test('a tablet enrolled with a CLI code sends 50 offline notes exactly once, then is refused once revoked', async ({
  page,
  context,
  request,
}) => {
  ensureAdmin();
  const code = adminCli('enrolment-code').split('\n')[0]!.trim();
  expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

  const sync = new SyncPage(page);
  const workshop = new WorkshopPage(page);
  await sync.enrol(code, 'Hall tablet 1');
  await expectNoAxeViolations(page);

  // The service worker has the whole app cached before the network goes.
  await goOffline(page, context);
  await page.goto('/#/');
  await workshop.createEvent('Sync workshop', 'Community hall');
  for (let i = 1; i <= 50; i++) await workshop.addNote(`Offline note ${i}`);
  await expect(workshop.deviceCounts).toContainText('50 notes on this tablet');
  await expect(workshop.deviceCounts).toContainText('51 changes not yet sent');
  const eventId = /#\/events\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  await context.setOffline(false);
  await expect(workshop.deviceCounts).toContainText('Everything is sent', { timeout: 30_000 });
  await sync.open();
  await expect(page.getByRole('status').filter({ hasText: 'Everything is sent.' })).toBeVisible();
  const row = page.getByRole('row', { name: /Sync workshop/ });
  await expect(row.getByRole('cell')).toHaveText(['50', '50', '0', '0']);
  // When, as British people write it ("6 December 2026 at 11:22pm").
  const lastSent = page.getByText(
    /^Last sent to the server: \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)\.$/,
  );
  await expect(lastSent).toBeVisible();
  const sentAt = await lastSent.textContent();
  await expectNoAxeViolations(page);

  // Reloaded with no network, the panel still says when the tablet last sent.
  await goOffline(page, context);
  await reloadOffline(page, context);
  await expect(
    page.getByRole('status').filter({ hasText: /^This tablet is offline\./ }),
  ).toBeVisible();
  await expect(page.getByText(sentAt!, { exact: true })).toBeVisible();
  await expect(page.getByText(/Nothing has been sent/)).toHaveCount(0);
  await context.setOffline(false);

  const admin = new AdminApi(request);
  await admin.login();
  const notes = await admin.records('workshop-note', eventId);
  expect(notes).toHaveLength(50);
  expect(new Set(notes.map((n) => n.id)).size).toBe(50);
  expect(new Set(notes.map((n) => (n.data as { text: string }).text))).toEqual(
    new Set(Array.from({ length: 50 }, (_, i) => `Offline note ${i + 1}`)),
  );
  expect(await admin.records('event', eventId)).toHaveLength(1);

  // An administrator revokes the tablet: the next send is refused and the panel says why.
  const device = (await admin.devices()).find((d) => d.name === 'Hall tablet 1');
  await admin.revoke(device!.id);
  await page.goto(`/#/events/${eventId}`);
  await workshop.addNote('Said after the tablet was revoked');
  await sync.open();
  // The save itself triggers a send; if that has not happened yet, ask for one.
  const sendNow = page.getByRole('button', { name: 'Send now' });
  if (await sendNow.isVisible()) await sendNow.click();
  await expect(page.getByRole('alert')).toContainText(
    'This tablet’s access was removed by an administrator',
  );
  await expect(workshop.deviceCounts).toContainText('1 change not yet sent');
  expect(await admin.records('workshop-note', eventId)).toHaveLength(50);
});
