import { render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SyncScreen from '../../../src/app/routes/sync/SyncScreen.svelte';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import type { SyncClient } from '../../../src/app/sync/sync-client';
import { fakeFeed, makeOutcome, readWithout, receive } from '../../fixtures/pull-feed';
import { deviceSync, freshDevice } from '../workshop-test-kit';

/** The sync panel over a real engine that pulls `feed`. */
async function setup(appVersion = 'test') {
  const device = freshDevice();
  const enrolment = settingsEnrolment(device.settings);
  await enrolment.set({
    token: 'token-1',
    serverDeviceId: 'server-device',
    name: 'Ward 7 tablet',
    organisationName: 'Riverside NHS Trust',
    enrolledAt: '2026-11-01T09:00:00.000Z',
  });
  const feed = fakeFeed(10);
  const client: SyncClient = {
    push: (records) =>
      Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) }),
    pull: (since) => feed.pull(since),
    enrol: () => Promise.reject(new Error('not used')),
  };
  const services = deviceSync(device, client, { appVersion });
  const { engine } = services;
  render(SyncScreen, {
    store: device.store,
    surveys: device.surveys,
    sync: Promise.resolve(services),
  });
  return { ...device, feed, engine };
}

describe('the sync panel, after a pull', () => {
  it('says when updates were last taken, and lists what could not be used', async () => {
    const { feed, engine, db } = await setup();
    const bad = { ...makeOutcome(), weDid: '' };
    feed.publish('outcome', makeOutcome({ youSaid: 'A good one' }));
    feed.publish('outcome', bad);
    feed.publish('newsletter', { id: 'n-1' });
    await engine.flush();
    engine.stop();

    expect(await screen.findByText(/^Last checked for events, surveys and outcomes/)).toBeVisible();
    const section = await screen.findByRole('region', {
      name: 'Updates this tablet could not use',
    });
    const [item] = within(section).getAllByRole('listitem');
    expect(item).toHaveTextContent('You said, we did');
    expect(item).toHaveTextContent(bad.id);
    expect(item).toHaveTextContent('(field: weDid)');
    expect(section).toHaveTextContent(
      '1 update was of a kind this version of Involve does not know, and was skipped.',
    );
    expect(screen.getByText('Everything is sent.')).toHaveAttribute('role', 'status');
    expect(await db.outcomes.count()).toBe(1);
  });

  it('shows no such list when everything could be used', async () => {
    const { feed, engine } = await setup();
    feed.publish('outcome', makeOutcome());
    await engine.flush();
    engine.stop();
    await screen.findByText(/^Last checked for events, surveys and outcomes/);
    expect(
      screen.queryByRole('region', { name: 'Updates this tablet could not use' }),
    ).not.toBeInTheDocument();
  });

  it('stops listing what an older version skipped once the updated tablet has read it again', async () => {
    const { feed, engine, db, settings } = await setup('1.1.0');
    feed.publish('outcome', makeOutcome({ youSaid: 'Published before the update' }));
    // Version 1.0.0 did not know outcomes.
    await receive(db, feed, settings, { appVersion: '1.0.0', read: readWithout('outcome') });
    const section = await screen.findByRole('region', {
      name: 'Updates this tablet could not use',
    });
    expect(section).toHaveTextContent(
      '1 update was of a kind this version of Involve does not know, and was skipped.',
    );

    await engine.flush();
    engine.stop();
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Updates this tablet could not use' }),
      ).not.toBeInTheDocument(),
    );
    expect((await db.outcomes.toArray()).map((o) => o.youSaid)).toEqual([
      'Published before the update',
    ]);
  });
});
