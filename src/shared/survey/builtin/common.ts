/**
 * Wording shared by the built-in surveys: the FFT scale, yes / no / not sure, and the
 * smiley faces. Every text is in English, Welsh, Polish, Bengali and Urdu; each
 * translation is marked `needsReview` until a fluent speaker has checked it.
 */
import type { Localised, SurveyOption, Wording } from '../../schemas/survey.schema';
import type { PictogramId } from '../pictograms';

export function option(value: string, pictogram: PictogramId, text: Localised): SurveyOption {
  return { value, pictogram, text };
}

/**
 * A translation no fluent speaker has checked yet: the standard words and the easy-read
 * words (the same words when they are already easy to read).
 */
export function unreviewed(text: string, easyRead: string = text): Wording {
  return { text, easyRead, needsReview: true };
}

/**
 * The national FFT answers, in the national wording and order (standard English words fixed
 * by the schema; easy-read words such as "Bad" for "Poor" are free, as for the question).
 */
export const FFT_OPTIONS: SurveyOption[] = [
  option('very-good', 'face-very-good', {
    en: { text: 'Very good', easyRead: 'Very good' },
    cy: unreviewed('Da iawn'),
    pl: unreviewed('Bardzo dobrze'),
    bn: unreviewed('খুব ভালো'),
    ur: unreviewed('بہت اچھا'),
  }),
  option('good', 'face-good', {
    en: { text: 'Good', easyRead: 'Good' },
    cy: unreviewed('Da'),
    pl: unreviewed('Dobrze'),
    bn: unreviewed('ভালো'),
    ur: unreviewed('اچھا'),
  }),
  option('neither', 'face-neither', {
    en: { text: 'Neither good nor poor', easyRead: 'Not good and not bad' },
    cy: unreviewed('Ddim yn dda nac yn wael', 'Ddim yn dda a ddim yn ddrwg'),
    pl: unreviewed('Ani dobrze, ani źle'),
    bn: unreviewed('ভালোও না, খারাপও না'),
    ur: unreviewed('نہ اچھا نہ خراب', 'نہ اچھا نہ برا'),
  }),
  option('poor', 'face-poor', {
    en: { text: 'Poor', easyRead: 'Bad' },
    cy: unreviewed('Gwael', 'Drwg'),
    pl: unreviewed('Źle'),
    bn: unreviewed('খারাপ'),
    ur: unreviewed('خراب', 'برا'),
  }),
  option('very-poor', 'face-very-poor', {
    en: { text: 'Very poor', easyRead: 'Very bad' },
    cy: unreviewed('Gwael iawn', 'Drwg iawn'),
    pl: unreviewed('Bardzo źle'),
    bn: unreviewed('খুব খারাপ'),
    ur: unreviewed('بہت خراب', 'بہت برا'),
  }),
  option('dont-know', 'dont-know', {
    en: { text: "Don't know", easyRead: "I don't know" },
    cy: unreviewed('Ddim yn gwybod', 'Dw i ddim yn gwybod'),
    pl: unreviewed('Nie wiem'),
    bn: unreviewed('জানি না', 'আমি জানি না'),
    ur: unreviewed('معلوم نہیں', 'مجھے نہیں پتا'),
  }),
];

/**
 * The national FFT question. Its standard English words are fixed: the survey schema refuses
 * an `fft` question that words them differently. The easy-read words differ on purpose:
 * "Overall, how was your experience of our service?" is too long and abstract for easy read,
 * and NHS England's "Making the FFT inclusive" page (england.nhs.uk/fft/fft-inclusive/)
 * shows the question put in easy-read form for people with a learning disability. The answers
 * still count as FFT, since the six values and their order are the national ones.
 */
export const FFT_QUESTION_TEXT: Localised = {
  en: {
    text: 'Overall, how was your experience of our service?',
    easyRead: 'How was our service?',
  },
  cy: unreviewed(
    "Yn gyffredinol, sut oedd eich profiad o'n gwasanaeth?",
    'Sut oedd ein gwasanaeth?',
  ),
  pl: unreviewed(
    'Ogólnie rzecz biorąc, jak oceniasz swoje doświadczenia z naszymi usługami?',
    'Jak oceniasz nasze usługi?',
  ),
  bn: unreviewed('সামগ্রিকভাবে, আমাদের সেবা নিয়ে আপনার অভিজ্ঞতা কেমন ছিল?', 'আমাদের সেবা কেমন ছিল?'),
  ur: unreviewed(
    'مجموعی طور پر، ہماری سروس کے بارے میں آپ کا تجربہ کیسا رہا؟',
    'ہماری سروس کیسی تھی؟',
  ),
};

export const FFT_WHY_TEXT: Localised = {
  en: {
    text: 'Please tell us why you gave that answer.',
    easyRead: 'Why did you say that?',
  },
  cy: unreviewed(
    "Dywedwch wrthym pam y rhoesoch chi'r ateb hwnnw.",
    'Pam wnaethoch chi ddweud hynny?',
  ),
  pl: unreviewed('Powiedz nam, proszę, dlaczego tak oceniasz.', 'Dlaczego tak uważasz?'),
  bn: unreviewed('অনুগ্রহ করে আমাদের বলুন, কেন আপনি এই উত্তর দিলেন।', 'কেন এটা বললেন?'),
  ur: unreviewed('براہِ کرم ہمیں بتائیں کہ آپ نے یہ جواب کیوں دیا۔', 'آپ نے یہ کیوں کہا؟'),
};

export const YES_NO_OPTIONS: SurveyOption[] = [
  option('yes', 'yes', {
    en: { text: 'Yes', easyRead: 'Yes' },
    cy: unreviewed('Ie'),
    pl: unreviewed('Tak'),
    bn: unreviewed('হ্যাঁ'),
    ur: unreviewed('جی ہاں'),
  }),
  option('no', 'no', {
    en: { text: 'No', easyRead: 'No' },
    cy: unreviewed('Na'),
    pl: unreviewed('Nie'),
    bn: unreviewed('না'),
    ur: unreviewed('جی نہیں'),
  }),
  option('not-sure', 'not-sure', {
    en: { text: 'Not sure', easyRead: 'Not sure' },
    cy: unreviewed('Ddim yn siŵr'),
    pl: unreviewed('Nie mam pewności', 'Nie wiem'),
    bn: unreviewed('নিশ্চিত নই'),
    ur: unreviewed('یقین نہیں'),
  }),
];

export const SMILEY_5_OPTIONS: SurveyOption[] = [
  option('very-happy', 'face-very-good', {
    en: { text: 'Very happy', easyRead: 'Very happy' },
    cy: unreviewed('Hapus iawn'),
    pl: unreviewed('Bardzo zadowolony(-a)', 'Bardzo dobrze'),
    bn: unreviewed('খুব খুশি'),
    ur: unreviewed('بہت خوش'),
  }),
  option('happy', 'face-good', {
    en: { text: 'Happy', easyRead: 'Happy' },
    cy: unreviewed('Hapus'),
    pl: unreviewed('Zadowolony(-a)', 'Dobrze'),
    bn: unreviewed('খুশি'),
    ur: unreviewed('خوش'),
  }),
  option('ok', 'face-neither', {
    en: { text: 'OK', easyRead: 'OK' },
    cy: unreviewed('Iawn'),
    pl: unreviewed('W porządku'),
    bn: unreviewed('মোটামুটি', 'ঠিক আছে'),
    ur: unreviewed('ٹھیک ہے'),
  }),
  option('unhappy', 'face-poor', {
    en: { text: 'Unhappy', easyRead: 'Unhappy' },
    cy: unreviewed('Anhapus'),
    pl: unreviewed('Niezadowolony(-a)', 'Źle'),
    bn: unreviewed('অখুশি', 'খুশি না'),
    ur: unreviewed('ناخوش', 'خوش نہیں'),
  }),
  option('very-unhappy', 'face-very-poor', {
    en: { text: 'Very unhappy', easyRead: 'Very unhappy' },
    cy: unreviewed('Anhapus iawn'),
    pl: unreviewed('Bardzo niezadowolony(-a)', 'Bardzo źle'),
    bn: unreviewed('খুব অখুশি', 'একদম খুশি না'),
    ur: unreviewed('بہت ناخوش', 'بالکل خوش نہیں'),
  }),
];
