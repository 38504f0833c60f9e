import { screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_KEY } from '../../../../src/app/routes/kiosk/kiosk-key';
import { makeKioskConfig } from '../../../fixtures/kiosk.factory';
import { renderApp } from '../../app-test-kit';
import { freshDevice } from '../../workshop-test-kit';
import { FakeAdminServer } from './admin-test-kit';

function open(hash: string) {
  const device = freshDevice();
  location.hash = hash;
  const server = new FakeAdminServer({ signedIn: false });
  vi.stubGlobal('fetch', server.fetch);
  renderApp(device);
  return { ...device, server };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the app and the admin console', () => {
  it('links to the console from the events list', async () => {
    open('#/');
    await screen.findByRole('heading', { level: 1, name: 'Engagement events' });
    const footer = screen.getByRole('contentinfo');
    expect(
      within(footer).getByRole('link', {
        name: 'Admin console (for the involvement team, online)',
      }),
    ).toHaveAttribute('href', '#/admin');
  });

  it('opens the console at #/admin with its own header, not the tablet’s', async () => {
    const { server } = open('#/admin/tablets');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to the admin console' }),
    ).toBeVisible();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'On this tablet' })).toBeNull();
    expect(screen.queryByRole('contentinfo')).toBeNull();
    expect(server.seen('GET', '/session')).toHaveLength(1);
  });

  it('keeps a running kiosk on screen when someone types the console address', async () => {
    const device = freshDevice();
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    await device.settings.set(KIOSK_KEY, await makeKioskConfig());
    location.hash = '#/admin';
    const server = new FakeAdminServer({ signedIn: false });
    vi.stubGlobal('fetch', server.fetch);
    renderApp(device);
    expect(
      // The kiosk's chunks load first: slow on a busy machine.
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Friends and Family Test' },
        { timeout: 5000 },
      ),
    ).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Sign in to the admin console' })).toBeNull();
    expect(server.requests).toHaveLength(0);
  });
});
