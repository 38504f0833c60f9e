import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/app/App.svelte';
import { AppUpdate } from '../../src/app/lib/app-update.svelte';
import { unsavedWork } from '../../src/app/lib/unsaved-work.svelte';
import type { Storage } from '../../src/app/storage/open-storage';
import { settingsEnrolment } from '../../src/app/sync/enrolment';
import type { SyncClient } from '../../src/app/sync/sync-client';
import { renderApp } from './app-test-kit';
import { deviceSync, eventInput, freshDevice } from './workshop-test-kit';

afterEach(() => {
  unsavedWork.set('capture', false);
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(options: { update?: AppUpdate; hash?: string } = {}) {
  const device = freshDevice();
  if (options.hash) location.hash = options.hash;
  const user = userEvent.setup();
  renderApp(device, { update: options.update });
  return { ...device, user };
}

const counts = () => screen.getByRole('group', { name: 'On this tablet' });

describe('app', () => {
  it('says it is opening the storage, then shows the events screen', async () => {
    const device = freshDevice();
    const opening = deferred<Storage>();
    render(App, { openStorage: () => opening.promise });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Opening the notes stored on this tablet…',
    );
    expect(screen.queryByRole('heading', { name: 'Engagement events' })).toBeNull();
    opening.resolve({ store: device.store, surveys: device.surveys, settings: device.settings });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Engagement events' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Opening the notes stored on this tablet…')).toBeNull();
    expect(document.documentElement).toHaveAttribute('lang', 'en');
  });

  it('says plainly when the storage cannot be opened', async () => {
    render(App, { openStorage: () => Promise.reject(new Error('blocked')) });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Involve could not open the storage on this tablet. Close other Involve tabs and reload the page.',
    );
    expect(screen.queryByRole('heading', { name: 'Engagement events' })).toBeNull();
  });

  it('counts the notes on this tablet and the changes not yet sent, live', async () => {
    const { store } = setup();
    await waitFor(() => expect(counts()).toHaveTextContent('0 notes on this tablet'));
    expect(counts()).toHaveTextContent('Everything is sent');

    const event = await store.createEvent(eventInput());
    await waitFor(() => expect(counts()).toHaveTextContent('1 change not yet sent'));
    expect(counts()).toHaveTextContent('0 notes on this tablet');

    const note = { eventId: event.id, themeId: 'training', questionId: 'ideal' } as const;
    const first = await store.addNote({ ...note, text: 'More shadowing' });
    await waitFor(() => expect(counts()).toHaveTextContent('1 note on this tablet'));
    expect(counts()).toHaveTextContent('2 changes not yet sent');

    await store.addNote({ ...note, text: 'Carers on interview panels' });
    await waitFor(() => expect(counts()).toHaveTextContent('2 notes on this tablet'));
    expect(counts()).toHaveTextContent('3 changes not yet sent');

    // A deleted note no longer counts as on the tablet.
    await store.deleteNote(first.id);
    await waitFor(() => expect(counts()).toHaveTextContent('1 note on this tablet'));
  });

  it('says a tablet that is not enrolled sends nothing, instead of "Everything is sent"', async () => {
    const device = freshDevice();
    const enrolment = settingsEnrolment(device.settings);
    const client: SyncClient = {
      push: (records) =>
        Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) }),
      pull: () => Promise.resolve({ changes: [], cursor: '0', hasMore: false }),
      enrol: () => Promise.reject(new Error('not used')),
    };
    const sync = deviceSync(device, client);
    const { engine } = sync;
    renderApp(device, { sync: Promise.resolve(sync) });
    await engine.flush();
    const link = await within(counts()).findByRole('link', {
      name: 'Not enrolled, so nothing is sent',
    });
    expect(link).toHaveAttribute('href', '#/sync');
    expect(counts()).not.toHaveTextContent('Everything is sent');

    // What waits is still counted, with what to do about it.
    await device.store.createEvent(eventInput());
    expect(
      await within(counts()).findByRole('link', {
        name: '1 change not yet sent: enrol this tablet',
      }),
    ).toHaveAttribute('href', '#/sync');

    await enrolment.set({
      token: 'token-1',
      serverDeviceId: 'server-device',
      name: 'Hall tablet',
      organisationName: 'Riverside NHS Trust',
      enrolledAt: '2026-11-01T09:00:00.000Z',
    });
    await engine.flush();
    engine.stop();
    expect(await within(counts()).findByRole('link', { name: 'Everything is sent' })).toBeVisible();
  });

  it('makes an event from the events screen and lands on capture for it', async () => {
    const { user, db } = setup();
    await user.click(await screen.findByRole('link', { name: 'New event' }));
    await user.type(await screen.findByRole('textbox', { name: 'Event name' }), 'Carers’ workshop');
    await user.click(screen.getByRole('button', { name: 'Save event' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Carers’ workshop' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('textbox', { name: 'Note' })).toBeInTheDocument();
    const [event] = await db.events.toArray();
    expect(location.hash).toBe(`#/events/${event!.id}`);
  });

  describe('screens by address', () => {
    async function withEvent(path: string) {
      const device = freshDevice();
      const event = await device.store.createEvent(eventInput({ title: 'Staff listening day' }));
      location.hash = `#/events/${event.id}${path}`;
      renderApp(device);
      return { ...device, event };
    }

    it('opens capture for an event', async () => {
      await withEvent('');
      expect(
        await screen.findByRole('heading', { level: 1, name: 'Staff listening day' }),
      ).toBeInTheDocument();
      expect(await screen.findByRole('textbox', { name: 'Note' })).toBeInTheDocument();
    });

    it('opens capture on the theme and question in the address', async () => {
      await withEvent('?theme=leadership&question=get-there');
      await screen.findByRole('textbox', { name: 'Note' });
      await waitFor(() => expect(screen.getByRole('radio', { name: 'Leadership' })).toBeChecked());
      expect(screen.getByRole('radio', { name: /How we get there/ })).toBeChecked();
    });

    it('opens the board', async () => {
      await withEvent('/board');
      expect(await screen.findByRole('heading', { name: 'Board' })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Board' })).toHaveAttribute('aria-current', 'page');
    });

    it('opens playback', async () => {
      await withEvent('/playback');
      expect(
        await screen.findByRole('heading', { name: 'This is what we heard' }),
      ).toBeInTheDocument();
    });

    it('opens the editor for an event', async () => {
      await withEvent('/edit');
      expect(await screen.findByRole('heading', { name: 'Edit event' })).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole('textbox', { name: 'Event name' })).toHaveValue(
          'Staff listening day',
        ),
      );
    });

    it('moves between screens as the address changes', async () => {
      const { event } = await withEvent('/board');
      await screen.findByRole('heading', { name: 'Board' });
      location.hash = `#/events/${event.id}/playback`;
      expect(
        await screen.findByRole('heading', { name: 'This is what we heard' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('heading', { name: 'Board' })).toBeNull();
      location.hash = '#/';
      expect(
        await screen.findByRole('heading', { level: 1, name: 'Engagement events' }),
      ).toBeInTheDocument();
    });

    it('says an unknown page does not exist and links back to the events', async () => {
      location.hash = '#/no-such-page';
      setup();
      expect(await screen.findByText('That page does not exist.')).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Back to events' })).toHaveAttribute('href', '#/');
    });
  });

  describe('update banner', () => {
    function readyUpdate() {
      const update = new AppUpdate();
      update.ready = true;
      const activate = vi.fn();
      update.activate = activate;
      return { update, activate };
    }

    it('shows nothing until a new version is ready', async () => {
      setup({ update: new AppUpdate() });
      await screen.findByRole('heading', { name: 'Engagement events' });
      expect(screen.queryByText('A new version of Involve is ready.')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Update now' })).toBeNull();
    });

    it('updates when asked', async () => {
      const { update, activate } = readyUpdate();
      const { user } = setup({ update });
      expect(screen.getByText('A new version of Involve is ready.')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Update now' }));
      expect(activate).toHaveBeenCalledTimes(1);
    });

    it('asks to save or clear a half-typed note before updating', async () => {
      const { update, activate } = readyUpdate();
      setup({ update });
      const banner = screen.getByText('A new version of Involve is ready.').parentElement!;
      unsavedWork.set('capture', true);
      expect(
        await within(banner).findByText('Save or clear what you are typing first, then update.'),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Update now' })).toBeNull();
      unsavedWork.set('capture', false);
      expect(await screen.findByRole('button', { name: 'Update now' })).toBeInTheDocument();
      expect(activate).not.toHaveBeenCalled();
    });

    it('holds the update while a note is typed on the capture screen', async () => {
      const { update } = readyUpdate();
      const device = freshDevice();
      const event = await device.store.createEvent(eventInput());
      location.hash = `#/events/${event.id}`;
      const user = userEvent.setup();
      renderApp(device, { update });
      const box = await screen.findByRole('textbox', { name: 'Note' });
      expect(await screen.findByRole('button', { name: 'Update now' })).toBeInTheDocument();
      await user.click(box);
      await user.keyboard('Half a thought');
      expect(
        await screen.findByText('Save or clear what you are typing first, then update.'),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Update now' })).toBeNull();
      await user.keyboard('{Enter}');
      expect(await screen.findByRole('button', { name: 'Update now' })).toBeInTheDocument();
    });

    // BUG: src/app/routes/events/EventEditorScreen.svelte never calls unsavedWork.set(...), so
    // while someone is typing a new event (or editing one) the banner still offers "Update
    // now"; pressing it reloads the page and everything typed in the event form is lost.
    // AppUpdate's contract says apply is offered only when no form holds unsaved input.
    it('holds the update while an event form has unsaved typing', async () => {
      const { update } = readyUpdate();
      const { user } = setup({ update, hash: '#/events/new' });
      const title = await screen.findByRole('textbox', { name: 'Event name' });
      await user.type(title, 'Carers’ workshop');
      expect(
        await screen.findByText('Save or clear what you are typing first, then update.'),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Update now' })).toBeNull();
    });
  });
});
