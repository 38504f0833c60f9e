import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import KioskRunner from '../../../../src/app/routes/kiosk/KioskRunner.svelte';
import {
  KIOSK_KEY,
  PIN_LOCK_KEY,
  type KioskConfig,
} from '../../../../src/app/routes/kiosk/kiosk-config';
import type { SessionDraft } from '../../../../src/app/routes/survey/survey-session.svelte';
import { AppUpdate } from '../../../../src/app/lib/app-update.svelte';
import type { InvolveDb } from '../../../../src/app/storage/db';
import { settingsEnrolment } from '../../../../src/app/sync/enrolment';
import type { SyncServices } from '../../../../src/app/sync/start-sync';
import { SyncFailure, type SyncClient } from '../../../../src/app/sync/sync-client';
import { settingsSyncTimes } from '../../../../src/app/sync/sync-times';
import { FFT_QUESTION_TEXT, FFT_WHY_TEXT } from '../../../../src/shared/survey/builtin/common';
import { KIOSK_PIN, makeKioskConfig } from '../../../fixtures/kiosk.factory';
import { signUpInput } from '../../../fixtures/signup-input';
import { deviceSync, freshDevice, reopenDevice } from '../../workshop-test-kit';

const IDLE = 60;
const STILL_THERE = 30;
const DRAFT_KEY = 'kiosk-draft';
/** Something only the last person could have written. */
const SECRET = 'Nurse Ayesha on bay 4 ignored my buzzer';

type Device = ReturnType<typeof freshDevice>;

interface Setup {
  device?: Device;
  config?: KioskConfig;
  update?: AppUpdate;
  sync?: Promise<SyncServices>;
  /** Whether the kiosk offers "get involved" (with the device's sign-up store). */
  signups?: boolean;
}

async function setup(options: Setup = {}) {
  const device = options.device ?? freshDevice();
  const config = options.config ?? (await makeKioskConfig({ idleSeconds: IDLE }));
  await device.settings.set(KIOSK_KEY, config);
  const onleave = vi.fn();
  // No delay between keys: the kiosk's clock is the only one that moves.
  const user = userEvent.setup({ delay: null });
  const view = render(KioskRunner, {
    config,
    settings: device.settings,
    surveys: device.surveys,
    update: options.update,
    sync: options.sync,
    signups: options.signups ? device.signups : undefined,
    onleave,
  });
  // The draft left by a reload is dealt with first.
  await vi.waitFor(async () => expect(await device.settings.get(DRAFT_KEY)).toBeUndefined());
  return { ...device, config, onleave, user, view };
}

type User = ReturnType<typeof userEvent.setup>;

const button = (name: string | RegExp) => screen.getByRole('button', { name });
const advance = (seconds: number) => vi.advanceTimersByTimeAsync(seconds * 1000);
const stillThereDialog = () => screen.queryByRole('alertdialog', { name: 'Are you still there?' });
const welcomeHeading = () =>
  screen.queryByRole('heading', { level: 1, name: 'Friends and Family Test' });
const whyBox = () => screen.getByRole('textbox', { name: FFT_WHY_TEXT.en.text });

async function queued(db: InvolveDb) {
  return (await db.queue.toArray()).map((e) => ({
    kind: e.kind,
    recordId: e.recordId,
    data: e.data,
  }));
}

/** The device's real sync engine, with a server stand-in answering as told. */
async function syncFor(
  device: Device,
  options: { enrolled: boolean; online?: boolean; push?: SyncClient['push'] },
): Promise<SyncServices> {
  const enrolment = settingsEnrolment(device.settings);
  if (options.enrolled)
    await enrolment.set({
      token: 'token-1',
      serverDeviceId: 'server-device',
      name: 'Ward 3 tablet',
      organisationName: 'Involve',
      enrolledAt: '2026-11-01T09:00:00.000Z',
    });
  const client: SyncClient = {
    push:
      options.push ??
      ((records) =>
        Promise.resolve({ results: records.map((r) => ({ id: r.id, status: 'accepted' })) })),
    pull: (since) => Promise.resolve({ changes: [], cursor: since ?? '0', hasMore: false }),
    enrol: () => Promise.reject(new Error('not used')),
  };
  return deviceSync(device, client, { tuning: { isOnline: () => options.online ?? true } });
}

/** Starts the FFT, rates it Good and writes the "why" (without moving on). */
async function answerSome(user: User, why = SECRET) {
  await user.click(button('Start'));
  await user.click(screen.getByRole('radio', { name: 'Good' }));
  await user.click(button('Next'));
  await user.click(whyBox());
  await user.paste(why);
}

/** Answers the FFT through to the thank-you screen. */
async function answerAll(user: User, rating = 'Very good') {
  await user.click(button('Start'));
  await user.click(screen.getByRole('radio', { name: rating }));
  await user.click(button('Next'));
  await user.click(button('Next'));
  await user.click(button('Next'));
  await user.click(button('Send my answers'));
  await vi.waitFor(() => button('No thanks, finish'));
  await user.click(button('No thanks, finish'));
  await vi.waitFor(() => button('Done'));
}

/** Nothing the last person wrote is on screen, in the text or in any field. */
function expectNothingOf(text: string) {
  expect(document.body.textContent).not.toContain(text);
  for (const field of document.querySelectorAll('input, textarea, select'))
    expect((field as HTMLInputElement).value).not.toContain(text);
}

beforeEach(() => {
  // IndexedDB (fake-indexeddb, Dexie) runs on setImmediate and microtasks, left real.
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime(new Date('2026-11-21T15:42:10.000Z'));
  // jsdom has no scrolling; the kiosk scrolls to the top for each person.
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('idle', () => {
  it('asks "Are you still there?" after the idle time, and "yes" keeps the answers', async () => {
    const { user } = await setup();
    await answerSome(user);

    await advance(IDLE - 1);
    expect(stillThereDialog()).not.toBeInTheDocument();
    await advance(1);
    const dialog = stillThereDialog()!;
    expect(dialog).toBeInTheDocument();
    expect(dialog).toHaveAccessibleDescription('We will start again in 30 seconds.');
    expect(within(dialog).getByRole('button', { name: 'Yes, I am still here' })).toHaveFocus();
    await advance(10);
    expect(dialog).toHaveAccessibleDescription('We will start again in 20 seconds.');

    await user.click(button('Yes, I am still here'));
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(whyBox()).toHaveValue(SECRET);
    // The clock starts again from the "yes".
    await advance(IDLE - 1);
    expect(stillThereDialog()).not.toBeInTheDocument();
    await advance(1);
    expect(stillThereDialog()).toHaveAccessibleDescription('We will start again in 30 seconds.');
    await user.click(button('Yes, I am still here'));
    await user.click(button('Back'));
    expect(screen.getByRole('radio', { name: 'Good' })).toBeChecked();
  });

  it('starts again after the countdown: a clean welcome screen, the answers kept as partial', async () => {
    const { user, db, settings } = await setup();
    await answerSome(user);
    await vi.waitFor(async () =>
      expect(await settings.get<SessionDraft>(DRAFT_KEY)).toMatchObject({
        answers: { 'fft-why': { text: SECRET } },
      }),
    );

    await advance(IDLE);
    expect(stillThereDialog()).toBeInTheDocument();
    await advance(STILL_THERE - 1);
    expect(stillThereDialog()).toHaveAccessibleDescription('We will start again in 1 second.');
    expect(await db.queue.count()).toBe(0);
    await advance(1);

    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(button('Start')).toBeInTheDocument();
    expect(button('Staff')).toBeInTheDocument();
    expectNothingOf(SECRET);
    expectNothingOf('Ayesha');

    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    const [entry] = await queued(db);
    expect(entry).toMatchObject({
      kind: 'survey-response',
      data: {
        surveyId: 'fft',
        surveyVersion: 1,
        status: 'partial',
        kiosk: true,
        location: 'Ward 3',
        language: 'en',
        presentation: 'standard',
        answers: [
          { questionId: 'fft', choice: 'good' },
          { questionId: 'fft-why', text: SECRET },
        ],
      },
    });
    // Saved once, so the draft of it goes.
    await vi.waitFor(async () => expect(await settings.get(DRAFT_KEY)).toBeUndefined());

    // The next person starts with nothing of the last one.
    await user.click(button('Start'));
    expect(screen.getByRole('radio', { name: 'Good' })).not.toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Poor' }));
    await user.click(button('Next'));
    expect(whyBox()).toHaveValue('');
  });

  it('stores nothing when the person gave no answer', async () => {
    const { user, db } = await setup();
    await user.click(button('Start'));
    expect(screen.getByRole('radiogroup', { name: FFT_QUESTION_TEXT.en.text })).toBeInTheDocument();
    await advance(IDLE + STILL_THERE);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(await db.queue.count()).toBe(0);
  });

  it("asks in the person's language, and the next person starts in English", async () => {
    const { user } = await setup();
    await user.click(button('Cymraeg'));
    await user.click(button('Dechrau'));
    await advance(IDLE);
    const dialog = screen.getByRole('alertdialog', { name: 'Ydych chi yno o hyd?' });
    expect(dialog).toHaveAttribute('lang', 'cy');
    expect(dialog).toHaveAttribute('dir', 'ltr');
    expect(dialog).toHaveAccessibleDescription("Byddwn ni'n dechrau eto mewn 30 eiliad.");
    expect(within(dialog).getByRole('button', { name: 'Ydw, dw i yma o hyd' })).toHaveFocus();
    await advance(STILL_THERE);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(button('Start')).toBeInTheDocument();
    expect(button('Cymraeg')).toHaveAttribute('aria-pressed', 'false');
  });

  it('asks right to left in Urdu, with a picture beside the words', async () => {
    const { user } = await setup();
    await user.click(button('اردو'));
    await user.click(screen.getByRole('checkbox', { name: /آسان/ }));
    await user.click(document.querySelector<HTMLButtonElement>('.nav .primary')!);
    await advance(IDLE);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveAttribute('lang', 'ur');
    expect(dialog).toHaveAttribute('dir', 'rtl');
    expect(dialog).toHaveClass('easy-read');
    expect(dialog.querySelector('.prompt img.pictogram')).toHaveAttribute(
      'src',
      '/pictograms/waiting.svg',
    );
  });

  it('has no timer on the welcome screen', async () => {
    const { user, db } = await setup();
    await advance(24 * 60 * 60);
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(welcomeHeading()).toBeInTheDocument();

    // Nor after going back to it from the first question.
    await user.click(button('Start'));
    await advance(IDLE - 1);
    await user.click(button('Back'));
    expect(welcomeHeading()).toBeInTheDocument();
    await advance(24 * 60 * 60);
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(await db.queue.count()).toBe(0);
  });

  it('runs the clock on the welcome screen while someone has answers there: Back to the start and walking away saves them and clears them', async () => {
    const { user, db, settings } = await setup();
    await answerSome(user);
    await user.click(button('Back'));
    expect(screen.getByRole('radio', { name: 'Good' })).toBeChecked();
    await user.click(button('Back'));
    expect(welcomeHeading()).toBeInTheDocument();
    await vi.waitFor(async () =>
      expect(await settings.get<SessionDraft>(DRAFT_KEY)).toMatchObject({
        answers: { 'fft-why': { text: SECRET } },
      }),
    );

    await advance(IDLE - 1);
    expect(stillThereDialog()).not.toBeInTheDocument();
    await advance(1);
    expect(stillThereDialog()).toHaveAccessibleDescription('We will start again in 30 seconds.');
    // A day later, nobody came back.
    await advance(24 * 60 * 60);
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(welcomeHeading()).toBeInTheDocument();
    expectNothingOf(SECRET);
    const [entry] = await queued(db);
    expect(entry).toMatchObject({
      kind: 'survey-response',
      data: {
        status: 'partial',
        answers: [
          { questionId: 'fft', choice: 'good' },
          { questionId: 'fft-why', text: SECRET },
        ],
      },
    });
    await vi.waitFor(async () => expect(await settings.get(DRAFT_KEY)).toBeUndefined());

    // The next person's Start shows nothing of the last one.
    await user.click(button('Start'));
    expect(screen.getByRole('radio', { name: 'Good' })).not.toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Poor' }));
    await user.click(button('Next'));
    expect(whyBox()).toHaveValue('');
  });

  it('runs the clock while someone with answers is on the staff PIN screen', async () => {
    const { user, db } = await setup();
    await answerSome(user);
    await user.click(button('Back'));
    await user.click(button('Back'));
    await user.click(button('Staff'));
    await vi.waitFor(() => screen.getByLabelText('PIN'));
    await user.click(button('Back to the survey'));
    expect(welcomeHeading()).toBeInTheDocument();
    await advance(IDLE + STILL_THERE);
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    expectNothingOf(SECRET);
    await user.click(button('Start'));
    expect(screen.getByRole('radio', { name: 'Good' })).not.toBeChecked();
  });

  it('keeps counting down through a tap beside the dialog: only the button keeps the answers', async () => {
    const { user, db } = await setup();
    await answerSome(user);
    await advance(IDLE + 10);
    expect(stillThereDialog()).toHaveAccessibleDescription('We will start again in 20 seconds.');
    await user.pointer({ keys: '[MouseLeft]', target: document.body });
    await user.keyboard('x');
    await advance(5);
    expect(stillThereDialog()).toHaveAccessibleDescription('We will start again in 15 seconds.');
    await advance(15);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    expectNothingOf(SECRET);
  });

  it("does not pass the last person's screen settings on to the next", async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('checkbox', { name: 'High contrast' }));
    await user.click(screen.getByRole('checkbox', { name: 'Easy read' }));
    await user.click(button('Start'));
    await advance(IDLE + STILL_THERE);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(screen.getByRole('checkbox', { name: 'High contrast' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Easy read' })).not.toBeChecked();
    expect(document.querySelector('.survey')).not.toHaveClass('high-contrast');
  });

  it('every touch starts the idle time again', async () => {
    const { user } = await setup();
    await answerSome(user, 'Kind');
    for (const _ of [1, 2, 3]) {
      await advance(IDLE - 5);
      await user.keyboard(' staff');
    }
    expect(stillThereDialog()).not.toBeInTheDocument();
    expect(whyBox()).toHaveValue('Kind staff staff staff');
    await advance(5);
    expect(stillThereDialog()).not.toBeInTheDocument();
    await advance(IDLE - 5);
    expect(stillThereDialog()).toBeInTheDocument();
  });

  it('goes back to the welcome screen from the thank-you, keeping the complete response only', async () => {
    const { user, db } = await setup();
    await answerAll(user);
    await advance(IDLE + STILL_THERE);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    const records = await queued(db);
    expect(records).toHaveLength(1);
    expect(records[0]?.data).toMatchObject({ status: 'complete' });
  });
});

describe('staying in kiosk mode', () => {
  it('puts the kiosk address back when the address changes or Back is pressed', async () => {
    const { user } = await setup();
    expect(location.hash).toBe('#/kiosk');
    await answerSome(user, 'Kind');
    location.hash = '#/sync';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(location.hash).toBe('#/kiosk');
    const entries = history.length;
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    expect(location.hash).toBe('#/kiosk');
    expect(history.length).toBe(entries + 1);
    expect(whyBox()).toHaveValue('Kind');
  });

  it('lets the address change once staff have left kiosk mode', async () => {
    const { user, onleave } = await setup();
    await user.click(button('Staff'));
    await vi.waitFor(() => screen.getByLabelText('PIN'));
    await user.type(screen.getByLabelText('PIN'), KIOSK_PIN);
    await user.click(button('Unlock'));
    await user.click(await vi.waitFor(() => button('Leave kiosk mode')));
    await vi.waitFor(() => expect(onleave).toHaveBeenCalled());
    location.hash = '#/sync';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(location.hash).toBe('#/sync');
  });
});

describe('a reload mid-survey', () => {
  it('keeps the answers so far as one partial response and shows the welcome screen', async () => {
    const device = freshDevice();
    const config = await makeKioskConfig({ idleSeconds: IDLE });
    const first = await setup({ device, config });
    await answerSome(first.user);
    let draft: SessionDraft | undefined;
    await vi.waitFor(async () => {
      draft = await device.settings.get<SessionDraft>(DRAFT_KEY);
      expect(draft?.answers['fft-why']).toEqual({ questionId: 'fft-why', text: SECRET });
    });
    first.view.unmount();
    expect(await device.db.queue.count()).toBe(0);

    // The tablet restarts: the same storage, a new kiosk.
    await setup({ device, config });
    expect(welcomeHeading()).toBeInTheDocument();
    expectNothingOf(SECRET);
    const records = await queued(device.db);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'survey-response',
      recordId: draft!.responseId,
      data: {
        id: draft!.responseId,
        status: 'partial',
        kiosk: true,
        location: 'Ward 3',
        answers: [
          { questionId: 'fft', choice: 'good' },
          { questionId: 'fft-why', text: SECRET },
        ],
      },
    });
  });

  it('stores the same response id when the draft is found twice (a crash between)', async () => {
    const device = freshDevice();
    const config = await makeKioskConfig({ idleSeconds: IDLE });
    const first = await setup({ device, config });
    await answerSome(first.user);
    let draft: SessionDraft | undefined;
    await vi.waitFor(async () => {
      draft = await device.settings.get<SessionDraft>(DRAFT_KEY);
      expect(draft?.answers['fft-why']).toBeDefined();
    });
    first.view.unmount();

    const second = await setup({ device, config });
    second.view.unmount();
    // As if the tablet died after saving the response but before forgetting the draft.
    await device.settings.set(DRAFT_KEY, draft);
    await setup({ device, config });

    const records = await queued(device.db);
    const ids = new Set(records.flatMap((r) => [r.recordId, r.data?.id]));
    expect([...ids]).toEqual([draft!.responseId]);
  });

  it('stores nothing for a draft with no answers, and starts clean', async () => {
    const device = freshDevice();
    const config = await makeKioskConfig({ idleSeconds: IDLE });
    const first = await setup({ device, config });
    await first.user.click(button('Start'));
    await advance(1);
    first.view.unmount();
    await setup({ device, config });
    expect(welcomeHeading()).toBeInTheDocument();
    expect(await device.db.queue.count()).toBe(0);
  });
});

describe('app update', () => {
  function waitingUpdate(ready: boolean) {
    const update = new AppUpdate();
    update.ready = ready;
    const activate = vi.fn();
    update.activate = activate;
    return { update, activate };
  }

  it('is applied on the welcome screen', async () => {
    const { update, activate } = waitingUpdate(true);
    await setup({ update });
    expect(activate).toHaveBeenCalled();
  });

  it('waits while the welcome screen holds answers (a person went Back to it)', async () => {
    const { update, activate } = waitingUpdate(false);
    const { user, db } = await setup({ update });
    let saved = -1;
    activate.mockImplementation(() => void db.queue.count().then((n) => (saved = n)));
    await answerSome(user);
    await user.click(button('Back'));
    await user.click(button('Back'));
    expect(welcomeHeading()).toBeInTheDocument();
    update.ready = true;
    await advance(1);
    expect(activate).not.toHaveBeenCalled();
    await advance(IDLE + STILL_THERE);
    await vi.waitFor(() => expect(activate).toHaveBeenCalled());
    await vi.waitFor(() => expect(saved).toBe(1));
  });

  it('waits while a person is answering, and is applied once they are done', async () => {
    const { update, activate } = waitingUpdate(false);
    const { user } = await setup({ update });
    await user.click(button('Start'));
    update.ready = true;
    await advance(1);
    await user.click(screen.getByRole('radio', { name: 'Good' }));
    await user.click(button('Next'));
    await user.click(button('Next'));
    await user.click(button('Next'));
    await user.click(button('Send my answers'));
    await vi.waitFor(() => button('No thanks, finish'));
    await user.click(button('No thanks, finish'));
    await vi.waitFor(() => button('Done'));
    expect(activate).not.toHaveBeenCalled();

    await user.click(button('Done'));
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(activate).toHaveBeenCalled();
  });

  it('is applied when an idle person is timed out, after their answers are saved', async () => {
    const { update, activate } = waitingUpdate(false);
    const { user, db } = await setup({ update });
    let saved = -1;
    activate.mockImplementation(() => void db.queue.count().then((n) => (saved = n)));
    await answerSome(user);
    update.ready = true;
    await advance(IDLE);
    expect(stillThereDialog()).toBeInTheDocument();
    expect(activate).not.toHaveBeenCalled();
    await advance(STILL_THERE);
    await vi.waitFor(() => expect(activate).toHaveBeenCalled());
    await vi.waitFor(() => expect(saved).toBe(1));
  });
});

describe('keeping the screen awake', () => {
  const WAKE_LOCK_OFF = 'This browser may let the screen go dark. Keep the tablet plugged in.';

  /** The browser's Wake Lock API, as the kiosk uses it. */
  function stubWakeLock(request: () => Promise<WakeLockSentinel>) {
    const wakeLock = { request: vi.fn(request) };
    Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: wakeLock });
    return wakeLock;
  }

  function sentinel() {
    const lock = new EventTarget() as EventTarget & {
      released: boolean;
      release: () => Promise<void>;
    };
    lock.released = false;
    lock.release = vi.fn(() => {
      lock.released = true;
      lock.dispatchEvent(new Event('release'));
      return Promise.resolve();
    });
    return lock as unknown as WakeLockSentinel;
  }

  async function staffScreen(user: User) {
    await user.click(button('Staff'));
    await vi.waitFor(() => screen.getByLabelText('PIN'));
    await user.type(screen.getByLabelText('PIN'), KIOSK_PIN);
    await user.click(button('Unlock'));
    await vi.waitFor(() => screen.getByRole('heading', { name: 'Kiosk: Ward 3' }));
  }

  afterEach(() => {
    Reflect.deleteProperty(navigator, 'wakeLock');
  });

  it('asks for the screen to stay on, says nothing to staff when it does, and lets go on leaving', async () => {
    const lock = sentinel();
    const wakeLock = stubWakeLock(() => Promise.resolve(lock));
    const { user, view } = await setup();
    await vi.waitFor(() => expect(wakeLock.request).toHaveBeenCalledWith('screen'));
    await staffScreen(user);
    expect(screen.queryByText(WAKE_LOCK_OFF)).not.toBeInTheDocument();
    view.unmount();
    expect(lock.release).toHaveBeenCalled();
  });

  it.each([
    ['the browser has no wake lock', undefined],
    ['the browser refuses it', () => Promise.reject(new DOMException('Denied', 'NotAllowedError'))],
  ] as const)('tells staff (and only staff) when %s', async (_, request) => {
    if (request) stubWakeLock(request);
    const { user } = await setup();
    await advance(1);
    // Not for respondents: the welcome screen says nothing about it.
    expect(screen.queryByText(WAKE_LOCK_OFF)).not.toBeInTheDocument();
    await staffScreen(user);
    expect(screen.getByText(WAKE_LOCK_OFF)).toBeInTheDocument();
  });

  it('tells staff when the lock is lost while the kiosk is in view', async () => {
    const lock = sentinel();
    stubWakeLock(() => Promise.resolve(lock));
    const { user } = await setup();
    await staffScreen(user);
    expect(screen.queryByText(WAKE_LOCK_OFF)).not.toBeInTheDocument();
    await lock.release();
    await vi.waitFor(() => expect(screen.getByText(WAKE_LOCK_OFF)).toBeInTheDocument());
  });
});

describe('staff', () => {
  const pinBox = () => screen.getByLabelText('PIN');

  async function enterPin(user: User, pin: string) {
    await user.type(pinBox(), pin);
    await user.click(button('Unlock'));
  }

  it('opens the PIN screen from the welcome screen, and goes back without a PIN', async () => {
    const { user } = await setup();
    await user.click(button('Staff'));
    await vi.waitFor(() => screen.getByRole('heading', { name: 'Staff only' }));
    expect(pinBox()).toBeEnabled();
    await user.click(button('Back to the survey'));
    expect(welcomeHeading()).toBeInTheDocument();
  });

  it('says how many tries are left, then locks for a minute after five wrong PINs', async () => {
    const { user, settings } = await setup();
    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());

    for (const left of [4, 3, 2]) {
      await enterPin(user, '0000');
      await vi.waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(
          `That PIN is wrong. ${left} more tries before a one-minute lock.`,
        ),
      );
      expect(pinBox()).toHaveValue('');
    }
    await enterPin(user, '0000');
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'That PIN is wrong. 1 more try before a one-minute lock.',
      ),
    );
    await enterPin(user, '0000');
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Too many wrong PINs. Try again in 60 seconds.',
      ),
    );
    expect(pinBox()).toBeDisabled();
    expect(button('Unlock')).toBeDisabled();
    expect(await settings.get(PIN_LOCK_KEY)).toMatchObject({ failures: 5 });

    await advance(59);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Too many wrong PINs. Try again in 1 second.',
    );
    // Going away and coming back does not lift the lock.
    await user.click(button('Back to the survey'));
    await user.click(button('Staff'));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(/Too many wrong PINs/),
    );
    expect(pinBox()).toBeDisabled();

    await advance(1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(pinBox()).toBeEnabled();
    await enterPin(user, KIOSK_PIN);
    await vi.waitFor(() => screen.getByRole('heading', { name: 'Kiosk: Ward 3' }));
  });

  it('forgets a PIN typed but not used, so the next person cannot unlock with it', async () => {
    const { user } = await setup();
    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
    await user.type(pinBox(), KIOSK_PIN);
    await user.click(button('Back to the survey'));

    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
    expect(pinBox()).toHaveValue('');
    await user.click(button('Unlock'));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(/That PIN is wrong/),
    );
    expect(screen.queryByRole('heading', { name: 'Kiosk: Ward 3' })).not.toBeInTheDocument();
  });

  it('keeps the lock through a reload', async () => {
    const device = freshDevice();
    const config = await makeKioskConfig({ idleSeconds: IDLE });
    const first = await setup({ device, config });
    await first.user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
    for (const left of [4, 3, 2, 1]) {
      await enterPin(first.user, '1111');
      await vi.waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(new RegExp(`${left} more`)),
      );
    }
    await enterPin(first.user, '1111');
    await vi.waitFor(() => expect(pinBox()).toBeDisabled());
    first.view.unmount();

    await advance(20);
    const second = await setup({ device, config });
    await second.user.click(button('Staff'));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Too many wrong PINs. Try again in 40 seconds.',
      ),
    );
    expect(pinBox()).toBeDisabled();
  });

  it('shows how many responses wait, and leaves kiosk mode with the right PIN', async () => {
    const { user, surveys, settings, onleave } = await setup();
    for (const choice of ['good', 'poor', 'dont-know'])
      await surveys.saveResponse({
        surveyId: 'fft',
        surveyVersion: 1,
        language: 'en',
        presentation: 'standard',
        kiosk: true,
        location: 'Ward 3',
        status: 'complete',
        answers: [{ questionId: 'fft', choice }],
      });
    await answerAll(user);
    await user.click(button('Done'));

    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
    await enterPin(user, KIOSK_PIN);
    await vi.waitFor(() => screen.getByRole('heading', { name: 'Kiosk: Ward 3' }));
    await vi.waitFor(() =>
      expect(screen.getByText('4 responses waiting to be sent.')).toBeInTheDocument(),
    );

    await user.click(button('Leave kiosk mode'));
    await vi.waitFor(() => expect(onleave).toHaveBeenCalledOnce());
    expect(await settings.get(KIOSK_KEY)).toBeUndefined();
    expect(await settings.get(PIN_LOCK_KEY)).toBeUndefined();
  });

  async function toStaffScreen(user: User) {
    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
    await enterPin(user, KIOSK_PIN);
    await vi.waitFor(() => screen.getByRole('heading', { name: 'Kiosk: Ward 3' }));
  }

  async function seedResponses(surveys: Device['surveys'], n: number) {
    for (let i = 0; i < n; i++)
      await surveys.saveResponse({
        surveyId: 'fft',
        surveyVersion: 1,
        language: 'en',
        presentation: 'standard',
        kiosk: true,
        location: 'Ward 3',
        status: 'complete',
        answers: [{ questionId: 'fft', choice: 'good' }],
      });
  }

  it('sends what is waiting with Send now', async () => {
    const device = freshDevice();
    const sync = syncFor(device, { enrolled: true });
    await seedResponses(device.surveys, 2);
    const { user, db } = await setup({ device, sync });
    await toStaffScreen(user);
    await vi.waitFor(() => screen.getByText('2 responses waiting to be sent.'));

    await user.click(button('Send now'));
    await vi.waitFor(() => screen.getByText('Sent.'));
    await vi.waitFor(() => screen.getByText('Every response has been sent.'));
    expect(await db.queue.count()).toBe(0);
  });

  it.each([
    [
      'not enrolled',
      { enrolled: false },
      'This tablet is not set up to send yet. Enrol it on the sync screen after leaving kiosk mode.',
    ],
    [
      'offline',
      { enrolled: true, online: false },
      'No connection. Responses are kept safely on this tablet until there is one.',
    ],
    [
      'refused by the server',
      {
        enrolled: true,
        push: () => Promise.reject(new SyncFailure('refused', 'device_revoked', 'Device revoked')),
      },
      'Sending did not finish: Device revoked',
    ],
  ] as const)(
    'says why nothing was sent when %s, and keeps the responses',
    async (_, options, message) => {
      const device = freshDevice();
      const sync = syncFor(device, options);
      await seedResponses(device.surveys, 1);
      const { user, db } = await setup({ device, sync });
      await toStaffScreen(user);
      await user.click(button('Send now'));
      await vi.waitFor(() => screen.getByText(message));
      expect(screen.getByText('1 response waiting to be sent.')).toBeInTheDocument();
      expect(await db.queue.count()).toBe(1);
      expect(button('Send now')).toBeEnabled();
    },
  );

  describe('says when the tablet last sent', () => {
    /** 11:22pm on 6 December 2026 by the tablet's own clock, whatever its time zone. */
    const SENT_AT = new Date(2026, 11, 6, 23, 22);
    beforeEach(() => {
      vi.setSystemTime(SENT_AT);
    });

    it('nothing before the first send, then the time of it, kept through a reload', async () => {
      const device = freshDevice();
      await seedResponses(device.surveys, 1);
      const first = await setup({ device, sync: syncFor(device, { enrolled: true }) });
      await toStaffScreen(first.user);
      await vi.waitFor(() => screen.getByText('Nothing has been sent from this tablet yet.'));

      await first.user.click(button('Send now'));
      await vi.waitFor(() => screen.getByText('Last sent: 6 December 2026 at 11:22pm.'));
      expect(screen.queryByText(/Nothing has been sent/)).not.toBeInTheDocument();
      first.view.unmount();

      // Reloaded the next morning, offline: the time comes from the tablet, not from memory.
      vi.setSystemTime(new Date(2026, 11, 7, 9, 5));
      const reloaded = reopenDevice(device);
      const second = await setup({
        device: reloaded,
        sync: syncFor(reloaded, { enrolled: true, online: false }),
      });
      await toStaffScreen(second.user);
      await vi.waitFor(() => screen.getByText('Last sent: 6 December 2026 at 11:22pm.'));
      await second.user.click(button('Send now'));
      await vi.waitFor(() =>
        screen.getByText(
          'No connection. Responses are kept safely on this tablet until there is one.',
        ),
      );
      expect(screen.getByText('Last sent: 6 December 2026 at 11:22pm.')).toBeInTheDocument();
    });

    it('does not claim nothing was sent by a tablet that sent a sign-up before it kept the time', async () => {
      const device = freshDevice();
      await device.signups.save(signUpInput());
      const old = await syncFor(device, { enrolled: true });
      await old.engine.flush();
      old.engine.stop();
      // A version of Involve that kept no time of its sends.
      await settingsSyncTimes(device.settings).write({});

      const { user } = await setup({
        device,
        signups: true,
        sync: syncFor(device, { enrolled: true, online: false }),
      });
      await toStaffScreen(user);
      await vi.waitFor(() =>
        screen.getByText('This tablet has sent before. The time of the next send will show here.'),
      );
      expect(screen.queryByText(/Nothing has been sent/)).not.toBeInTheDocument();
    });
  });

  it('goes back to the welcome screen, and closes itself when left alone', async () => {
    const { user } = await setup();
    await toStaffScreen(user);
    await user.click(button('Back to the welcome screen'));
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());

    await toStaffScreen(user);
    await advance(IDLE);
    expect(stillThereDialog()).toBeInTheDocument();
    await advance(STILL_THERE);
    await vi.waitFor(() => expect(welcomeHeading()).toBeInTheDocument());
    expect(screen.queryByRole('heading', { name: 'Kiosk: Ward 3' })).not.toBeInTheDocument();
    // Back in only with the PIN.
    await user.click(button('Staff'));
    await vi.waitFor(() => pinBox());
  });
});
