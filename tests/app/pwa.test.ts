import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppUpdate } from '../../src/app/lib/app-update.svelte';
import UpdateBanner from '../../src/app/lib/UpdateBanner.svelte';
import { registerServiceWorker } from '../../src/app/pwa';

/** A stand-in for workbox-window's Workbox: the test plays the service worker's events. */
const worker = vi.hoisted(() => ({
  listeners: new Map<string, ((event: { isUpdate?: boolean }) => void)[]>(),
  skipWaiting: 0,
  emit(type: string, event: { isUpdate?: boolean } = {}) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  },
}));

vi.mock('workbox-window', () => ({
  Workbox: class {
    addEventListener(type: string, listener: (event: { isUpdate?: boolean }) => void) {
      worker.listeners.set(type, [...(worker.listeners.get(type) ?? []), listener]);
    }
    messageSkipWaiting() {
      worker.skipWaiting += 1;
    }
    register() {
      return Promise.resolve();
    }
  },
}));

beforeEach(() => {
  worker.listeners.clear();
  worker.skipWaiting = 0;
});

describe('applying an app update', () => {
  it('reloads into the new version a page that had no service worker when it loaded', async () => {
    // A kiosk set up on the tablet's first visit and left running: Workbox says the new
    // worker taking control is not an "update" of this page, yet this page asked for it.
    const update = new AppUpdate();
    const reload = vi.fn();
    registerServiceWorker(update, reload);
    render(UpdateBanner, { update });
    worker.emit('waiting');
    await fireEvent.click(await screen.findByRole('button', { name: 'Update now' }));
    expect(worker.skipWaiting).toBe(1);
    worker.emit('controlling', { isUpdate: false });
    expect(reload).toHaveBeenCalledOnce();
  });

  it('does not reload when the first worker takes control, nor before anyone applies an update', () => {
    const update = new AppUpdate();
    const reload = vi.fn();
    registerServiceWorker(update, reload);
    worker.emit('controlling', { isUpdate: false });
    worker.emit('waiting');
    expect(update.ready).toBe(true);
    expect(worker.skipWaiting).toBe(0);
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads a page that loaded under the old worker when the new one takes over', () => {
    const reload = vi.fn();
    registerServiceWorker(new AppUpdate(), reload);
    worker.emit('controlling', { isUpdate: true });
    expect(reload).toHaveBeenCalledOnce();
  });
});
