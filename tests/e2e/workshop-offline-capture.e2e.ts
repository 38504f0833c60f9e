import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { goOffline } from './pages/network';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { WorkshopPage } from './pages/workshop.page';

const THEMES = ['Training', 'Leadership', 'Communication'] as const;
const QUESTIONS = [1, 2, 3] as const;

interface Planned {
  text: string;
  theme: (typeof THEMES)[number];
  question: 1 | 2 | 3;
  polarity?: 'worked' | 'not-worked';
}

/** 30 notes over 3 themes × 3 questions; question 2 alternates has worked / has not worked. */
function plan(): Planned[] {
  const notes: Planned[] = [];
  for (let i = 0; i < 30; i++) {
    const theme = THEMES[i % 3]!;
    const question = QUESTIONS[Math.floor(i / 3) % 3]!;
    const note: Planned = {
      text: `Note ${i + 1}: ${theme} q${question} — “quoted”, ঠিক আছে`,
      theme,
      question,
    };
    if (question === 2) note.polarity = i % 2 === 0 ? 'worked' : 'not-worked';
    notes.push(note);
  }
  return notes;
}

test('a facilitator captures a workshop offline, reloads, plays it back and downloads the CSV', async ({
  page,
  context,
}) => {
  const workshop = new WorkshopPage(page);
  // First visit online: the service worker installs and precaches the app.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Engagement events' })).toBeVisible();
  await goOffline(page, context);
  // The first visit's own page, not reloaded, opens a screen it has not shown yet: the service
  // worker took it over and serves that screen's code and pictures from its cache.
  await page.goto('/#/surveys/tell-us-what-you-think');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const picture = page.locator('img.pictogram').first();
  await expect
    .poll(() => picture.evaluate((el: HTMLImageElement) => el.naturalWidth))
    .toBeGreaterThan(0);
  await page.goto('/#/');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Engagement events' })).toBeVisible();

  await expectNoAxeViolations(page); // the events list, empty

  // The event form, first with its error summary showing, then filled in.
  await page.getByRole('link', { name: 'New event' }).click();
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('alert', { name: 'Please check the form' })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.goto('/#/');
  await workshop.createEvent('Carers’ involvement workshop', 'Riverside Community Hall');
  const planned = plan();
  for (const note of planned) {
    await workshop.choose(note.theme, note.question);
    await workshop.addNote(note.text, note.polarity);
  }
  await expect(workshop.deviceCounts).toContainText('30 notes on this tablet');
  await expect(workshop.deviceCounts).toContainText('not yet sent');
  await expectNoAxeViolations(page);

  // Still offline: a reload keeps every note.
  await page.reload();
  await expect(workshop.deviceCounts).toContainText('30 notes on this tablet');
  await workshop.open('Board');
  await expectNoAxeViolations(page);
  for (const theme of THEMES) {
    const row = page.getByRole('row', { name: new RegExp(`^${theme}`) });
    await expect(row.getByRole('cell').last()).toHaveText('10');
  }

  await workshop.open('What we heard');
  await expect(page.getByRole('heading', { name: 'This is what we heard' })).toBeVisible();
  for (const theme of THEMES) {
    const section = page.getByRole('region', { name: theme, exact: true });
    for (const note of planned.filter((n) => n.theme === theme)) {
      const list =
        note.question === 2
          ? section.getByRole('list', {
              name: note.polarity === 'worked' ? 'Has worked' : 'Has not worked',
            })
          : section.getByRole('list', {
              name:
                note.question === 1
                  ? /What does ideal involvement look like/
                  : /How do we get to where/,
            });
      await expect(list.getByText(note.text, { exact: true })).toBeVisible();
    }
  }
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^carers-involvement-workshop-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows = Papa.parse<Record<string, string>>(csv.slice(1), {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(rows).toHaveLength(30);
  const byText = new Map(rows.map((r) => [r['Note'], r]));
  for (const note of planned) {
    const row = byText.get(note.text);
    expect(row, note.text).toBeDefined();
    expect(row!['Theme']).toBe(note.theme);
    expect(row!['Question number']).toBe(String(note.question));
    expect(row!['Has worked or not']).toBe(
      note.polarity === 'worked'
        ? 'Has worked'
        : note.polarity === 'not-worked'
          ? 'Has not worked'
          : '',
    );
  }
});
