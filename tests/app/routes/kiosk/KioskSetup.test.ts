import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import KioskSetup from '../../../../src/app/routes/kiosk/KioskSetup.svelte';
import {
  KIOSK_KEY,
  PIN_LOCK_KEY,
  pinMatches,
  type KioskConfig,
} from '../../../../src/app/routes/kiosk/kiosk-config';
import { BUILT_IN_SURVEYS } from '../../../../src/shared/survey/builtin';
import { wordsFor } from '../../../../src/shared/survey/survey-logic';
import { freshDevice } from '../../workshop-test-kit';

const MESSAGES = {
  locationRequired: 'Enter the ward or service name.',
  locationTooLong: 'Use 100 characters or fewer.',
  idleInvalid: 'Enter a number of seconds between 30 and 900.',
  pinInvalid: 'The PIN must be 4 to 8 digits.',
  pinMismatch: 'The two PINs are different. Type the same PIN twice.',
};

function setup(props: { surveyId?: string } = {}) {
  const { settings, surveys, db } = freshDevice();
  const onstarted = vi.fn<(config: KioskConfig) => void>();
  const user = userEvent.setup();
  render(KioskSetup, { settings, surveys, onstarted, ...props });
  return { settings, surveys, db, onstarted, user };
}

type User = ReturnType<typeof userEvent.setup>;

const fields = {
  survey: () => screen.getByRole('combobox', { name: 'Survey' }),
  location: () => screen.getByRole('textbox', { name: 'Ward or service name' }),
  idle: () =>
    screen.getByRole('textbox', {
      name: 'Start again after this many seconds without a touch',
    }),
  pin: () => screen.getByLabelText('Staff PIN (4 to 8 digits)'),
  pinAgain: () => screen.getByLabelText('Type the PIN again'),
  standard: () => screen.getByRole('radio', { name: 'Standard' }),
  easyRead: () => screen.getByRole('radio', { name: /^Easy read/ }),
};
const startButton = () => screen.getByRole('button', { name: 'Start kiosk mode' });

async function fill(
  user: User,
  values: { location?: string; idle?: string; pin?: string; pinAgain?: string },
) {
  for (const [key, value] of Object.entries(values) as [keyof typeof values, string][]) {
    const input = fields[key]();
    await user.clear(input);
    // Pasted, so a long name does not cost a keystroke per character.
    if (value !== '') {
      await user.click(input);
      await user.paste(value);
    }
  }
}

const valid = { location: 'Ward 3', idle: '120', pin: '482913', pinAgain: '482913' };

/** The error messages on screen, in order. */
const shownErrors = () =>
  Array.from(document.querySelectorAll('.error')).map((e) => e.textContent.trim());

describe('validation', () => {
  it('shows no message before the first try to start', () => {
    setup();
    expect(shownErrors()).toEqual([]);
    expect(fields.location()).toHaveAttribute('aria-invalid', 'false');
  });

  it('asks for the ward name, the PIN and the same PIN twice, and starts nothing', async () => {
    const { user, settings, onstarted } = setup();
    await user.click(startButton());
    expect(shownErrors()).toEqual([MESSAGES.locationRequired, MESSAGES.pinInvalid]);
    expect(fields.location()).toHaveAttribute('aria-invalid', 'true');
    expect(fields.location()).toHaveAccessibleDescription(
      expect.stringContaining(MESSAGES.locationRequired),
    );
    expect(fields.location()).toHaveFocus();
    expect(onstarted).not.toHaveBeenCalled();
    expect(await settings.get(KIOSK_KEY)).toBeUndefined();
  });

  it.each([
    ['only spaces', '    ', MESSAGES.locationRequired],
    ['101 characters', 'W'.repeat(101), MESSAGES.locationTooLong],
  ])('refuses a ward name of %s', async (_, location, message) => {
    const { user, onstarted } = setup();
    await fill(user, { ...valid, location });
    await user.click(startButton());
    expect(shownErrors()).toEqual([message]);
    expect(fields.location()).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(fields.location()).toHaveFocus();
    expect(onstarted).not.toHaveBeenCalled();
  });

  it.each(['abc', '', '29', '901', '60.5', '-60', '1e2'])('refuses "%s" seconds', async (idle) => {
    const { user, onstarted } = setup();
    await fill(user, { ...valid, idle });
    await user.click(startButton());
    expect(shownErrors()).toEqual([MESSAGES.idleInvalid]);
    expect(fields.idle()).toHaveAttribute('aria-invalid', 'true');
    expect(fields.idle()).toHaveAccessibleDescription(
      expect.stringContaining(MESSAGES.idleInvalid),
    );
    expect(fields.idle()).toHaveFocus();
    expect(onstarted).not.toHaveBeenCalled();
  });

  it.each(['123', '123456789', '12a4', '12 34', ''])('refuses the PIN "%s"', async (pin) => {
    const { user, onstarted } = setup();
    await fill(user, { ...valid, pin, pinAgain: pin });
    await user.click(startButton());
    expect(shownErrors()).toEqual([MESSAGES.pinInvalid]);
    expect(fields.pin()).toHaveAttribute('aria-invalid', 'true');
    expect(fields.pin()).toHaveAccessibleDescription(expect.stringContaining(MESSAGES.pinInvalid));
    expect(fields.pin()).toHaveFocus();
    expect(onstarted).not.toHaveBeenCalled();
  });

  it('refuses two different PINs', async () => {
    const { user, onstarted } = setup();
    await fill(user, { ...valid, pinAgain: '482914' });
    await user.click(startButton());
    expect(shownErrors()).toEqual([MESSAGES.pinMismatch]);
    expect(fields.pinAgain()).toHaveAttribute('aria-invalid', 'true');
    expect(fields.pinAgain()).toHaveAccessibleDescription(MESSAGES.pinMismatch);
    expect(fields.pinAgain()).toHaveFocus();
    expect(onstarted).not.toHaveBeenCalled();
  });

  it('shows every message at once and loses nothing typed', async () => {
    const { user } = setup();
    await user.selectOptions(fields.survey(), 'ward-feedback');
    await user.click(fields.easyRead());
    await fill(user, { location: 'W'.repeat(101), idle: '10', pin: '12', pinAgain: '34' });
    await user.click(startButton());
    expect(shownErrors()).toEqual([
      MESSAGES.locationTooLong,
      MESSAGES.idleInvalid,
      MESSAGES.pinInvalid,
    ]);
    expect(fields.survey()).toHaveValue('ward-feedback');
    expect(fields.easyRead()).toBeChecked();
    expect(fields.location()).toHaveValue('W'.repeat(101));
    expect(fields.idle()).toHaveValue('10');
    expect(fields.pin()).toHaveValue('12');
    expect(fields.pinAgain()).toHaveValue('34');

    // Putting one right takes its message away; the others stay until they are right too.
    await user.clear(fields.location());
    await user.type(fields.location(), 'Ward 3');
    expect(shownErrors()).toEqual([MESSAGES.idleInvalid, MESSAGES.pinInvalid]);
    await fill(user, { pin: '4829', idle: '30' });
    expect(shownErrors()).toEqual([MESSAGES.pinMismatch]);
    expect(fields.pinAgain()).toHaveValue('34');
  });

  it.each(['30', '900'])(
    'takes a ward name of exactly 100 characters, and %s seconds',
    async (idle) => {
      const { user, onstarted } = setup();
      await fill(user, { ...valid, location: 'W'.repeat(100), idle });
      await user.click(startButton());
      await vi.waitFor(() => expect(onstarted).toHaveBeenCalledOnce());
      expect(onstarted.mock.calls[0]![0]).toMatchObject({
        location: 'W'.repeat(100),
        idleSeconds: Number(idle),
      });
    },
  );
});

describe('idle time', () => {
  it('follows the presentation (90 standard, 180 easy read) until staff type one', async () => {
    const { user } = setup();
    expect(fields.standard()).toBeChecked();
    expect(fields.idle()).toHaveValue('90');
    await user.click(fields.easyRead());
    expect(fields.idle()).toHaveValue('180');
    await user.click(fields.standard());
    expect(fields.idle()).toHaveValue('90');

    await fill(user, { idle: '75' });
    await user.click(fields.easyRead());
    expect(fields.idle()).toHaveValue('75');
    await user.click(fields.standard());
    expect(fields.idle()).toHaveValue('75');
  });

  it('starts an easy-read survey in easy read with 180 seconds', async () => {
    const { user } = setup();
    await user.selectOptions(fields.survey(), 'tell-us-what-you-think');
    expect(fields.easyRead()).toBeChecked();
    expect(fields.idle()).toHaveValue('180');
    await user.selectOptions(fields.survey(), 'fft');
    expect(fields.standard()).toBeChecked();
    expect(fields.idle()).toHaveValue('90');
  });

  it('opens on the survey asked for', () => {
    setup({ surveyId: 'tell-us-what-you-think' });
    expect(fields.survey()).toHaveValue('tell-us-what-you-think');
    expect(fields.easyRead()).toBeChecked();
    expect(fields.idle()).toHaveValue('180');
  });
});

describe('starting', () => {
  it('keeps the set-up with only a salted hash of the PIN, clears an old lock, and starts', async () => {
    const { user, settings, onstarted } = setup();
    await settings.set(PIN_LOCK_KEY, { failures: 5, lockedUntil: Date.now() + 60_000 });
    await user.selectOptions(fields.survey(), 'ward-feedback');
    await user.click(fields.easyRead());
    await fill(user, { ...valid, location: '  Ward 3 (Maple)  ' });
    await user.click(startButton());
    await vi.waitFor(() => expect(onstarted).toHaveBeenCalledOnce());

    const stored = await settings.get<KioskConfig>(KIOSK_KEY);
    expect(stored).toEqual(onstarted.mock.calls[0]![0]);
    const { pin, startedAt, ...rest } = stored!;
    expect(rest).toEqual({
      surveyId: 'ward-feedback',
      surveyVersion: 1,
      location: 'Ward 3 (Maple)',
      presentation: 'easy-read',
      idleSeconds: 120,
    });
    expect(startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Object.keys(pin).sort()).toEqual(['hash', 'iterations', 'salt']);
    expect(JSON.stringify(stored)).not.toContain(valid.pin);
    expect(pin.iterations).toBeGreaterThanOrEqual(100_000);
    expect(await pinMatches(valid.pin, pin)).toBe(true);
    expect(await pinMatches('482914', pin)).toBe(false);
    expect(await settings.get(PIN_LOCK_KEY)).toBeUndefined();
    // The PIN does not stay in the form either.
    expect(fields.pin()).toHaveValue('');
    expect(fields.pinAgain()).toHaveValue('');
  });

  it('says so, keeps what was typed and can try again when settings cannot be saved', async () => {
    const { user, settings, onstarted } = setup();
    const set = vi.spyOn(settings, 'set').mockRejectedValueOnce(new Error('disk full'));
    await fill(user, valid);
    await user.click(startButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Kiosk mode could not start: the tablet could not save its settings. Try again.',
    );
    expect(onstarted).not.toHaveBeenCalled();
    expect(fields.location()).toHaveValue('Ward 3');
    expect(fields.pin()).toHaveValue(valid.pin);
    expect(startButton()).toBeEnabled();

    await user.click(startButton());
    await vi.waitFor(() => expect(onstarted).toHaveBeenCalledOnce());
    expect(set).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('when the tablet’s surveys change while staff fill the form in', () => {
  it('keeps the presentation staff chose', async () => {
    const { user, db } = setup();
    const [builtIn] = BUILT_IN_SURVEYS;
    const title = wordsFor(builtIn!.title, 'en', 'standard');
    expect(builtIn!.easyRead).not.toBe(true);
    await user.click(fields.easyRead());
    await fill(user, { location: 'Ward 3' });
    // A pull stores a survey: the list is read again and every survey is a fresh copy.
    await db.publishedSurveys.put({ ...builtIn!, id: 'pulled-survey', version: 1 });
    await vi.waitFor(() => expect(screen.getAllByRole('option', { name: title })).toHaveLength(2));
    expect(fields.easyRead()).toBeChecked();
    expect(fields.location()).toHaveValue('Ward 3');
  });
});
