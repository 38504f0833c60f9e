import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import SignUpForm from '../../../../src/app/routes/signup/SignUpForm.svelte';
import type { SignUpInput } from '../../../../src/app/routes/signup/signup-form';
import { SIGNUP_STRINGS_EN as EN } from '../../../../src/app/routes/signup/signup.i18n';
import { CONSENT_TEXTS, CONSENT_VERSION } from '../../../../src/shared/signup/consent';
import type { Presentation } from '../../../../src/shared/survey/survey-rules';

const NOW = new Date('2026-11-21T15:42:10.000Z');
type User = ReturnType<typeof userEvent.setup>;

function setup(
  options: { save?: (input: SignUpInput) => Promise<unknown>; presentation?: Presentation } = {},
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
      language: 'en',
      presentation: options.presentation ?? 'standard',
      topics: ['Being heard', 'Getting support'],
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

    await user.type(field(EN.name), 'x'.repeat(201));
    expect(
      screen.getByText('Please use {max} characters or fewer.'.replace('{max}', '200')),
    ).toBeVisible();
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
          givenAt: NOW.toISOString(),
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
    expect(screen.getByText(EN.introEasy)).toBeVisible();
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
