import { expect, test, type Locator } from '@playwright/test';
import { WorkshopPage } from './pages/workshop.page';

// A 10-inch tablet held landscape: the composer and the notes list sit side by side.
test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

test('a facilitator on a landscape tablet can tell the header links apart, tick themes with a finger, and sees Undo after deleting', async ({
  page,
}) => {
  const workshop = new WorkshopPage(page);
  await page.goto('/');

  // "Events" and "Surveys" are two links, visibly apart, and the one you are on is marked.
  const nav = page.getByRole('navigation', { name: 'Main' });
  const before = await box(nav.getByRole('link', { name: 'Events' }));
  // The counts arrive when storage answers; the links must not move when they do.
  await expect(page.getByRole('group', { name: 'On this tablet' }).getByRole('link')).toBeVisible();
  const events = await box(nav.getByRole('link', { name: 'Events' }));
  // (Sideways: the row may grow by a fraction of a pixel for the taller counts link.)
  expect(events.x).toBe(before.x);
  const surveys = await box(nav.getByRole('link', { name: 'Surveys' }));
  expect(surveys.x - (events.x + events.width)).toBeGreaterThanOrEqual(16);
  await expect(nav.getByRole('link', { name: 'Events' })).toHaveCSS(
    'text-decoration-line',
    'underline',
  );
  await expect(nav.getByRole('link', { name: 'Surveys' })).toHaveCSS(
    'text-decoration-line',
    'none',
  );

  // Each theme's tick box has no visible label of its own, so it must be big enough to hit
  // (WCAG 2.2 target size: 24 by 24 CSS pixels at least).
  await page.getByRole('link', { name: 'New event' }).click();
  const tick = page.getByRole('checkbox', { name: 'Use “Leadership” at this event' });
  const size = await box(tick);
  expect(size.width).toBeGreaterThanOrEqual(24);
  expect(size.height).toBeGreaterThanOrEqual(24);
  await tick.tap();
  await expect(tick).not.toBeChecked();

  await page.getByLabel('Event name').fill('Carers’ workshop');
  await page.getByRole('button', { name: 'Save event' }).click();
  await workshop.noteBox.waitFor();
  await workshop.addNote('Meetings at times carers can make');
  await workshop.addNote('Pay people quickly');

  // Delete is tapped in the list on the right; what happened, and Undo, show there too.
  await page.evaluate(() => window.scrollTo(0, 0));
  await workshop.notesList.getByRole('button', { name: 'Delete: Pay people quickly' }).tap();
  await expect(workshop.notesList.getByText('Note deleted.')).toBeInViewport();
  const undo = workshop.notesList.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeInViewport();
  await undo.tap();
  await expect(workshop.notesList.getByText('Pay people quickly')).toBeVisible();
  await expect(workshop.notesList.getByText('Note brought back.')).toBeInViewport();
});
