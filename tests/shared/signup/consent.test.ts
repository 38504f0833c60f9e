import { describe, expect, it } from 'vitest';
import { CONSENT_TEXTS, CONSENT_VERSION, consentNotice } from '../../../src/shared/signup/consent';
import { SURVEY_LANGUAGES } from '../../../src/shared/survey/languages';

const texts = CONSENT_TEXTS[CONSENT_VERSION]!;
const ORGANISATION = 'Leeds Community Healthcare';
const isolated = `\u2068${ORGANISATION}\u2069`;

describe('the consent notice', () => {
  it('keeps the generic wording when the device does not know its organisation', () => {
    for (const name of [undefined, '', '   ']) {
      expect(consentNotice(texts.en, 'standard', name)).toBe(texts.en.notice.standard);
      expect(consentNotice(texts.en, 'easy-read', name)).toBe(texts.en.notice.easyRead);
    }
  });

  it.each(SURVEY_LANGUAGES)('names the organisation that holds the details in %s', (language) => {
    const text = texts[language]!;
    for (const presentation of ['standard', 'easy-read'] as const) {
      const notice = consentNotice(text, presentation, ` ${ORGANISATION} `);
      // Isolated, so an English name sits right in right-to-left Urdu.
      expect(notice).toContain(isolated);
      expect(notice).not.toContain('{organisation}');
      const generic = presentation === 'standard' ? text.notice.standard : text.notice.easyRead;
      expect(notice).not.toBe(generic);
    }
  });

  it('says who, why, for how long and how to withdraw in the named English wording too', () => {
    const notice = consentNotice(texts.en, 'standard', ORGANISATION);
    expect(notice).toMatch(/^The involvement team at .+ holds your details\./);
    expect(notice).toContain('We use them only to invite you to take part');
    expect(notice).toContain('until you ask us to stop');
    expect(notice).toContain('To withdraw, tell any member of staff');
  });

  it.each(SURVEY_LANGUAGES)('keeps the named %s easy-read sentences short', (language) => {
    const named = texts[language]!.noticeNamed.easyRead.replace('{organisation}', 'X');
    for (const sentence of named.split(/(?<=[.!?।۔])\s+/))
      expect(sentence.split(/\s+/).filter(Boolean).length, sentence).toBeLessThanOrEqual(15);
  });
});
