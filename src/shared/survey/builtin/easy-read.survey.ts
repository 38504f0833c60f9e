import type { SurveyDefinition } from '../../schemas/survey.schema';
import { SMILEY_5_OPTIONS, YES_NO_OPTIONS, option, unreviewed } from './common';

/** An easy-read survey: short sentences, a picture for every idea, read aloud. */
export const EASY_READ_SURVEY: SurveyDefinition = {
  id: 'tell-us-what-you-think',
  version: 1,
  title: {
    en: { text: 'Tell us what you think', easyRead: 'Tell us what you think' },
    cy: unreviewed("Dywedwch wrthym beth rydych chi'n ei feddwl"),
    pl: unreviewed('Powiedz nam, co myślisz'),
    bn: unreviewed('আপনি কী ভাবেন, আমাদের বলুন'),
    ur: unreviewed('ہمیں اپنی رائے بتائیں'),
  },
  intro: {
    en: {
      text: 'We want to know what you think about our service. Your answers help us make it better.',
      easyRead: 'We want to know what you think. Your answers help us do better.',
    },
    cy: unreviewed(
      "Rydyn ni eisiau gwybod beth rydych chi'n ei feddwl am ein gwasanaeth. Bydd eich atebion yn ein helpu i'w wella.",
      "Rydyn ni eisiau gwybod beth rydych chi'n ei feddwl. Bydd eich atebion yn ein helpu i wneud yn well.",
    ),
    pl: unreviewed(
      'Chcemy wiedzieć, co myślisz o naszych usługach. Twoje odpowiedzi pomogą nam je ulepszyć.',
      'Chcemy wiedzieć, co myślisz. Twoje odpowiedzi pomogą nam działać lepiej.',
    ),
    bn: unreviewed(
      'আমাদের সেবা সম্পর্কে আপনি কী ভাবেন, আমরা তা জানতে চাই। আপনার উত্তর আমাদের সেবা আরও ভালো করতে সাহায্য করে।',
      'আপনি কী ভাবেন, আমরা জানতে চাই। আপনার উত্তর আমাদের আরও ভালো করতে সাহায্য করে।',
    ),
    ur: unreviewed(
      'ہم جاننا چاہتے ہیں کہ ہماری سروس کے بارے میں آپ کی کیا رائے ہے۔ آپ کے جوابات سے ہمیں اسے بہتر بنانے میں مدد ملتی ہے۔',
      'ہم آپ کی رائے جاننا چاہتے ہیں۔ آپ کے جوابات سے ہم بہتر کام کر سکتے ہیں۔',
    ),
  },
  easyRead: true,
  languages: ['en', 'cy', 'pl', 'bn', 'ur'],
  equalityMonitoring: true,
  questions: [
    {
      id: 'feeling',
      type: 'smiley',
      text: {
        en: {
          text: 'How do you feel about our service?',
          easyRead: 'How do you feel about our service?',
        },
        cy: unreviewed("Sut ydych chi'n teimlo am ein gwasanaeth?"),
        pl: unreviewed('Co sądzisz o naszych usługach?', 'Co myślisz o naszych usługach?'),
        bn: unreviewed('আমাদের সেবা নিয়ে আপনার কেমন লাগছে?'),
        ur: unreviewed('ہماری سروس آپ کو کیسی لگی؟'),
      },
      pictogram: 'hospital',
      required: true,
      options: SMILEY_5_OPTIONS,
    },
    {
      id: 'listened',
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
      id: 'got-help',
      type: 'yes-no',
      text: {
        en: {
          text: 'Did you get the help you needed?',
          easyRead: 'Did you get the help you needed?',
        },
        cy: unreviewed(
          "A gawsoch chi'r help yr oedd ei angen arnoch chi?",
          "Gawsoch chi'r help oedd ei angen arnoch chi?",
        ),
        pl: unreviewed('Czy udzielono ci potrzebnej pomocy?', 'Czy pomogliśmy ci tak, jak trzeba?'),
        bn: unreviewed('আপনার যে সাহায্য দরকার ছিল, তা কি পেয়েছেন?'),
        ur: unreviewed('کیا آپ کو وہ مدد ملی جس کی آپ کو ضرورت تھی؟'),
      },
      pictogram: 'help',
      required: false,
      options: YES_NO_OPTIONS,
    },
    {
      id: 'help-needed',
      type: 'multiple',
      text: {
        en: {
          text: 'What help did you need? Choose all that apply.',
          easyRead: 'What help did you need? You can choose more than one.',
        },
        cy: unreviewed(
          "Pa help oedd ei angen arnoch chi? Dewiswch bob un sy'n berthnasol.",
          'Pa help oedd ei angen arnoch chi? Gallwch chi ddewis mwy nag un.',
        ),
        pl: unreviewed(
          'Jakiej pomocy ci brakowało? Zaznacz wszystkie pasujące odpowiedzi.',
          'Jakiej pomocy ci brakowało? Możesz wybrać więcej niż jedną odpowiedź.',
        ),
        bn: unreviewed(
          'আপনার কী ধরনের সাহায্য দরকার ছিল? প্রযোজ্য সবগুলো বেছে নিন।',
          'আপনার কী সাহায্য দরকার ছিল? আপনি একটির বেশি বেছে নিতে পারেন।',
        ),
        ur: unreviewed(
          'آپ کو کس قسم کی مدد کی ضرورت تھی؟ جو بھی لاگو ہوں، سب منتخب کریں۔',
          'آپ کو کیا مدد چاہیے تھی؟ آپ ایک سے زیادہ جواب چن سکتے ہیں۔',
        ),
      },
      pictogram: 'question',
      required: false,
      showIf: { questionId: 'got-help', anyOf: ['no', 'not-sure'] },
      options: [
        option('understand', 'speech', {
          en: { text: 'Help to understand things', easyRead: 'Help to understand' },
          cy: unreviewed('Help i ddeall pethau', 'Help i ddeall'),
          pl: unreviewed('Pomoc w zrozumieniu różnych spraw', 'Pomoc, żeby zrozumieć'),
          bn: unreviewed('বিভিন্ন বিষয় বুঝতে সাহায্য', 'বুঝতে সাহায্য'),
          ur: unreviewed('باتیں سمجھنے میں مدد', 'سمجھنے میں مدد'),
        }),
        option('food', 'food', {
          en: { text: 'Help with food and drink', easyRead: 'Help with food and drink' },
          cy: unreviewed('Help gyda bwyd a diod'),
          pl: unreviewed('Pomoc przy jedzeniu i piciu'),
          bn: unreviewed('খাবার ও পানীয়ের ব্যাপারে সাহায্য', 'খাওয়াদাওয়ায় সাহায্য'),
          ur: unreviewed('کھانے پینے میں مدد'),
        }),
        option('safe', 'safe', {
          en: { text: 'Help to feel safe', easyRead: 'Help to feel safe' },
          cy: unreviewed("Help i deimlo'n ddiogel"),
          pl: unreviewed('Pomoc, żeby czuć się bezpiecznie'),
          bn: unreviewed('নিরাপদ বোধ করতে সাহায্য'),
          ur: unreviewed('محفوظ محسوس کرنے میں مدد'),
        }),
        option('waiting', 'waiting', {
          en: { text: 'Less waiting', easyRead: 'Less waiting' },
          cy: unreviewed('Llai o aros'),
          pl: unreviewed('Krótsze czekanie'),
          bn: unreviewed('কম অপেক্ষা'),
          ur: unreviewed('کم انتظار'),
        }),
        option('other', 'question', {
          en: { text: 'Something else', easyRead: 'Something else' },
          cy: unreviewed('Rhywbeth arall'),
          pl: unreviewed('Coś innego'),
          bn: unreviewed('অন্য কিছু'),
          ur: unreviewed('کچھ اور'),
        }),
      ],
    },
    {
      id: 'good',
      type: 'free-text',
      text: {
        en: { text: 'What was good?', easyRead: 'What was good?' },
        cy: unreviewed('Beth oedd yn dda?'),
        pl: unreviewed('Co było dobre?'),
        bn: unreviewed('কী ভালো ছিল?'),
        ur: unreviewed('کیا اچھا تھا؟'),
      },
      pictogram: 'star',
      required: false,
      maxLength: 2000,
    },
    {
      id: 'better',
      type: 'free-text',
      text: {
        en: { text: 'What could we do better?', easyRead: 'What could we do better?' },
        cy: unreviewed('Beth allen ni ei wneud yn well?'),
        pl: unreviewed('Co moglibyśmy robić lepiej?'),
        bn: unreviewed('আমরা কী আরও ভালো করতে পারতাম?'),
        ur: unreviewed('ہم کیا بہتر کر سکتے تھے؟'),
      },
      pictogram: 'writing',
      required: false,
      maxLength: 2000,
    },
  ],
};
