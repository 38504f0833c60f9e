import type { SurveyDefinition } from '../../schemas/survey.schema';
import {
  FFT_OPTIONS,
  FFT_QUESTION_TEXT,
  FFT_WHY_TEXT,
  YES_NO_OPTIONS,
  option,
  unreviewed,
} from './common';

/** A ward's survey: the FFT and the ward's own questions. */
export const WARD_SURVEY: SurveyDefinition = {
  id: 'ward-feedback',
  version: 1,
  title: {
    en: { text: 'Tell us about your time on the ward', easyRead: 'Your time on the ward' },
    cy: unreviewed('Dywedwch wrthym am eich amser ar y ward', 'Eich amser ar y ward'),
    pl: unreviewed('Opowiedz nam o swoim pobycie na oddziale', 'Twój pobyt na oddziale'),
    bn: unreviewed('ওয়ার্ডে আপনার সময় সম্পর্কে আমাদের বলুন', 'ওয়ার্ডে আপনার সময়'),
    ur: unreviewed('ہمیں وارڈ میں اپنے وقت کے بارے میں بتائیں', 'وارڈ میں آپ کا وقت'),
  },
  easyRead: false,
  languages: ['en', 'cy', 'pl', 'bn', 'ur'],
  equalityMonitoring: true,
  questions: [
    {
      id: 'fft',
      type: 'fft',
      text: FFT_QUESTION_TEXT,
      pictogram: 'hospital',
      required: true,
      options: FFT_OPTIONS,
    },
    {
      id: 'fft-why',
      type: 'free-text',
      text: FFT_WHY_TEXT,
      pictogram: 'writing',
      required: false,
      maxLength: 2000,
    },
    {
      id: 'staff-listened',
      type: 'yes-no',
      text: {
        en: { text: 'Did staff listen to you?', easyRead: 'Did staff listen to you?' },
        cy: unreviewed('A wnaeth y staff wrando arnoch chi?', 'Wnaeth y staff wrando arnoch chi?'),
        pl: unreviewed('Czy personel cię wysłuchał?', 'Czy pracownicy cię słuchali?'),
        bn: unreviewed('কর্মীরা কি আপনার কথা শুনেছেন?'),
        ur: unreviewed('کیا عملے نے آپ کی بات سنی؟', 'کیا اسٹاف نے آپ کی بات سنی؟'),
      },
      pictogram: 'listen',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'involved-in-decisions',
      type: 'yes-no',
      text: {
        en: {
          text: 'Were you involved in decisions about your care?',
          easyRead: 'Did staff ask what you wanted?',
        },
        cy: unreviewed(
          'A gawsoch chi eich cynnwys mewn penderfyniadau am eich gofal?',
          'Wnaeth y staff ofyn beth oeddech chi eisiau?',
        ),
        pl: unreviewed(
          'Czy włączano cię w podejmowanie decyzji dotyczących twojej opieki?',
          'Czy pracownicy pytali, czego chcesz?',
        ),
        bn: unreviewed(
          'আপনার যত্ন ও চিকিৎসা নিয়ে সিদ্ধান্তে কি আপনাকে যুক্ত করা হয়েছিল?',
          'কর্মীরা কি জিজ্ঞেস করেছিলেন আপনি কী চান?',
        ),
        ur: unreviewed(
          'کیا آپ کی دیکھ بھال کے فیصلوں میں آپ کو شامل کیا گیا؟',
          'کیا اسٹاف نے آپ کی مرضی پوچھی؟',
        ),
      },
      pictogram: 'decide',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'knew-who-to-ask',
      type: 'yes-no',
      text: {
        en: {
          text: 'Did you know who to ask for help?',
          easyRead: 'Did you know who to ask for help?',
        },
        cy: unreviewed("Oeddech chi'n gwybod at bwy i fynd am help?"),
        pl: unreviewed(
          'Czy było dla ciebie jasne, kogo poprosić o pomoc?',
          'Czy wiesz, kogo prosić o pomoc?',
        ),
        bn: unreviewed(
          'সাহায্যের জন্য কাকে বলতে হবে, তা কি আপনি জানতেন?',
          'সাহায্য লাগলে কাকে বলবেন, আপনি কি জানতেন?',
        ),
        ur: unreviewed(
          'کیا آپ کو معلوم تھا کہ مدد کے لیے کس سے کہنا ہے؟',
          'کیا آپ کو پتا تھا کہ مدد کس سے مانگیں؟',
        ),
      },
      pictogram: 'help',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'who-are-you',
      type: 'single',
      text: {
        en: { text: 'Are you answering as…', easyRead: 'Who are you?' },
        cy: unreviewed("Ydych chi'n ateb fel…", 'Pwy ydych chi?'),
        pl: unreviewed('Odpowiadasz jako…', 'Kim jesteś?'),
        bn: unreviewed('আপনি কী হিসেবে উত্তর দিচ্ছেন…', 'আপনি কে?'),
        ur: unreviewed('آپ کس حیثیت سے جواب دے رہے ہیں…', 'آپ کون ہیں؟'),
      },
      pictogram: 'people',
      required: false,
      options: [
        option('patient', 'person', {
          en: { text: 'A patient', easyRead: 'I stayed on the ward' },
          cy: unreviewed('Claf', "Roeddwn i'n aros ar y ward"),
          pl: unreviewed('Pacjent', 'Leczono mnie na oddziale'),
          bn: unreviewed('রোগী', 'আমি ওয়ার্ডে ছিলাম'),
          ur: unreviewed('مریض', 'وارڈ میں میرا علاج ہوا'),
        }),
        option('visitor', 'people', {
          en: { text: 'A visitor', easyRead: 'I came to visit' },
          cy: unreviewed('Ymwelydd', 'Des i i ymweld'),
          pl: unreviewed('Osoba odwiedzająca', 'Jestem tu w odwiedzinach'),
          bn: unreviewed('দর্শনার্থী', 'আমি দেখা করতে এসেছিলাম'),
          ur: unreviewed('ملاقاتی', 'میں یہاں ملاقات کے لیے ہوں'),
        }),
        option('carer', 'carer', {
          en: { text: 'A carer', easyRead: 'I look after someone' },
          cy: unreviewed('Gofalwr', "Dw i'n gofalu am rywun"),
          pl: unreviewed('Opiekun', 'Opiekuję się kimś'),
          bn: unreviewed('দেখাশোনাকারী (কেয়ারার)', 'আমি কারও দেখাশোনা করি'),
          ur: unreviewed('کیئرر (دیکھ بھال کرنے والا فرد)', 'کسی کی دیکھ بھال میرے ذمے ہے'),
        }),
        option('other', 'question', {
          en: { text: 'Someone else', easyRead: 'Someone else' },
          cy: unreviewed('Rhywun arall'),
          pl: unreviewed('Ktoś inny'),
          bn: unreviewed('অন্য কেউ'),
          ur: unreviewed('کوئی اور'),
        }),
      ],
    },
  ],
};
