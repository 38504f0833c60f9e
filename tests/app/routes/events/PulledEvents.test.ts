import { render, screen, within } from '@testing-library/svelte';
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
    expect(li).toHaveTextContent('2026-12-10');
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
});
