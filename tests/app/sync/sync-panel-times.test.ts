import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SyncScreen from '../../../src/app/routes/sync/SyncScreen.svelte';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import { SyncFailure, type SyncClient } from '../../../src/app/sync/sync-client';
import { settingsSyncTimes } from '../../../src/app/sync/sync-times';
import { fakeFeed } from '../../fixtures/pull-feed';
import { deviceSync, eventInput, freshDevice, reopenDevice } from '../workshop-test-kit';

type Device = ReturnType<typeof freshDevice>;

/** 11:22pm on 6 December 2026 by the tablet's own clock, whatever its time zone. */
const SENT_AT = new Date(2026, 11, 6, 23, 22);

/**
 * The sync panel as the app builds it (the engine keeps its times in the device's settings),
 * over `device`: online and answered by a server that accepts everything, or offline.
 */
function openPanel(
  device: Device,
  options: { online: boolean; now?: Date; pushFails?: SyncFailure },
) {
  const feed = fakeFeed(10);
  const client: SyncClient = {
    push: (records) =>
      options.pushFails
        ? Promise.reject(options.pushFails)
        : Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) }),
    pull: (since) => feed.pull(since),
    enrol: () => Promise.reject(new Error('not used')),
  };
  const services = deviceSync(device, client, {
    tuning: { isOnline: () => options.online, now: () => options.now ?? SENT_AT },
  });
  const { engine } = services;
  const view = render(SyncScreen, {
    store: device.store,
    surveys: device.surveys,
    signups: device.signups,
    sync: Promise.resolve(services),
  });
  return { engine, view };
}

/** An enrolled tablet with an event and three notes waiting to be sent. */
async function enrolledTabletWithNotes() {
  const device = freshDevice();
  await settingsEnrolment(device.settings).set({
    token: 'token-1',
    serverDeviceId: 'server-device',
    name: 'Hall tablet 1',
    organisationName: 'Riverside NHS Trust',
    enrolledAt: '2026-12-06T09:00:00.000Z',
  });
  const event = await device.store.createEvent(eventInput({ title: 'Carers workshop' }));
  for (const text of ['Meet in the evenings', 'Pay for parking', 'Use plain English'])
    await device.store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text,
    });
  return device;
}

/** The panel shows this time as both the last send and the last check for news. */
async function expectBothTimes(time: string) {
  expect(await screen.findByText(`Last sent to the server: ${time}.`)).toBeVisible();
  expect(
    screen.getByText(
      `Last checked for events, surveys and outcomes from your organisation: ${time}.`,
    ),
  ).toBeVisible();
}

describe('the sync panel says when this tablet last sent', () => {
  it('the way British people write it, and still after a reload offline', async () => {
    const device = await enrolledTabletWithNotes();
    const first = openPanel(device, { online: true });
    await first.engine.flush();
    first.engine.stop();
    await expectBothTimes('6 December 2026 at 11:22pm');
    first.view.unmount();

    // The page is reloaded with the tablet offline: nothing of the last engine is in memory.
    const reloaded = reopenDevice(device);
    await reloaded.store.addNote({
      eventId: (await reloaded.db.events.toArray())[0]!.id,
      themeId: 'training',
      questionId: 'get-there',
      text: 'Written after the wifi went',
    });
    const second = openPanel(reloaded, { online: false, now: new Date(2026, 11, 7, 10, 0) });
    await second.engine.flush();
    expect(await screen.findByText(/^This tablet is offline\./)).toBeVisible();
    const row = await screen.findByRole('row', { name: /Carers workshop/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['4', '3', '1', '0']);
    await expectBothTimes('6 December 2026 at 11:22pm');
    expect(screen.queryByText(/Nothing has been sent/)).not.toBeInTheDocument();
  });

  it('moves on to the newer time at the next send, and keeps that one', async () => {
    const device = await enrolledTabletWithNotes();
    const first = openPanel(device, { online: true });
    await first.engine.flush();
    first.view.unmount();

    const reloaded = reopenDevice(device);
    const event = (await reloaded.db.events.toArray())[0]!;
    await reloaded.store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'get-there',
      text: 'Said the next morning',
    });
    const morning = new Date(2026, 11, 7, 9, 5);
    const second = openPanel(reloaded, { online: true, now: morning });
    await second.engine.flush();
    expect(await screen.findByText('Everything is sent.')).toBeVisible();
    expect(
      await screen.findByText('Last sent to the server: 7 December 2026 at 9:05am.'),
    ).toBeVisible();
    second.view.unmount();

    openPanel(reopenDevice(reloaded), { online: false });
    expect(
      await screen.findByText('Last sent to the server: 7 December 2026 at 9:05am.'),
    ).toBeVisible();
  });

  it('says nothing has been sent from a tablet that has sent nothing', async () => {
    const device = await enrolledTabletWithNotes();
    const { engine } = openPanel(device, { online: false });
    await engine.flush();
    expect(await screen.findByText('Nothing has been sent from this tablet yet.')).toBeVisible();
  });

  it('does not claim nothing was sent by a tablet that sent notes before it kept the time', async () => {
    // Sent by a version of Involve that kept no time.
    const device = await enrolledTabletWithNotes();
    const old = openPanel(device, { online: true });
    await old.engine.flush();
    old.view.unmount();
    await settingsSyncTimes(device.settings).write({});

    const { engine } = openPanel(reopenDevice(device), { online: false });
    await engine.flush();
    expect(
      await screen.findByText(
        'Changes have been sent from this tablet before. The time of the next send will show here.',
      ),
    ).toBeVisible();
    expect(screen.queryByText(/Nothing has been sent/)).not.toBeInTheDocument();
  });

  it('says when it will try again as people write a time of day', async () => {
    const device = await enrolledTabletWithNotes();
    const { engine } = openPanel(device, {
      online: true,
      now: new Date(2026, 11, 6, 13, 4),
      pushFails: new SyncFailure('rate-limited', undefined, 'Slow down.', 3 * 60 * 1000),
    });
    await engine.flush();
    engine.stop();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not reach the server (the server asked us to slow down). Involve will try again by itself at 1:07pm. Nothing is lost.',
    );
  });
});
