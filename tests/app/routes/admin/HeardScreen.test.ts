import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import HeardScreen from '../../../../src/app/routes/admin/heard/HeardScreen.svelte';
import { makeEvent, makeNote } from '../../../fixtures/workshop.factory';
import { makeOutcome, makeSummary, serveEvents } from './admin-events-kit';
import { signedInClient } from './admin-test-kit';

const event = makeEvent({
  title: 'Carers’ forum',
  themes: [
    { id: 'training', name: 'Training' },
    { id: 'communication', name: 'Communication' },
    { id: 'leadership', name: 'Leadership' },
  ],
  groups: ['Table A', 'Table B'],
});
let minute = 0;
/** Notes a minute apart, so their order is the order they were said. */
const note = (overrides: Parameters<typeof makeNote>[0]) =>
  makeNote({
    eventId: event.id,
    createdAt: new Date(Date.UTC(2026, 10, 21, 10, minute++)).toISOString(),
    ...overrides,
  });

const notes = [
  note({
    deviceId: 'tablet-a',
    themeId: 'training',
    text: 'Co-delivered training',
    voice: 'carer',
    group: 'Table A',
  }),
  note({
    deviceId: 'tablet-b',
    themeId: 'training',
    questionId: 'worked',
    polarity: 'worked',
    text: 'Shadowing on the ward',
    voice: 'staff',
    group: 'Table B',
  }),
  note({
    deviceId: 'tablet-a',
    themeId: 'training',
    questionId: 'worked',
    polarity: 'not-worked',
    text: 'E-learning nobody finishes',
    voice: 'service-user',
  }),
  note({
    deviceId: 'tablet-b',
    themeId: 'communication',
    text: '<script>alert(1)</script>',
    voice: 'carer',
  }),
  note({
    deviceId: 'tablet-b',
    themeId: 'communication',
    questionId: 'get-there',
    text: '<img src=x onerror=alert(1)>',
    group: 'Table A',
  }),
  note({
    deviceId: 'tablet-a',
    themeId: 'training',
    text: 'Deleted one',
    deletedAt: '2026-11-21T12:00:00.000Z',
  }),
];

const outcome = makeOutcome({
  eventId: event.id,
  themeIds: ['training'],
  youSaid: 'E-learning is not working.',
  weDid: 'We replaced it with short sessions led by carers.',
});

async function setup(query: Record<string, string> = {}) {
  const { server, client } = await signedInClient();
  serveEvents(server, [
    makeSummary({ event, notes, outcomes: [outcome], noteCount: 5, deviceCount: 2 }),
  ]);
  const user = userEvent.setup();
  render(HeardScreen, { client, params: { id: event.id }, query });
  await screen.findByRole('heading', { level: 1, name: 'What we heard: Carers’ forum' });
  return { user };
}

const theme = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });
const listUnder = (scope: HTMLElement, heading: string | RegExp) =>
  within(scope)
    .getAllByRole('list')
    .find(
      (l) =>
        l.getAttribute('aria-labelledby') ===
        within(scope).getByRole('heading', { name: heading }).id,
    );
const texts = (list: HTMLElement | undefined) =>
  list
    ? within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.text')?.textContent)
    : [];

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('console: what we heard', () => {
  it('merges every tablet’s notes with the tablet’s playback grouping', async () => {
    await setup();
    expect(screen.getByText(/5 notes · Heard on 2 tablets\./)).toBeVisible();
    const training = theme('Training');
    expect(within(training).getByRole('heading', { level: 2 })).toHaveTextContent(
      'Training (3 notes)',
    );
    expect(texts(listUnder(training, /^1\. What does ideal involvement look like\?/))).toEqual([
      'Co-delivered training',
    ]);
    expect(texts(listUnder(training, 'Has worked (1)'))).toEqual(['Shadowing on the ward']);
    expect(texts(listUnder(training, 'Has not worked (1)'))).toEqual([
      'E-learning nobody finishes',
    ]);
    expect(within(training).queryByText('Deleted one')).toBeNull();
    expect(
      within(theme('Leadership')).getByText('Nothing was heard for this theme.'),
    ).toBeVisible();
    // Who said it, counted.
    expect(screen.getByText('Carer: 2')).toBeVisible();
    expect(screen.getByText('Not said: 1')).toBeVisible();
  });

  it('shows notes as text, never as HTML', async () => {
    await setup();
    const communication = theme('Communication');
    expect(within(communication).getByText('<script>alert(1)</script>')).toBeVisible();
    expect(within(communication).getByText('<img src=x onerror=alert(1)>')).toBeVisible();
    expect(document.querySelector('main script, img')).toBeNull();
    expect(document.body.querySelectorAll('script')).toHaveLength(0);
  });

  it('filters by theme, question, voice and group, and counts what is shown', async () => {
    const { user } = await setup();
    const status = screen.getByText(/^5 notes\.$/);
    expect(status).toHaveAttribute('role', 'status');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Who said it' }), 'Carer');
    expect(status).toHaveTextContent('Showing 2 notes of 5.');
    expect(screen.getByText('Co-delivered training')).toBeVisible();
    expect(screen.getByText('<script>alert(1)</script>')).toBeVisible();
    expect(screen.queryByText('Shadowing on the ward')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'Communication');
    expect(status).toHaveTextContent('Showing 1 note of 5.');
    expect(screen.queryByRole('region', { name: /^Training/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Show everything' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Table or group' }), 'Table A');
    expect(status).toHaveTextContent('Showing 2 notes of 5.');
    expect(screen.getByText('Co-delivered training')).toBeVisible();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeVisible();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Table or group' }), 'No group');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Question' }),
      '2. What has worked well, and what has not worked so well, in the past?',
    );
    expect(status).toHaveTextContent('Showing 1 note of 5.');
    expect(screen.getByText('E-learning nobody finishes')).toBeVisible();
    expect(within(theme('Training')).queryByRole('heading', { name: /^1\./ })).toBeNull();
    expect(
      within(theme('Communication')).getByText('No notes here match what is chosen above.'),
    ).toBeVisible();
  });

  it('opens narrowed when the link says so', async () => {
    await setup({ theme: 'training', question: 'worked' });
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('training');
    expect(screen.getByText('Showing 2 notes of 5.')).toBeVisible();
  });

  it('shows the linked “you said, we did” and links to write one and to the sheet', async () => {
    await setup();
    const training = theme('Training');
    expect(within(training).getByText('E-learning is not working.')).toBeVisible();
    expect(
      within(training).getByText('We replaced it with short sessions led by carers.'),
    ).toBeVisible();
    expect(
      within(training).getByRole('link', {
        name: 'Write a “you said, we did” for this theme: Training',
      }),
    ).toHaveAttribute('href', `#/admin/outcomes/new?event=${event.id}&theme=training`);
    expect(
      screen.getByRole('link', { name: 'Printable “you said, we did” sheet for this event' }),
    ).toHaveAttribute('href', `#/admin/events/${event.id}/you-said-we-did`);
  });

  it('downloads the shown notes with the tablet’s CSV export', async () => {
    const { user } = await setup();
    // jsdom has no object URLs: catch the file the page hands to the browser.
    const files: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      files.push(blob);
      return 'blob:test';
    };
    URL.revokeObjectURL = () => undefined;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'Training');
    await user.click(screen.getByRole('button', { name: 'Download CSV of the notes shown' }));
    await waitFor(() => expect(files).toHaveLength(1));
    const csv = await files[0]!.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Event,Date,Place,Theme,Question number,Question,Has worked or not,Who said it,Group,Note,Captured at,Note id',
    );
    expect(lines).toHaveLength(4);
    expect(csv).toContain('Shadowing on the ward');
    expect(csv).not.toContain('alert(1)');
  });

  it('downloads the shown notes as JSON: the event and its notes, text kept as typed', async () => {
    const { user } = await setup();
    const files: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      files.push(blob);
      return 'blob:test';
    };
    URL.revokeObjectURL = () => undefined;
    // The file name the page gives the browser's download.
    const names: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    try {
      await user.click(screen.getByRole('button', { name: 'Download JSON' }));
      await waitFor(() => expect(files).toHaveLength(1));
      expect(files[0]!.type).toBe('application/json');
      expect(names).toEqual([`carers-forum-${event.date}.json`]);
      const all = JSON.parse(await files[0]!.text()) as { event: unknown; notes: { id: string }[] };
      expect(all.event).toEqual(event);
      // Every live note from both tablets, in playback order; the deleted one left out.
      expect(new Set(all.notes.map((n) => n.id))).toEqual(
        new Set(notes.filter((n) => n.deletedAt === undefined).map((n) => n.id)),
      );
      expect(all.notes).toContainEqual(notes[3]);

      // Filtered: only what is shown.
      await user.selectOptions(screen.getByRole('combobox', { name: 'Who said it' }), 'Carer');
      await user.click(screen.getByRole('button', { name: 'Download JSON of the notes shown' }));
      await waitFor(() => expect(files).toHaveLength(2));
      const shown = JSON.parse(await files[1]!.text()) as { notes: { text: string }[] };
      expect(shown.notes.map((n) => n.text)).toEqual([
        'Co-delivered training',
        '<script>alert(1)</script>',
      ]);
    } finally {
      click.mockRestore();
    }
  });
});
