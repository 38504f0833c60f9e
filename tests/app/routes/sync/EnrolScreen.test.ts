import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import EnrolScreen from '../../../../src/app/routes/sync/EnrolScreen.svelte';
import { settingsEnrolment } from '../../../../src/app/sync/enrolment';
import { httpSyncClient } from '../../../../src/app/sync/sync-client';
import type { PushRecord } from '../../../../src/shared/sync/protocol';
import { deviceSync, eventInput, freshDevice } from '../../workshop-test-kit';

type ServerAnswer = { status: number; body: unknown } | 'offline';

/**
 * The real sync client over a stand-in for the server's `fetch`: enrolment answers as told
 * (in turn, the last one repeating), pushes are accepted and recorded with their token.
 */
function fakeServer(...answers: ServerAnswer[]) {
  const enrolments: unknown[] = [];
  const pushes: { token: string | null; records: PushRecord[] }[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // The sync client sends a path and a JSON string body.
    const url = input as string;
    const body = init?.body as string;
    const json = (status: number, body: unknown) =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    if (url.endsWith('/api/v1/devices/enrol')) {
      enrolments.push(JSON.parse(body));
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (answer === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
      return json(answer.status, answer.body);
    }
    if (url.endsWith('/api/v1/sync/push')) {
      const { records } = JSON.parse(body) as { records: PushRecord[] };
      pushes.push({ token: new Headers(init?.headers).get('Authorization'), records });
      return json(200, { results: records.map((r) => ({ id: r.id, status: 'accepted' })) });
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  });
  return { fetch, enrolments, pushes };
}

const ENROLLED: ServerAnswer = {
  status: 201,
  body: {
    deviceId: 'server-device-7',
    token: 'token-new',
    organisationName: 'Riverside NHS Trust',
  },
};
const BAD_CODE: ServerAnswer = {
  status: 400,
  body: {
    error: {
      code: 'invalid_code',
      message: 'This enrolment code is not valid. It may be mistyped, already used or expired.',
    },
  },
};

/** `navigator.storage` as the browser has it (or not at all, when `persist` is undefined). */
function browserStorage(persist: (() => Promise<boolean>) | undefined) {
  const ask = persist && vi.fn(persist);
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: ask ? { persist: ask } : undefined,
  });
  return ask;
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'storage');
});

async function setup(options: { server: ReturnType<typeof fakeServer>; code?: string }) {
  const device = freshDevice();
  // Something captured before enrolling, waiting to be sent.
  await device.store.createEvent(eventInput());
  const enrolment = settingsEnrolment(device.settings);
  const client = httpSyncClient({ fetch: options.server.fetch });
  const services = deviceSync(device, client);
  const { engine } = services;
  const user = userEvent.setup();
  render(EnrolScreen, { sync: Promise.resolve(services), code: options.code });
  // The button is ready once the sync services have loaded.
  await vi.waitFor(() => expect(enrolButton()).toBeEnabled());
  return { ...device, enrolment, engine, user };
}

const codeBox = () => screen.getByRole('textbox', { name: 'Enrolment code' });
const nameBox = () => screen.getByRole('textbox', { name: 'Name for this tablet' });
const enrolButton = () => screen.getByRole('button', { name: 'Enrol' });

async function fillIn(user: ReturnType<typeof userEvent.setup>, code: string, name: string) {
  await user.type(codeBox(), code);
  await user.type(nameBox(), name);
}

describe('enrolling a tablet', () => {
  it('enrols with a typed code and name, keeps the token, and sends what was waiting', async () => {
    const server = fakeServer(ENROLLED);
    const persist = browserStorage(() => Promise.resolve(true));
    const { user, enrolment, db } = await setup({ server });

    await fillIn(user, '  abcde-fghjk ', ' Ward 7 tablet ');
    await user.click(enrolButton());

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(
      'This tablet is enrolled as “Ward 7 tablet” with Riverside NHS Trust.',
    );
    expect(server.enrolments).toEqual([{ code: 'abcde-fghjk', name: 'Ward 7 tablet' }]);
    expect(await enrolment.get()).toMatchObject({
      token: 'token-new',
      serverDeviceId: 'server-device-7',
      name: 'Ward 7 tablet',
      organisationName: 'Riverside NHS Trust',
    });
    // Persistent storage was asked for at enrolment, and the answer is on screen.
    expect(persist).toHaveBeenCalledOnce();
    expect(status).toHaveTextContent(
      'The browser has agreed to keep what Involve stores on this tablet, even when space runs low.',
    );
    // The next step is the events list, with what was sent second.
    expect(screen.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Go to events',
      'See what has been sent',
    ]);
    expect(screen.getByRole('link', { name: 'See what has been sent' })).toHaveAttribute(
      'href',
      '#/sync',
    );
    await user.click(screen.getByRole('link', { name: 'Go to events' }));
    expect(location.hash).toBe('#/');
    // With the new token, the event captured before enrolling goes to the server.
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(0));
    expect(server.pushes).toEqual([
      { token: 'Bearer token-new', records: [expect.objectContaining({ kind: 'event' })] },
    ]);
  });

  it('says so when the browser will not promise to keep the storage', async () => {
    const server = fakeServer(ENROLLED);
    browserStorage(() => Promise.resolve(false));
    const { user } = await setup({ server });
    await fillIn(user, 'ABCDE-FGHJK', 'Day room');
    await user.click(enrolButton());
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The browser did not agree to keep what Involve stores for good: it may clear it if the tablet runs low on space.',
    );
  });

  it.each([
    ['has no way to ask', undefined],
    ['refuses to answer', () => Promise.reject(new Error('not allowed'))],
  ])('says the browser gives no answer when it %s', async (_, persist) => {
    const server = fakeServer(ENROLLED);
    browserStorage(persist);
    const { user, enrolment } = await setup({ server });
    await fillIn(user, 'ABCDE-FGHJK', 'Day room');
    await user.click(enrolButton());
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This browser does not say whether it will keep what Involve stores on this tablet.',
    );
    // Enrolled all the same.
    expect(await enrolment.get()).toMatchObject({ token: 'token-new' });
  });

  it('fills in the code a QR code carried in the address', async () => {
    const server = fakeServer(ENROLLED);
    browserStorage(() => Promise.resolve(true));
    const { user } = await setup({ server, code: 'QRCOD-E1234' });
    expect(codeBox()).toHaveValue('QRCOD-E1234');
    await user.type(nameBox(), 'Ward 7 tablet');
    await user.click(enrolButton());
    await screen.findByRole('status');
    expect(server.enrolments).toEqual([{ code: 'QRCOD-E1234', name: 'Ward 7 tablet' }]);
  });

  it('says what is missing, next to each box, and sends nothing', async () => {
    const server = fakeServer(ENROLLED);
    const { user } = await setup({ server });
    await user.click(enrolButton());
    expect(codeBox()).toHaveAccessibleDescription(
      expect.stringContaining('Enter the enrolment code.'),
    );
    expect(codeBox()).toHaveAttribute('aria-invalid', 'true');
    expect(codeBox()).toHaveFocus();
    expect(nameBox()).toHaveAccessibleDescription(
      expect.stringContaining('Give this tablet a name.'),
    );
    expect(server.fetch).not.toHaveBeenCalled();
  });
});

describe('when enrolling does not work', () => {
  it('says a wrong, used or expired code did not work, keeps what was typed, and enrols nothing', async () => {
    const server = fakeServer(BAD_CODE);
    const persist = browserStorage(() => Promise.resolve(true));
    const { user, enrolment, db } = await setup({ server });

    await fillIn(user, 'WRONG-CODE1', 'Ward 7 tablet');
    await user.click(enrolButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That code did not work. It may have been used already or be more than 24 hours old. Ask your involvement lead for a new one.',
    );
    expect(codeBox()).toHaveValue('WRONG-CODE1');
    expect(nameBox()).toHaveValue('Ward 7 tablet');
    expect(enrolButton()).toBeEnabled();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(await enrolment.get()).toBeUndefined();
    expect(persist).not.toHaveBeenCalled();
    expect(await db.queue.count()).toBe(1);
  });

  it('says the server could not be reached, keeps what was typed, and enrols on a second try', async () => {
    const server = fakeServer('offline', ENROLLED);
    browserStorage(() => Promise.resolve(true));
    const { user, enrolment } = await setup({ server });

    await fillIn(user, 'ABCDE-FGHJK', 'Ward 7 tablet');
    await user.click(enrolButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Involve could not reach the server. Check the tablet is online, then try again.',
    );
    expect(codeBox()).toHaveValue('ABCDE-FGHJK');
    expect(nameBox()).toHaveValue('Ward 7 tablet');
    expect(await enrolment.get()).toBeUndefined();

    await user.click(enrolButton());
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This tablet is enrolled as “Ward 7 tablet” with Riverside NHS Trust.',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(server.enrolments).toHaveLength(2);
    expect(await enrolment.get()).toMatchObject({ token: 'token-new' });
  });

  it('says when the server had a problem, with its words, and keeps what was typed', async () => {
    const server = fakeServer({
      status: 503,
      body: { error: { code: 'unavailable', message: 'Down for maintenance.' } },
    });
    const { user } = await setup({ server });
    await fillIn(user, 'ABCDE-FGHJK', 'Ward 7 tablet');
    await user.click(enrolButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The server could not enrol the tablet just now (Down for maintenance.). Try again in a minute.',
    );
    expect(codeBox()).toHaveValue('ABCDE-FGHJK');
    expect(nameBox()).toHaveValue('Ward 7 tablet');
  });
});
