import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import SignUpForm from '../../../../src/app/routes/signup/SignUpForm.svelte';
import type { SignUpInput } from '../../../../src/app/routes/signup/signup-form';
import { SIGNUP_STRINGS_EN as EN } from '../../../../src/app/routes/signup/signup.i18n';
import type { SettingsPort } from '../../../../src/app/storage/settings';
import { settingsEnrolment } from '../../../../src/app/sync/enrolment';
import {
  CONSENT_TEXTS,
  CONSENT_VERSION,
  consentNotice,
} from '../../../../src/shared/signup/consent';
import { SIGN_UP_LIMITS } from '../../../../src/shared/signup/signup-rules';
import type { LanguageCode } from '../../../../src/shared/survey/languages';
import type { Presentation } from '../../../../src/shared/survey/survey-rules';
import { DEFAULT_THEMES } from '../../../../src/shared/themes';
import { freshDevice } from '../../workshop-test-kit';

const NOW = new Date('2026-11-21T15:42:10.000Z');
/** All the time a sign-up keeps of NOW: its day. */
const DAY = '2026-11-21T00:00:00.000Z';
type User = ReturnType<typeof userEvent.setup>;

function setup(
  options: {
    save?: (input: SignUpInput) => Promise<unknown>;
    presentation?: Presentation;
    language?: LanguageCode;
    /** The event's themes; `null` for no event. */
    topics?: string[] | null;
    settings?: SettingsPort;
  } = {},
) {
  const saved: SignUpInput[] = [];
  const save = vi.fn(
    options.save ??
      ((input: SignUpInput) => {
        saved.push(input);
        return Promise.resolve(input);
      }),
  );
  const onfinish = vi.fn();
  const user = userEvent.setup();
  // `props:` because `context` is also one of Svelte's own mount options.
  const view = render(SignUpForm, {
    props: {
      store: { save },
      context: { kiosk: true, location: 'Ward 7' },
      language: options.language ?? 'en',
      presentation: options.presentation ?? 'standard',
      topics:
        options.topics === null
          ? undefined
          : (options.topics ?? ['Being heard', 'Getting support']),
      settings: options.settings,
      onfinish,
      now: () => NOW,
    },
  });
  return { user, save, saved, onfinish, view };
}

const next = (user: User) => user.click(screen.getByRole('button', { name: EN.next }));
const choose = (user: User, name: string) => user.click(screen.getByRole('radio', { name }));
const tick = (user: User, name: string) => user.click(screen.getByRole('checkbox', { name }));
const field = (label: string) => screen.getByLabelText(label);

/** Fills every part correctly, by post, stopping on the consent part. */
async function fillToConsent(user: User) {
  await user.type(field(EN.name), '  Amira Khan ');
  await choose(user, EN['role.carer']);
  await next(user);
  await choose(user, EN['contact.post']);
  await user.type(field(EN.address), '1 High Street, Leeds');
  await user.type(field(EN.postcode), 'ls1 4ap');
  await user.type(field(EN.phone), '07700 900123');
  await next(user);
  await tick(user, 'Being heard');
  await tick(user, EN['way.training-staff']);
  await next(user);
  await tick(user, EN['support.interpreter']);
  await user.type(field(EN.interpreterLanguage), 'Sylheti');
  await next(user);
  await choose(user, EN['payment.expenses-only']);
  await choose(user, EN['hear.post']);
  await next(user);
}

describe('the get-involved form', () => {
  it('says what is missing on each part, kindly, and does not move on', async () => {
    const { user } = setup();
    await next(user);
    expect(screen.getByRole('alert')).toHaveTextContent(EN.fixProblems);
    expect(screen.getByText(EN.nameMissing)).toBeVisible();
    expect(screen.getByText(EN.roleMissing)).toBeVisible();
    expect(field(EN.name)).toHaveAttribute('aria-invalid', 'true');
    expect(field(EN.name)).toHaveFocus();
    expect(screen.getByText('Part 1 of 6')).toBeVisible();

    // The box takes no more than the record holds…
    expect(field(EN.name)).toHaveAttribute('maxlength', String(SIGN_UP_LIMITS.name));
    await user.type(field(EN.name), 'x'.repeat(SIGN_UP_LIMITS.name + 1));
    expect(field(EN.name)).toHaveValue('x'.repeat(SIGN_UP_LIMITS.name));
    // …and a longer name put there some other way (a keyboard's autofill) is named kindly.
    await fireEvent.input(field(EN.name), {
      target: { value: 'x'.repeat(SIGN_UP_LIMITS.name + 1) },
    });
    expect(
      screen.getByText(EN.nameTooLong.replace('{max}', String(SIGN_UP_LIMITS.name))),
    ).toBeVisible();
    expect(field(EN.name)).toHaveValue('x'.repeat(SIGN_UP_LIMITS.name + 1));
  });

  it('names each over-long answer with its limit, keeping every word of it', async () => {
    const { user } = setup();
    await user.type(field(EN.name), 'Amira');
    await choose(user, EN['role.public']);
    await next(user);
    await choose(user, EN['contact.post']);
    const address = `${'1 High Street, Leeds. '.repeat(23)}Flat ${'9'.repeat(10)}`;
    expect(address.length).toBeGreaterThan(SIGN_UP_LIMITS.address);
    // A long address is not cut off as it is pasted: it gets a message instead.
    expect(field(EN.address)).not.toHaveAttribute('maxlength');
    await user.click(field(EN.address));
    await user.paste(address);
    await user.type(field(EN.postcode), 'LS1 4AP');
    await next(user);
    expect(
      screen.getByText(EN.addressTooLong.replace('{max}', String(SIGN_UP_LIMITS.address))),
    ).toBeVisible();
    expect(field(EN.address)).toHaveAttribute('aria-invalid', 'true');
    expect(field(EN.address)).toHaveValue(address);
    await user.clear(field(EN.address));
    await user.type(field(EN.address), '1 High Street, Leeds');
    await next(user);
    await next(user);

    await tick(user, EN['support.interpreter']);
    await tick(user, EN['support.other']);
    expect(field(EN.interpreterLanguage)).toHaveAttribute(
      'maxlength',
      String(SIGN_UP_LIMITS.language),
    );
    expect(field(EN.supportOther)).not.toHaveAttribute('maxlength');
    const language = 'Sylheti '.repeat(13);
    await fireEvent.input(field(EN.interpreterLanguage), { target: { value: language } });
    const other = 'A quiet room with a break every half hour, please. '.repeat(10);
    await user.click(field(EN.supportOther));
    await user.paste(other);
    await next(user);
    expect(
      screen.getByText(
        EN.interpreterLanguageTooLong.replace('{max}', String(SIGN_UP_LIMITS.language)),
      ),
    ).toBeVisible();
    expect(
      screen.getByText(EN.supportOtherTooLong.replace('{max}', String(SIGN_UP_LIMITS.other))),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: EN.supportHeading })).toBeVisible();
    expect(field(EN.interpreterLanguage)).toHaveValue(language);
    expect(field(EN.supportOther)).toHaveValue(other);
  });

  it('asks "How should we contact you?" once on the contact part, naming the choices by it', async () => {
    const { user } = setup();
    await user.type(field(EN.name), 'Amira');
    await choose(user, EN['role.public']);
    await next(user);
    expect(screen.getAllByText(EN.contactHeading)).toHaveLength(1);
    expect(screen.getByRole('radiogroup', { name: EN.contactHeading })).toBeVisible();
  });

  it('needs the contact detail for the chosen way, and checks every detail given', async () => {
    const { user } = setup();
    await user.type(field(EN.name), 'Amira');
    await choose(user, EN['role.public']);
    await next(user);
    await next(user);
    expect(screen.getByText(EN.preferredMissing)).toBeVisible();

    await choose(user, EN['contact.email']);
    expect(screen.getByText(EN.emailMissing)).toBeVisible();
    await user.type(field(EN.email), 'amira@');
    expect(screen.getByText(EN.emailInvalid)).toBeVisible();
    await user.type(field(EN.email), 'example.org');
    expect(screen.queryByText(EN.emailInvalid)).toBeNull();

    await user.type(field(EN.phone), '12345');
    expect(screen.getByText(EN.phoneInvalid)).toBeVisible();
    await user.clear(field(EN.phone));
    await choose(user, EN['contact.phone']);
    expect(screen.getByText(EN.phoneMissing)).toBeVisible();
    await user.type(field(EN.phone), '0113 496 0000');
    expect(screen.queryByText(EN.phoneMissing)).toBeNull();
    await choose(user, EN['contact.text']);
    expect(screen.getByText(EN.mobileInvalid)).toBeVisible();

    await choose(user, EN['contact.post']);
    expect(screen.getByText(EN.addressMissing)).toBeVisible();
    expect(screen.getByText(EN.postcodeMissing)).toBeVisible();
    await user.type(field(EN.postcode), 'NOT A CODE');
    expect(screen.getByText(EN.postcodeInvalid)).toBeVisible();
    // Everything typed is still there after all those messages.
    expect(field(EN.email)).toHaveValue('amira@example.org');
    expect(field(EN.phone)).toHaveValue('0113 496 0000');
    expect(field(EN.postcode)).toHaveValue('NOT A CODE');
  });

  it('asks which language for an interpreter, and what else helps for "something else"', async () => {
    const { user } = setup();
    await user.type(field(EN.name), 'Amira');
    await choose(user, EN['role.service-user']);
    await next(user);
    await choose(user, EN['contact.email']);
    await user.type(field(EN.email), 'amira@example.org');
    await next(user);
    await next(user);
    await tick(user, EN['support.interpreter']);
    await tick(user, EN['support.other']);
    await next(user);
    expect(screen.getByText(EN.interpreterLanguageMissing)).toBeVisible();
    expect(screen.getByText(EN.supportOtherMissing)).toBeVisible();
    await tick(user, EN['support.other']);
    expect(screen.queryByLabelText(EN.supportOther)).toBeNull();
  });

  it('asks for payment and hearing back, then needs consent and who filled it in', async () => {
    const { user, save } = setup();
    await fillToConsent(user);
    await user.click(screen.getByRole('button', { name: EN.back }));
    await user.click(screen.getByRole('radio', { name: EN['payment.payment'] }));
    await next(user);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    expect(screen.getByText(EN.consentContactMissing)).toBeVisible();
    expect(screen.getByText(EN.whoMissing)).toBeVisible();
    expect(save).not.toHaveBeenCalled();
    // The notice says who holds the data, why, how long and how to withdraw.
    expect(screen.getByText(CONSENT_TEXTS[CONSENT_VERSION]!.en.notice.standard)).toBeVisible();
  });

  it('asks for a payment choice and how to hear back, keeping what was typed', async () => {
    const { user, save } = setup();
    await user.type(field(EN.name), 'Amira Khan');
    await choose(user, EN['role.carer']);
    await next(user);
    await choose(user, EN['contact.email']);
    await user.type(field(EN.email), 'amira@example.org');
    await next(user);
    await tick(user, EN['way.surveys']);
    await next(user);
    await tick(user, EN['support.interpreter']);
    await user.type(field(EN.interpreterLanguage), 'Sylheti');
    await next(user);
    await next(user);
    expect(screen.getByRole('alert')).toHaveTextContent(EN.fixProblems);
    expect(screen.getByText(EN.paymentMissing)).toBeVisible();
    expect(screen.getAllByText(EN.hearBackMissing)).toHaveLength(1);
    expect(screen.getByRole('heading', { name: EN.moneyHeading })).toBeVisible();
    // The first question with a problem has the focus.
    expect(screen.getByRole('radio', { name: EN['payment.expenses-only'] })).toHaveFocus();
    await choose(user, EN['payment.neither']);
    expect(screen.queryByText(EN.paymentMissing)).toBeNull();
    expect(screen.getByText(EN.hearBackMissing)).toBeVisible();
    expect(save).not.toHaveBeenCalled();
    // Nothing typed or chosen before is lost.
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.interpreterLanguage)).toHaveValue('Sylheti');
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(screen.getByRole('checkbox', { name: EN['way.surveys'] })).toBeChecked();
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.email)).toHaveValue('amira@example.org');
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.name)).toHaveValue('Amira Khan');
    expect(screen.getByRole('radio', { name: EN['role.carer'] })).toBeChecked();
  });

  it('says so when the tablet is full, and keeps everything', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const { user, save } = setup({ save: () => Promise.reject(quota) });
    await fillToConsent(user);
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.alone']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    expect(await screen.findByRole('alert')).toHaveTextContent(EN.storageFull);
    expect(save).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('heading', { name: EN.thanksHeading })).toBeNull();
    expect(
      screen.getByRole('checkbox', { name: CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard }),
    ).toBeChecked();
    expect(screen.getByRole('radio', { name: EN['who.alone'] })).toBeChecked();
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(screen.getByRole('radio', { name: EN['payment.expenses-only'] })).toBeChecked();
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.interpreterLanguage)).toHaveValue('Sylheti');
    await user.click(screen.getByRole('button', { name: EN.back }));
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.address)).toHaveValue('1 High Street, Leeds');
    expect(field(EN.postcode)).toHaveValue('ls1 4ap');
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.name)).toHaveValue('  Amira Khan ');
  });

  it('offers the default themes as interests when there is no event, in the person’s language', async () => {
    const { user, saved } = setup({ topics: null, language: 'cy' });
    const { signUpStrings } = await import('../../../../src/app/routes/signup/signup.i18n');
    const cy = (key: Parameters<typeof signUpStrings.t>[0]) => signUpStrings.t(key);
    await user.type(screen.getByLabelText(cy('name')), 'Amira');
    await choose(user, cy('role.carer'));
    await user.click(screen.getByRole('button', { name: cy('next') }));
    await choose(user, cy('contact.email'));
    await user.type(screen.getByLabelText(cy('email')), 'amira@example.org');
    await user.click(screen.getByRole('button', { name: cy('next') }));
    for (const theme of DEFAULT_THEMES)
      expect(screen.getByRole('checkbox', { name: cy(`theme.${theme.id}`) })).toBeVisible();
    expect(cy('theme.training')).toBe('Hyfforddiant');
    await tick(user, cy('theme.training'));
    await user.click(screen.getByRole('button', { name: cy('next') }));
    await user.click(screen.getByRole('button', { name: cy('next') }));
    await choose(user, cy('payment.neither'));
    await choose(user, cy('hear.no'));
    await user.click(screen.getByRole('button', { name: cy('next') }));
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.cy!.contact.standard);
    await choose(user, cy('who.alone'));
    await user.click(screen.getByRole('button', { name: cy('submit') }));
    await screen.findByRole('heading', { name: cy('thanksHeading') });
    // Saved by the theme's own name, as an event's themes are, whatever the language.
    expect(saved[0]?.interests).toEqual(['Training']);
  });

  it('offers the event’s themes, not the defaults, when there is an event', async () => {
    const { user } = setup({ topics: ['Being heard'] });
    await user.type(field(EN.name), 'Amira');
    await choose(user, EN['role.carer']);
    await next(user);
    await choose(user, EN['contact.email']);
    await user.type(field(EN.email), 'amira@example.org');
    await next(user);
    expect(screen.getByRole('checkbox', { name: 'Being heard' })).toBeVisible();
    expect(screen.queryByRole('checkbox', { name: EN['theme.training'] })).toBeNull();
  });

  it('names the organisation holding the details when the tablet knows it, and records it', async () => {
    const { settings } = freshDevice();
    await settingsEnrolment(settings).set({
      token: 'token',
      serverDeviceId: 'device-1',
      name: 'Ward 7 kiosk',
      organisationName: 'Leeds Community Healthcare',
      enrolledAt: DAY,
    });
    const { user, saved } = setup({ settings });
    await fillToConsent(user);
    const named = consentNotice(
      CONSENT_TEXTS[CONSENT_VERSION]!.en,
      'standard',
      'Leeds Community Healthcare',
    );
    expect(await screen.findByText(named)).toBeVisible();
    expect(screen.getByText(/Leeds Community Healthcare/)).toHaveTextContent(
      /^The involvement team at .Leeds Community Healthcare. holds your details\./,
    );
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.alone']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    await screen.findByRole('heading', { name: EN.thanksHeading });
    expect(saved[0]?.consent).toMatchObject({ organisation: 'Leeds Community Healthcare' });
  });

  it('keeps the generic notice on a tablet that is not enrolled, and records no organisation', async () => {
    const { settings } = freshDevice();
    const { user, saved } = setup({ settings });
    await fillToConsent(user);
    expect(screen.getByText(CONSENT_TEXTS[CONSENT_VERSION]!.en.notice.standard)).toBeVisible();
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.alone']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    await screen.findByRole('heading', { name: EN.thanksHeading });
    expect(saved[0]?.consent).not.toHaveProperty('organisation');
  });

  it('does not name “Involve”, the name a server starts with, as who holds the details', async () => {
    const { settings } = freshDevice();
    await settingsEnrolment(settings).set({
      token: 'token',
      serverDeviceId: 'device-1',
      name: 'Ward 7 kiosk',
      organisationName: 'Involve',
      enrolledAt: DAY,
    });
    const { user, saved } = setup({ settings });
    await fillToConsent(user);
    // The software's makers do not hold anyone's details: the generic wording says who does.
    expect(
      await screen.findByText(CONSENT_TEXTS[CONSENT_VERSION]!.en.notice.standard),
    ).toBeVisible();
    expect(screen.queryByText(/involvement team at/)).toBeNull();
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.alone']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    await screen.findByRole('heading', { name: EN.thanksHeading });
    expect(saved[0]?.consent).not.toHaveProperty('organisation');
  });

  it('keeps everything typed when going back and forward', async () => {
    const { user } = setup();
    await fillToConsent(user);
    for (let i = 0; i < 3; i++) await user.click(screen.getByRole('button', { name: EN.back }));
    expect(screen.getByRole('checkbox', { name: 'Being heard' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.address)).toHaveValue('1 High Street, Leeds');
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.name)).toHaveValue('  Amira Khan ');
  });

  it('saves the sign-up with the consent version, language, time and who filled it in', async () => {
    const { user, saved } = setup();
    await fillToConsent(user);
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.with-help']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    expect(await screen.findByRole('heading', { name: EN.thanksHeading })).toBeVisible();
    expect(saved).toEqual([
      expect.objectContaining({
        name: 'Amira Khan',
        address: '1 High Street, Leeds',
        postcode: 'LS1 4AP',
        phone: '07700 900123',
        email: undefined,
        preferredContact: 'post',
        role: 'carer',
        interests: ['Being heard'],
        waysToTakePart: ['training-staff'],
        support: ['interpreter'],
        interpreterLanguage: 'Sylheti',
        payment: 'expenses-only',
        hearBack: 'post',
        consent: {
          contact: true,
          news: false,
          version: CONSENT_VERSION,
          language: 'en',
          // The day, not the moment (the sign-up schema says why).
          givenAt: DAY,
          answeredBy: 'with-help',
        },
        kiosk: true,
        location: 'Ward 7',
      }),
    ]);
    // Nothing of the person is left in the page after saving.
    expect(document.body.textContent).not.toContain('Amira');
  });

  it('says so when the tablet cannot save, and keeps everything', async () => {
    const { user } = setup({ save: () => Promise.reject(new Error('disk')) });
    await fillToConsent(user);
    await tick(user, CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard);
    await choose(user, EN['who.alone']);
    await user.click(screen.getByRole('button', { name: EN.submit }));
    expect(await screen.findByText(EN.saveFailed)).toBeVisible();
    expect(
      screen.getByRole('checkbox', { name: CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.standard }),
    ).toBeChecked();
    await user.click(screen.getByRole('button', { name: EN.back }));
    await user.click(screen.getByRole('button', { name: EN.back }));
    await user.click(screen.getByRole('button', { name: EN.back }));
    await user.click(screen.getByRole('button', { name: EN.back }));
    expect(field(EN.phone)).toHaveValue('07700 900123');
  });

  it('shows easy-read words and a picture for every question and answer in easy read', async () => {
    const { user, view } = setup({ presentation: 'easy-read' });
    expect(
      screen.getByText('Would you like to help us make things better? Tell us about you.'),
    ).toBeVisible();
    expect(view.container.querySelector('.survey.easy-read')).not.toBeNull();
    for (const label of view.container.querySelectorAll('label.choice'))
      expect(label.querySelector('img.pictogram')).not.toBeNull();
    await user.type(field(EN.name), 'A');
    await choose(user, EN['role.staff']);
    await next(user);
    await choose(user, EN['contact.email']);
    await user.type(field(EN.email), 'a@example.org');
    await next(user);
    await next(user);
    await next(user);
    await choose(user, EN['payment.neither']);
    await choose(user, EN['hear.no']);
    await next(user);
    expect(screen.getByText(CONSENT_TEXTS[CONSENT_VERSION]!.en.contact.easyRead)).toBeVisible();
  });

  it('"No thanks" on the first part leaves without saving', async () => {
    const { user, save, onfinish } = setup();
    await user.type(field(EN.name), 'Amira');
    await user.click(screen.getByRole('button', { name: EN.cancel }));
    expect(onfinish).toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });
});
