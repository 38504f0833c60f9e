import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../../../src/app/i18n/i18n.svelte';
import SignUpScreen from '../../../../src/app/routes/signup/SignUpScreen.svelte';
import {
  SIGNUP_STRINGS_EN as EN,
  signUpStrings,
} from '../../../../src/app/routes/signup/signup.i18n';
import { SURVEY_STRINGS_EN } from '../../../../src/app/routes/survey/survey.i18n';
import { DEFAULT_THEMES } from '../../../../src/shared/themes';
import { eventInput, freshDevice } from '../../workshop-test-kit';

afterEach(() => {
  locale.language = 'en';
});

function open(eventId?: string) {
  const device = freshDevice();
  const user = userEvent.setup();
  const view = render(SignUpScreen, {
    props: { signups: device.signups, store: device.store, settings: device.settings, eventId },
  });
  return { ...device, user, view };
}

/** Through the first two parts to the interests, in English. */
async function toInterests(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: SURVEY_STRINGS_EN.start }));
  await user.type(screen.getByLabelText(EN.name), 'Amira');
  await user.click(screen.getByRole('radio', { name: EN['role.carer'] }));
  await user.click(screen.getByRole('button', { name: EN.next }));
  await user.click(screen.getByRole('radio', { name: EN['contact.email'] }));
  await user.type(screen.getByLabelText(EN.email), 'amira@example.org');
  await user.click(screen.getByRole('button', { name: EN.next }));
}

describe('the get-involved screen', () => {
  it('says "No thanks" in the chosen language, marked as that language', async () => {
    const { user } = open();
    await user.click(screen.getByRole('button', { name: 'Cymraeg' }));
    const noThanks = screen.getByRole('link', { name: signUpStrings.t('cancel') });
    expect(noThanks).toHaveTextContent('Dim diolch');
    expect(noThanks.closest('[lang]')).toHaveAttribute('lang', 'cy');
    expect(noThanks).not.toHaveAttribute('lang');
  });

  it('offers high contrast, as the survey does, and keeps it on the form', async () => {
    const { user, view } = open();
    await user.click(screen.getByRole('checkbox', { name: SURVEY_STRINGS_EN.highContrast }));
    expect(view.container.querySelector('.survey.high-contrast')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: SURVEY_STRINGS_EN.start }));
    expect(screen.getByRole('heading', { name: EN.aboutHeading })).toBeVisible();
    expect(view.container.querySelector('.survey.signup.high-contrast')).not.toBeNull();
  });

  it('offers the default themes as interests with no event', async () => {
    const { user } = open();
    await toInterests(user);
    for (const theme of DEFAULT_THEMES)
      expect(screen.getByRole('checkbox', { name: theme.name })).toBeVisible();
  });

  it('offers the event’s own themes for an event', async () => {
    const device = freshDevice();
    const event = await device.store.createEvent(
      eventInput({ themes: [{ id: 'being-heard', name: 'Being heard' }] }),
    );
    const user = userEvent.setup();
    render(SignUpScreen, {
      props: { signups: device.signups, store: device.store, eventId: event.id },
    });
    await toInterests(user);
    expect(await screen.findByRole('checkbox', { name: 'Being heard' })).toBeVisible();
    expect(screen.queryByRole('checkbox', { name: 'Training' })).toBeNull();
  });
});
