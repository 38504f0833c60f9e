import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppUpdate } from '../../src/app/lib/app-update.svelte';
import UpdateBanner from '../../src/app/lib/UpdateBanner.svelte';
import { SETTLE_MS, TAKEOVER_WAIT_MS, registerServiceWorker } from '../../src/app/pwa';
import { bestLock, type SyncLock } from '../../src/app/sync/sync-lock';

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
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
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
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'Update now' }));
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(worker.skipWaiting).toBe(1);
    worker.emit('controlling', { isUpdate: false });
    expect(reload).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(TAKEOVER_WAIT_MS);
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

  it('asks the new worker to take over only once no send is under way, and holds sends until it has', async () => {
    const lock = queueLock();
    let sendDone!: () => void;
    const sending = lock(() => new Promise<void>((resolve) => (sendDone = resolve)));
    const update = new AppUpdate();
    const reload = vi.fn();
    registerServiceWorker(update, reload, lock);
    worker.emit('waiting');
    update.apply();
    update.apply(); // the kiosk's welcome screen asks again: still one request
    await vi.advanceTimersByTimeAsync(SETTLE_MS * 3);
    expect(worker.skipWaiting).toBe(0);

    sendDone();
    await sending;
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(worker.skipWaiting).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(worker.skipWaiting).toBe(1);

    // A send due now waits for the takeover; the page reloads into the new version.
    const next = vi.fn(() => Promise.resolve());
    const nextSend = lock(next);
    await vi.advanceTimersByTimeAsync(TAKEOVER_WAIT_MS / 2);
    expect(next).not.toHaveBeenCalled();
    worker.emit('controlling', { isUpdate: false });
    expect(reload).toHaveBeenCalledOnce();
    await nextSend;
    expect(next).toHaveBeenCalledOnce();
  });

  it('lets sends go on if the new worker does not take over in time, and reloads when it does', async () => {
    const lock = queueLock();
    const update = new AppUpdate();
    const reload = vi.fn();
    registerServiceWorker(update, reload, lock);
    worker.emit('waiting');
    update.apply();
    const next = vi.fn(() => Promise.resolve());
    const nextSend = lock(next);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + TAKEOVER_WAIT_MS - 1);
    expect(next).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await nextSend;
    expect(next).toHaveBeenCalledOnce();
    expect(reload).not.toHaveBeenCalled();

    expect(update.applying).toBe(false);

    // Applied again (the kiosk's next clean welcome, or "Update now" once more): asked again.
    update.apply();
    expect(update.applying).toBe(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(worker.skipWaiting).toBe(2);

    // The browser lets the new worker in later: this page asked for it, so it reloads, once.
    worker.emit('controlling', { isUpdate: false });
    worker.emit('controlling', { isUpdate: false });
    expect(reload).toHaveBeenCalledOnce();
  });

  it('holds the very lock the sync engine sends under', async () => {
    const names: string[] = [];
    const locks = {
      request: (name: string, task: () => Promise<unknown>) => {
        names.push(name);
        return task();
      },
    };
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
    try {
      const update = new AppUpdate();
      registerServiceWorker(update, vi.fn());
      update.apply();
      await vi.advanceTimersByTimeAsync(SETTLE_MS);
      expect(worker.skipWaiting).toBe(1);
      await bestLock()(() => Promise.resolve());
      expect(names).toHaveLength(2);
      expect(names[0]).toBe(names[1]);
    } finally {
      Reflect.deleteProperty(navigator, 'locks');
    }
  });

  it('still applies the update when the lock cannot be had', async () => {
    const update = new AppUpdate();
    registerServiceWorker(update, vi.fn(), () => Promise.reject(new Error('SecurityError')));
    update.apply();
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(worker.skipWaiting).toBe(1);
  });
});

/** A lock that queues holders in turn, as Web Locks does for the sync engine's lock. */
function queueLock(): SyncLock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
