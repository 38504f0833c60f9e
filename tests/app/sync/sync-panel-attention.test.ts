import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SyncScreen from '../../../src/app/routes/sync/SyncScreen.svelte';
import { settingsEnrolment } from '../../../src/app/sync/enrolment';
import type { SyncClient } from '../../../src/app/sync/sync-client';
import type { PushRecord, PushResult } from '../../../src/shared/sync/protocol';
import { CANARY, signUpInput } from '../../fixtures/signup-input';
import { deviceSync, eventInput, freshDevice } from '../workshop-test-kit';

/**
 * The sync panel over a real engine and a server stand-in that refuses everything until told
 * otherwise: what a tablet sees when, say, its survey was withdrawn from the server.
 */
async function setup() {
  const device = freshDevice();
  const enrolment = settingsEnrolment(device.settings);
  await enrolment.set({
    token: 'token-1',
    serverDeviceId: 'server-device',
    name: 'Ward 7 tablet',
    organisationName: 'Riverside NHS Trust',
    enrolledAt: '2026-11-01T09:00:00.000Z',
  });
  const pushed: PushRecord[] = [];
  let refuse = true;
  const client: SyncClient = {
    push: (records) => {
      pushed.push(...records);
      return Promise.resolve({
        results: records.map((r): PushResult =>
          refuse
            ? { id: r.id, status: 'rejected', reason: 'This survey is not published.' }
            : { id: r.id, status: 'accepted' },
        ),
      });
    },
    pull: (since) => Promise.resolve({ changes: [], cursor: since ?? '0', hasMore: false }),
    enrol: () => Promise.reject(new Error('not used')),
  };
  const services = deviceSync(device, client);
  const { engine } = services;
  const event = await device.store.createEvent(eventInput());
  const note = await device.store.addNote({
    eventId: event.id,
    themeId: 'training',
    questionId: 'ideal',
    text: 'Evening meetings for carers',
  });
  const response = await device.surveys.saveResponse({
    surveyId: 'fft',
    surveyVersion: 1,
    language: 'en',
    presentation: 'standard',
    location: 'Ward 7',
    kiosk: true,
    status: 'complete',
    answers: [
      { questionId: 'fft', choice: 'good' },
      { questionId: 'fft-why', text: 'They listened to me' },
    ],
  });
  const signUp = await device.signups.save(signUpInput());
  await engine.flush();
  engine.stop();
  render(SyncScreen, {
    store: device.store,
    surveys: device.surveys,
    signups: device.signups,
    sync: Promise.resolve(services),
  });
  const section = await screen.findByRole('region', { name: 'Needs attention' });
  await within(section).findAllByRole('listitem');
  return {
    ...device,
    engine,
    pushed,
    section,
    note,
    response,
    signUp,
    accept: () => (refuse = false),
  };
}

const item = (section: HTMLElement, text: string | RegExp) =>
  within(section)
    .getAllByRole('listitem')
    .find((li) =>
      typeof text === 'string' ? li.textContent?.includes(text) : text.test(li.textContent ?? ''),
    )!;

describe('the sync panel’s "needs attention" list', () => {
  it('keeps refused survey answers on the tablet, and sends them again when asked', async () => {
    const { section, db, engine, pushed, response, accept } = await setup();
    const answers = item(section, /^Survey answers given/);
    expect(answers).toHaveTextContent('This survey is not published.');
    // Nothing of the survey answers is in the queue any more; the refusal holds them.
    expect(await db.queue.where('kind').equals('survey-response').count()).toBe(0);

    accept();
    pushed.length = 0;
    await userEvent.setup().click(within(answers).getByRole('button', { name: 'Send again' }));
    expect(await screen.findByText('Queued to send again.')).toHaveAttribute('role', 'status');
    await engine.flush();
    engine.stop();
    // The very answers the person gave reach the server.
    expect(pushed.find((r) => r.id === response.id)?.data).toEqual(response);
    expect(await db.attention.get(response.id)).toBeUndefined();
    expect(await db.queue.count()).toBe(0);
  });

  it('lists a refused sign-up without the person’s details, and deletes it only after a yes', async () => {
    const { section, db, signUp } = await setup();
    expect(section).not.toHaveTextContent(CANARY.name);
    expect(document.body).not.toHaveTextContent(CANARY.email);
    const row = item(section, 'A sign-up to get involved (the person’s details are not shown)');
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Delete from this tablet' }));
    const confirm = within(row).getByRole('group', {
      name: 'Delete this from the tablet? It has not reached the server, so it will be gone for good.',
    });
    await user.click(within(confirm).getByRole('button', { name: 'No, keep it' }));
    expect(await db.signups.get(signUp.id)).toBeDefined();

    await user.click(within(row).getByRole('button', { name: 'Delete from this tablet' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect(await screen.findByText('Deleted from this tablet.')).toHaveAttribute('role', 'status');
    expect(await db.signups.count()).toBe(0);
    expect(await db.attention.get(signUp.id)).toBeUndefined();
  });

  it('offers a refused note to be sent again but never deleted here (it is fixed on its screen)', async () => {
    const { section, db, engine, pushed, note, accept } = await setup();
    const row = item(section, 'Note “Evening meetings for carers”');
    expect(within(row).queryByRole('button', { name: 'Delete from this tablet' })).toBeNull();
    accept();
    pushed.length = 0;
    await userEvent.setup().click(within(row).getByRole('button', { name: 'Send again' }));
    await screen.findByText('Queued to send again.');
    await engine.flush();
    engine.stop();
    expect(pushed.map((r) => r.id)).toEqual([note.id]);
    expect(await db.attention.get(note.id)).toBeUndefined();
  });

  it('says so when nothing of a refused change is left to send', async () => {
    const { section, db } = await setup();
    // A refusal recorded before the tablet kept the answers with it.
    const legacy = (await db.attention.toArray()).find((e) => e.kind === 'survey-response')!;
    await db.attention.put({ ...legacy, data: undefined });
    await screen.findByText('Survey answers');
    const row = item(section, 'Survey answers');
    expect(within(row).queryByRole('button', { name: 'Send again' })).toBeNull();
    expect(within(row).getByRole('button', { name: 'Delete from this tablet' })).toBeVisible();
  });
});
