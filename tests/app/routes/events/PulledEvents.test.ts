import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import EventsScreen from '../../../../src/app/routes/events/EventsScreen.svelte';
import { fakeFeed, receive } from '../../../fixtures/pull-feed';
import { makeEvent } from '../../../fixtures/workshop.factory';
import { eventInput, freshDevice } from '../../workshop-test-kit';

describe('events published by the organisation', () => {
  it('are listed like the tablet’s own, newest first, and can be opened, edited and archived', async () => {
    const device = freshDevice();
    await device.store.createEvent(eventInput({ title: 'Our own workshop' }));
    const feed = fakeFeed();
    const published = makeEvent({
      title: 'Trust-wide listening day',
      place: 'Civic Centre',
      date: '2026-12-10',
      deviceId: 'server',
      // Published after the tablet made its own.
      updatedAt: new Date(Date.now() + 60_000).toISOString(),
    });
    feed.publish('event', published);
    render(EventsScreen, { store: device.store });
    await screen.findByRole('heading', { level: 2, name: 'Our own workshop' });

    await receive(device.db, feed);
    const item = await screen.findByRole('heading', { level: 2, name: 'Trust-wide listening day' });
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.trim())).toEqual([
      'Trust-wide listening day',
      'Our own workshop',
    ]);
    const li = item.closest('li')!;
    expect(li).toHaveTextContent('10 December 2026');
    expect(li).toHaveTextContent('Civic Centre');
    expect(within(li).getByRole('link', { name: 'Trust-wide listening day' })).toHaveAttribute(
      'href',
      `#/events/${published.id}`,
    );
    expect(within(li).getByRole('link', { name: 'Edit: Trust-wide listening day' })).toBeVisible();

    // Archiving it here is the tablet's own change, so it goes through the outbox.
    const user = userEvent.setup();
    await user.click(within(li).getByRole('button', { name: 'Archive: Trust-wide listening day' }));
    await screen.findByText(/Trust-wide listening day.*archived/i);
    expect(
      (await device.db.queue.toArray()).filter((e) => e.recordId === published.id),
    ).toHaveLength(1);
  });

  it('leave the list when the organisation unpublishes them', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    const published = makeEvent({ title: 'Cancelled forum' });
    feed.publish('event', published);
    await receive(device.db, feed);
    render(EventsScreen, { store: device.store });
    await screen.findByRole('heading', { level: 2, name: 'Cancelled forum' });

    feed.publish('event', { ...published, withdrawnAt: '2026-12-01T09:00:00.000Z' });
    await receive(device.db, feed);
    await expect
      .poll(() => screen.queryByRole('heading', { level: 2, name: 'Cancelled forum' }))
      .toBeNull();
    expect(await device.db.queue.count()).toBe(0);
  });

  it('stay on the list with a word from the organiser when notes were taken here, and the notes still sync', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    const published = makeEvent({ title: 'Listening day', deviceId: 'server' });
    feed.publish('event', published);
    await receive(device.db, feed, device.settings);
    await device.store.addNote({
      eventId: published.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Taken here',
    });
    render(EventsScreen, { store: device.store });
    await screen.findByRole('heading', { level: 2, name: 'Listening day' });

    feed.publish('event', { ...published, withdrawnAt: '2026-12-01T09:00:00.000Z' });
    await receive(device.db, feed, device.settings);
    const li = () =>
      screen.getByRole('heading', { level: 2, name: 'Listening day' }).closest('li')!;
    await waitFor(() => expect(li()).toHaveTextContent('Withdrawn by the organiser'));
    expect(li()).toHaveTextContent(
      'The organiser withdrew this event. The notes taken here stay on this tablet and are still sent.',
    );
    expect(li()).not.toHaveTextContent('Archived');
    expect(within(li()).getByRole('link', { name: 'Listening day' })).toBeVisible();

    // A note taken now is queued to be sent like any other, and nothing else is.
    await device.store.addNote({
      eventId: published.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Taken after',
    });
    expect((await device.db.queue.toArray()).map((e) => e.kind)).toEqual([
      'workshop-note',
      'workshop-note',
    ]);

    // Published again: the word from the organiser goes.
    feed.publish('event', published);
    await receive(device.db, feed, device.settings);
    await waitFor(() => expect(li()).not.toHaveTextContent('Withdrawn by the organiser'));
  });

  it('stay on the tablet that made them, out of the way under “Show archived events”', async () => {
    const device = freshDevice();
    const own = await device.store.createEvent(eventInput({ title: 'Made on this tablet' }));
    await device.db.queue.clear(); // sent
    const feed = fakeFeed();
    feed.publish('event', own);
    await receive(device.db, feed, device.settings);
    render(EventsScreen, { store: device.store });
    await screen.findByRole('heading', { level: 2, name: 'Made on this tablet' });

    feed.publish('event', { ...own, withdrawnAt: '2026-12-01T09:00:00.000Z' });
    await receive(device.db, feed, device.settings);
    await screen.findByText(
      'Every event on this tablet is archived or was withdrawn by the organiser. Tick “Show archived events” to see them.',
    );
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Show archived events' }));
    const li = (
      await screen.findByRole('heading', { level: 2, name: 'Made on this tablet' })
    ).closest('li')!;
    expect(li).toHaveTextContent('Withdrawn by the organiser');
    expect(li).not.toHaveTextContent('Archived');
    // The tablet archived nothing: its record, which syncs, is as it was.
    expect(await device.db.events.get(own.id)).toEqual(own);
    expect(await device.db.queue.count()).toBe(0);
  });
});
