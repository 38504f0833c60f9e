import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AdminEventEditor from '../../../../src/app/routes/admin/events/AdminEventEditor.svelte';
import AdminEventsScreen from '../../../../src/app/routes/admin/events/AdminEventsScreen.svelte';
import { DEFAULT_THEMES } from '../../../../src/shared';
import { makeEvent } from '../../../fixtures/workshop.factory';
import { makeSummary, serveEvents } from './admin-events-kit';
import { CSRF, apiError, signedInClient } from './admin-test-kit';

type User = ReturnType<typeof userEvent.setup>;

const forum = makeSummary({
  event: makeEvent({
    title: 'Carers’ forum',
    date: '2026-11-21',
    place: 'Riverside Community Hall',
    deviceId: 'tablet-1',
  }),
  madeOn: { deviceName: 'Blue tablet' },
  publishedAt: null,
  noteCount: 42,
  deviceCount: 3,
});
const review = makeSummary({
  event: makeEvent({ title: 'Ward 4 review', date: '2026-12-03', place: '' }),
  publishedAt: '2026-11-30T12:00:00.000Z',
  noteCount: 0,
  deviceCount: 0,
});

async function openList(query: Record<string, string> = {}) {
  const { server, client } = await signedInClient();
  const events = serveEvents(
    server,
    [forum, review].map((e) => structuredClone(e)),
  );
  const user = userEvent.setup();
  render(AdminEventsScreen, { client, params: {}, query });
  await screen.findByRole('table', { name: 'Events, newest first' });
  return { server, user, events };
}

const rowFor = (title: string) => screen.getByRole('rowheader', { name: title }).closest('tr')!;

describe('console events list', () => {
  it('shows each event with where it was made, whether it is published and its counts', async () => {
    await openList();
    const row = within(rowFor('Carers’ forum'));
    expect(row.getByRole('link', { name: 'Carers’ forum' })).toHaveAttribute(
      'href',
      `#/admin/events/${forum.event.id}`,
    );
    const cells = row.getAllByRole('cell').map((c) => c.textContent?.trim());
    expect(cells.slice(0, 6)).toEqual([
      '21 Nov 2026',
      'Riverside Community Hall',
      'Tablet “Blue tablet”',
      'Not published',
      '42',
      '3',
    ]);
    const other = within(rowFor('Ward 4 review'));
    expect(other.getByText('This console')).toBeVisible();
    expect(other.getByText('Published')).toBeVisible();
    expect(other.getByText('No place given')).toBeVisible();
    expect(other.getByRole('link', { name: 'Edit: Ward 4 review' })).toHaveAttribute(
      'href',
      `#/admin/events/${review.event.id}/edit`,
    );
  });

  it('publishes and unpublishes an event, saying what that means for tablets', async () => {
    const { user, server } = await openList();
    await user.click(
      within(rowFor('Carers’ forum')).getByRole('button', { name: 'Publish: Carers’ forum' }),
    );
    expect(
      await screen.findByText(
        '“Carers’ forum” is published. Tablets get it the next time they sync.',
      ),
    ).toBeVisible();
    expect(within(rowFor('Carers’ forum')).getByText('Published')).toBeVisible();
    const sent = server.seen('POST', `/events/${forum.event.id}/publish`);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-csrf-token']).toBe(CSRF);

    await user.click(
      within(rowFor('Carers’ forum')).getByRole('button', { name: 'Unpublish: Carers’ forum' }),
    );
    expect(await screen.findByText(/“Carers’ forum” is no longer published/)).toBeVisible();
    expect(within(rowFor('Carers’ forum')).getByText('Not published')).toBeVisible();
  });

  it('says when publishing failed, and leaves the state as it was', async () => {
    const { user, server } = await openList();
    server.offline = true;
    await user.click(
      within(rowFor('Carers’ forum')).getByRole('button', { name: 'Publish: Carers’ forum' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '“Carers’ forum” was not changed. Involve could not reach the server.',
    );
    expect(within(rowFor('Carers’ forum')).getByText('Not published')).toBeVisible();
  });

  it('says an event was saved when the editor sends the admin back', async () => {
    await openList({ saved: review.event.id });
    expect(screen.getByText('“Ward 4 review” is saved.')).toBeVisible();
  });
});

async function openEditor(id?: string) {
  const { server, client } = await signedInClient();
  const events = serveEvents(server, [structuredClone(forum)]);
  const user = userEvent.setup();
  render(AdminEventEditor, { client, params: id ? { id } : {}, query: {} });
  return { server, user, events };
}

const titleBox = () => screen.getByRole('textbox', { name: 'Event name' });
const summary = () => screen.getByRole('alert', { name: 'There is a problem' });
const save = (user: User) => user.click(screen.getByRole('button', { name: 'Save event' }));

describe('console events list, more than one page', () => {
  const titled = (title: string, date: string) =>
    makeSummary({ event: makeEvent({ title, date, place: '' }) });

  async function openPaged() {
    const { server, client } = await signedInClient();
    serveEvents(
      server,
      [
        titled('Spring forum', '2026-05-01'),
        titled('Winter forum', '2026-02-01'),
        titled('Autumn forum', '2025-10-01'),
      ],
      { pageSize: 2 },
    );
    const user = userEvent.setup();
    render(AdminEventsScreen, { client, params: {}, query: {} });
    await screen.findByRole('rowheader', { name: 'Winter forum' });
    return { server, user };
  }

  it('shows the next page after the first on “Show more”, then no button', async () => {
    const { server, user } = await openPaged();
    expect(screen.queryByRole('rowheader', { name: 'Autumn forum' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show more events' }));
    const link = await screen.findByRole('link', { name: 'Autumn forum' });
    await waitFor(() => expect(link).toHaveFocus());
    expect(screen.getAllByRole('rowheader').map((r) => r.textContent?.trim())).toEqual([
      'Spring forum',
      'Winter forum',
      'Autumn forum',
    ]);
    expect(screen.getByText('3 events shown.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Show more events' })).toBeNull();
    expect(server.seen('GET', '/events').map((r) => r.query)).toEqual([{}, { after: '2' }]);
  });

  it('says an older event was saved when it is not on the first page', async () => {
    const { server, client } = await signedInClient();
    const autumn = titled('Autumn forum', '2025-10-01');
    serveEvents(
      server,
      [titled('Spring forum', '2026-05-01'), titled('Winter forum', '2026-02-01'), autumn],
      { pageSize: 2 },
    );
    render(AdminEventsScreen, { client, params: {}, query: { saved: autumn.event.id } });
    expect(
      await screen.findByText('The event is saved. It is further down the list, by its date.'),
    ).toBeVisible();
  });

  it('keeps what is shown and says why when the next page does not come', async () => {
    const { server, user } = await openPaged();
    server.offline = true;
    await user.click(screen.getByRole('button', { name: 'Show more events' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^No more events could be loaded\./);
    expect(screen.getAllByRole('rowheader')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Show more events' })).toBeEnabled();
  });
});

describe('console event form', () => {
  it('starts with the seven default themes ticked and today’s date', async () => {
    await openEditor();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'New engagement event' }),
    ).toBeVisible();
    for (const theme of DEFAULT_THEMES)
      expect(
        screen.getByRole('checkbox', { name: `Use “${theme.name}” at this event` }),
      ).toBeChecked();
    expect(
      screen.getByText('Save the event first; then you can publish it to tablets.'),
    ).toBeVisible();
  });

  it('says what is wrong beside the field and in the summary, without asking the server', async () => {
    const { user, server } = await openEditor();
    await screen.findByRole('heading', { name: 'New engagement event' });
    for (const theme of DEFAULT_THEMES)
      await user.click(screen.getByRole('checkbox', { name: `Use “${theme.name}” at this event` }));
    await save(user);

    await waitFor(() => expect(summary()).toHaveFocus());
    const titleMessage = 'Give the event a name, for example “Carers’ workshop, March”.';
    expect(within(summary()).getByRole('link', { name: titleMessage })).toBeVisible();
    expect(
      within(summary()).getByRole('link', { name: 'Choose at least one theme for the event.' }),
    ).toBeVisible();
    expect(titleBox()).toHaveAttribute('aria-invalid', 'true');
    expect(titleBox()).toHaveAccessibleDescription(titleMessage);
    expect(server.seen('POST', '/events')).toHaveLength(0);
  });

  it('once saved with problems, takes each message away as its field is fixed, keeping what is typed', async () => {
    const { user, server } = await openEditor();
    await screen.findByRole('heading', { name: 'New engagement event' });
    const theme1 = screen.getByRole('textbox', { name: 'Name of theme 1' });
    await user.clear(theme1);
    await user.click(screen.getByRole('button', { name: 'Add a group' }));
    await save(user);
    await waitFor(() => expect(summary()).toHaveFocus());
    const titleMessage = 'Give the event a name, for example “Carers’ workshop, March”.';
    const themeMessage = 'Theme 1 has no name. Give it a name, or untick it.';
    const groupMessage = 'Group 1 has no label. Give it a label or remove it.';
    const listed = () =>
      within(summary())
        .getAllByRole('link')
        .map((a) => a.textContent);
    expect(listed()).toEqual([titleMessage, themeMessage, groupMessage]);

    // The name typed: its message goes, beside the box and in the summary; the rest stay.
    await user.type(titleBox(), 'Carers’ forum');
    await waitFor(() => expect(titleBox()).not.toHaveAttribute('aria-invalid'));
    expect(titleBox()).not.toHaveAccessibleDescription();
    expect(screen.queryByText(titleMessage)).toBeNull();
    expect(listed()).toEqual([themeMessage, groupMessage]);
    expect(theme1).toHaveAttribute('aria-invalid', 'true');

    // A change that makes something wrong says so at once: theme 2 is already “Training”.
    await user.type(theme1, 'Training');
    await waitFor(() =>
      expect(listed()).toEqual([
        'Two themes are called “Training”. Give each theme its own name.',
        groupMessage,
      ]),
    );
    expect(screen.getByRole('textbox', { name: 'Name of theme 2' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await user.clear(theme1);
    await user.type(theme1, 'Peer support');
    await waitFor(() => expect(listed()).toEqual([groupMessage]));

    // A row added now is not called wrong before anything is typed in it.
    await user.click(screen.getByRole('button', { name: 'Add a group' }));
    const group2 = screen.getByRole('textbox', { name: 'Label of group 2' });
    expect(group2).toHaveFocus();
    expect(group2).not.toHaveAttribute('aria-invalid');
    expect(listed()).toEqual([groupMessage]);
    await user.type(screen.getByRole('textbox', { name: 'Label of group 1' }), 'Table 1');
    await user.type(group2, 'Table 2');
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: 'There is a problem' })).toBeNull(),
    );
    expect(titleBox()).toHaveValue('Carers’ forum');
    expect(theme1).toHaveValue('Peer support');
    expect(server.seen('POST', '/events')).toHaveLength(0);

    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/admin\/events\?saved=/));
    expect(server.seen('POST', '/events')[0]?.body).toMatchObject({
      title: 'Carers’ forum',
      groups: ['Table 1', 'Table 2'],
    });
  });

  it('shows a field the server refused beside it, keeping everything typed', async () => {
    const { user, server } = await openEditor();
    await screen.findByRole('heading', { name: 'New engagement event' });
    server.on('POST', '/events', () =>
      apiError(400, 'validation_failed', 'title: already used', [
        { field: 'title', message: 'is already used by another event on this date' },
        { field: 'themes.1.name', message: 'is a word the organisation does not use' },
      ]),
    );
    await user.type(titleBox(), 'Carers’ forum');
    await user.type(screen.getByRole('textbox', { name: 'Place' }), 'Town Hall');
    // Untick the first theme: the server's themes.1 is then the third row.
    await user.click(
      screen.getByRole('checkbox', { name: `Use “${DEFAULT_THEMES[0].name}” at this event` }),
    );
    await save(user);

    await waitFor(() => expect(summary()).toHaveFocus());
    expect(titleBox()).toHaveAccessibleDescription(
      'Event name: is already used by another event on this date',
    );
    expect(titleBox()).toHaveValue('Carers’ forum');
    expect(screen.getByRole('textbox', { name: 'Place' })).toHaveValue('Town Hall');
    const third = screen.getByRole('textbox', { name: 'Name of theme 3' });
    expect(third).toHaveAttribute('aria-invalid', 'true');
    expect(third).toHaveAccessibleDescription(
      'Name of theme 3: is a word the organisation does not use',
    );
    expect(
      screen.getByRole('checkbox', { name: `Use “${DEFAULT_THEMES[0].name}” at this event` }),
    ).not.toBeChecked();
  });

  it('makes an event with renamed, added and removed themes and a group, then goes back to the list', async () => {
    const { user, server } = await openEditor();
    await screen.findByRole('heading', { name: 'New engagement event' });
    await user.type(titleBox(), '  Service users’ forum ');
    const date = screen.getByLabelText('Date');
    await user.clear(date);
    await user.type(date, '2027-01-15');
    await user.clear(screen.getByRole('textbox', { name: 'Name of theme 2' }));
    await user.type(screen.getByRole('textbox', { name: 'Name of theme 2' }), 'Learning together');
    await user.click(
      screen.getByRole('checkbox', { name: `Use “${DEFAULT_THEMES[6].name}” at this event` }),
    );
    await user.click(screen.getByRole('button', { name: 'Add a theme' }));
    await user.paste('Peer support');
    await user.click(screen.getByRole('button', { name: 'Add a theme' }));
    await user.paste('Dropped');
    await user.click(screen.getByRole('button', { name: 'Remove “Dropped”' }));
    await user.click(screen.getByRole('button', { name: 'Add a group' }));
    await user.paste('Table 1');
    await save(user);

    await waitFor(() => expect(location.hash).toMatch(/^#\/admin\/events\?saved=/));
    const body = server.seen('POST', '/events')[0]?.body as {
      title: string;
      date: string;
      themes: { id: string; name: string }[];
      groups: string[];
    };
    expect(body.title).toBe('Service users’ forum');
    expect(body.date).toBe('2027-01-15');
    expect(body.themes.map((th) => th.name)).toEqual([
      'Service design and delivery',
      'Learning together',
      'Leadership',
      'Workforce',
      'Recruitment and selection',
      "What's working well and why",
      'Peer support',
    ]);
    expect(body.themes[1]?.id).toBe('training');
    expect(body.groups).toEqual(['Table 1']);
  });

  it('edits an event and publishes it from the form, with its state in words', async () => {
    const { user, server } = await openEditor(forum.event.id);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Edit “Carers’ forum”' }),
    ).toBeVisible();
    expect(titleBox()).toHaveValue('Carers’ forum');
    const state = screen.getByRole('region', { name: 'On tablets' });
    expect(state).toHaveTextContent(
      'Not published. Tablets do not have this event unless they made it.',
    );
    await user.click(within(state).getByRole('button', { name: 'Publish' }));
    await waitFor(() =>
      expect(state).toHaveTextContent(/Published .* Every enrolled tablet has it/),
    );
    expect(within(state).getByRole('button', { name: 'Unpublish' })).toBeVisible();
    expect(server.seen('POST', `/events/${forum.event.id}/publish`)).toHaveLength(1);

    await user.clear(titleBox());
    await user.type(titleBox(), 'Carers’ forum (spring)');
    await save(user);
    await waitFor(() => expect(location.hash).toBe(`#/admin/events?saved=${forum.event.id}`));
    expect(server.seen('PUT', `/events/${forum.event.id}`)[0]?.body).toMatchObject({
      title: 'Carers’ forum (spring)',
    });
  });
});
