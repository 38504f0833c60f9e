import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import EventsScreen from '../../../../src/app/routes/events/EventsScreen.svelte';
import { DexieWorkshopStore } from '../../../../src/app/storage/dexie-workshop.store';
import type { EventInput, WorkshopStore } from '../../../../src/app/storage/workshop-store';
import { eventInput, freshDevice } from '../../workshop-test-kit';

type Device = ReturnType<typeof freshDevice>;

/** Stores events made at given times, so the newest-first order is certain. */
async function seed(device: Device, events: { at: string; input: Partial<EventInput> }[]) {
  const made = [];
  for (const { at, input } of events) {
    const store = new DexieWorkshopStore(device.db, 'device-seed', () => new Date(at));
    made.push(await store.createEvent(eventInput(input)));
  }
  return made;
}

async function setup(
  events: { at: string; input: Partial<EventInput> }[] = [],
  options: { wrap?: (store: WorkshopStore) => WorkshopStore } = {},
) {
  const device = freshDevice();
  const made = await seed(device, events);
  const store = options.wrap ? options.wrap(device.store) : device.store;
  const user = userEvent.setup();
  render(EventsScreen, { store });
  await screen.findByRole('heading', { level: 1, name: 'Engagement events' });
  return { ...device, user, made };
}

const eventItems = () => screen.queryAllByRole('listitem');
const itemFor = (title: string) =>
  screen.getByRole('heading', { level: 2, name: title }).closest('li')!;

const carers = { at: '2026-01-01T09:00:00.000Z', input: { title: 'Carers’ workshop' } };
const staff = {
  at: '2026-02-01T09:00:00.000Z',
  input: { title: 'Staff listening day', date: '2026-12-03', place: '' },
};

describe('events screen', () => {
  it('lists each event, newest first, with its date and place', async () => {
    const { made } = await setup([carers, staff]);
    await waitFor(() => expect(eventItems()).toHaveLength(2));
    const [first, second] = eventItems();
    expect(within(first!).getByRole('heading', { name: 'Staff listening day' })).toBeVisible();
    // No place: the date alone, as people write it.
    expect(first).toHaveTextContent('3 December 2026');
    expect(first).not.toHaveTextContent('·');
    expect(within(second!).getByRole('heading', { name: 'Carers’ workshop' })).toBeVisible();
    expect(second).toHaveTextContent('21 November 2026 · Riverside Community Hall');
    expect(within(second!).getByRole('link', { name: 'Carers’ workshop' })).toHaveAttribute(
      'href',
      `#/events/${made[0]!.id}`,
    );
    expect(within(second!).getByRole('link', { name: 'Edit: Carers’ workshop' })).toHaveAttribute(
      'href',
      `#/events/${made[0]!.id}/edit`,
    );
  });

  it('says there are no events yet and offers to make one', async () => {
    await setup();
    expect(
      await screen.findByText('No events yet. Make one to start capturing notes.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New event' })).toHaveAttribute('href', '#/events/new');
  });

  it('shows an event made elsewhere without a reload', async () => {
    const { store } = await setup([carers]);
    await screen.findByRole('heading', { name: 'Carers’ workshop' });
    await store.createEvent(eventInput({ title: 'Made on this tablet just now' }));
    expect(
      await screen.findByRole('heading', { name: 'Made on this tablet just now' }),
    ).toBeInTheDocument();
  });

  it('archives an event, hides it, says so, and Undo brings it back', async () => {
    const { user, db, made } = await setup([carers, staff]);
    await screen.findByRole('heading', { name: 'Carers’ workshop' });
    await user.click(screen.getByRole('button', { name: 'Archive: Carers’ workshop' }));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Carers’ workshop' })).toBeNull(),
    );
    expect(screen.getByRole('heading', { name: 'Staff listening day' })).toBeInTheDocument();
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('“Carers’ workshop” archived.');
    expect((await db.events.get(made[0]!.id))?.archivedAt).toBeDefined();

    await user.click(within(status).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('heading', { name: 'Carers’ workshop' })).toBeInTheDocument();
    expect(screen.getByRole('status')).not.toHaveTextContent('archived');
    expect(within(screen.getByRole('status')).queryByRole('button', { name: 'Undo' })).toBeNull();
    expect((await db.events.get(made[0]!.id))?.archivedAt).toBeUndefined();
  });

  it('shows archived events when asked, marked as archived, and brings one back', async () => {
    const { user, db, store, made } = await setup([carers, staff]);
    await store.setEventArchived(made[0]!.id, true);
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Carers’ workshop' })).toBeNull(),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Show archived events' }));
    const item = await waitFor(() => itemFor('Carers’ workshop'));
    expect(item).toHaveTextContent('Archived');
    expect(within(item).queryByRole('button', { name: 'Archive: Carers’ workshop' })).toBeNull();
    expect(itemFor('Staff listening day')).not.toHaveTextContent('Archived');

    await user.click(within(item).getByRole('button', { name: 'Bring back: Carers’ workshop' }));
    await waitFor(() => expect(itemFor('Carers’ workshop')).not.toHaveTextContent('Archived'));
    expect(
      within(itemFor('Carers’ workshop')).getByRole('button', {
        name: 'Archive: Carers’ workshop',
      }),
    ).toBeInTheDocument();
    expect((await db.events.get(made[0]!.id))?.archivedAt).toBeUndefined();

    // Still listed once the archived ones are hidden again.
    await user.click(screen.getByRole('checkbox', { name: 'Show archived events' }));
    expect(screen.getByRole('heading', { name: 'Carers’ workshop' })).toBeInTheDocument();
  });

  // BUG (minor): src/app/routes/events/EventsScreen.svelte shows t('noEvents') whenever the
  // shown list is empty, so after archiving the only event a user reads "No events yet. Make
  // one to start capturing notes." although the event and its notes are still on the tablet.
  it('does not say "no events yet" when every event is archived', async () => {
    const { user } = await setup([carers]);
    await screen.findByRole('heading', { name: 'Carers’ workshop' });
    await user.click(screen.getByRole('button', { name: 'Archive: Carers’ workshop' }));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Carers’ workshop' })).toBeNull(),
    );
    expect(screen.queryByText(/No events yet/)).toBeNull();
  });

  it('says so when archiving fails, and keeps the event listed', async () => {
    const { user } = await setup([carers], {
      wrap: (store) =>
        Object.assign(Object.create(store) as WorkshopStore, {
          setEventArchived: () =>
            Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')),
        }),
    });
    await screen.findByRole('heading', { name: 'Carers’ workshop' });
    await user.click(screen.getByRole('button', { name: 'Archive: Carers’ workshop' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That did not work, and nothing was changed. Try again.',
    );
    expect(screen.getByRole('heading', { name: 'Carers’ workshop' })).toBeInTheDocument();
    expect(screen.getByRole('status')).not.toHaveTextContent('archived');
  });
});
