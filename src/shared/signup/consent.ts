import type { LanguageCode } from '../survey/languages';
import type { Presentation } from '../survey/survey-rules';

/**
 * The consent wording, versioned. A sign-up keeps the version and language it agreed to
 * (and the organisation the notice named, if it named one), so what a person was told can
 * always be shown again. Change the words: add a version. Each text says who holds the data,
 * why, for how long, and how to withdraw.
 */
export interface ConsentText {
  /** Required: keep my details and contact me about involvement. */
  contact: { standard: string; easyRead: string };
  /** Optional: news and membership. */
  news: { standard: string; easyRead: string };
  /** Who holds the data, why, how long, how to withdraw. */
  notice: { standard: string; easyRead: string };
  /** The notice naming who holds the data, for a device that knows its `{organisation}`. */
  noticeNamed: { standard: string; easyRead: string };
  needsReview?: boolean;
}

export const CONSENT_VERSION = '2026-11-v1';

export const CONSENT_TEXTS: Record<
  string,
  Partial<Record<LanguageCode, ConsentText>> & { en: ConsentText }
> = {
  [CONSENT_VERSION]: {
    en: {
      contact: {
        standard:
          'Keep my details and contact me about ways to get involved. (You must agree to this to sign up.)',
        easyRead: 'Yes, keep my details. You can contact me about getting involved.',
      },
      news: {
        standard: 'Also send me news about the service and about becoming a member. (Optional.)',
        easyRead: 'Yes, send me news too. You do not have to say yes.',
      },
      notice: {
        standard:
          'The involvement team of the organisation running this service holds your details. We use them only to invite you to take part and to tell you what changed because of what people said. We keep them until you ask us to stop, and check every two years that you still want to hear from us. To withdraw, tell any member of staff, or contact the involvement team; we will delete your details.',
        easyRead:
          'The involvement team keeps your details safe. We only use them to ask you to take part. We also tell you what we changed. We keep them until you say stop. To stop, tell a member of staff. We will delete your details.',
      },
      noticeNamed: {
        standard:
          'The involvement team at {organisation} holds your details. We use them only to invite you to take part and to tell you what changed because of what people said. We keep them until you ask us to stop, and check every two years that you still want to hear from us. To withdraw, tell any member of staff, or contact the involvement team; we will delete your details.',
        easyRead:
          '{organisation} keeps your details safe. We only use them to ask you to take part. We also tell you what we changed. We keep them until you say stop. To stop, tell a member of staff. We will delete your details.',
      },
    },
    cy: {
      contact: {
        standard:
          'Cadwch fy manylion a chysylltwch â fi am ffyrdd o gymryd rhan. (Rhaid i chi gytuno i hyn i gofrestru.)',
        easyRead: 'Iawn, cadwch fy manylion. Gallwch gysylltu â fi am gymryd rhan.',
      },
      news: {
        standard: 'Anfonwch newyddion ata i hefyd am y gwasanaeth ac am ddod yn aelod. (Dewisol.)',
        easyRead: 'Iawn, anfonwch newyddion ata i hefyd. Does dim rhaid i chi gytuno i hyn.',
      },
      notice: {
        standard:
          "Tîm cyfranogiad y sefydliad sy'n rhedeg y gwasanaeth hwn sy'n cadw eich manylion. Rydyn ni'n eu defnyddio dim ond i'ch gwahodd chi i gymryd rhan ac i ddweud wrthoch chi beth newidiodd oherwydd yr hyn ddywedodd pobl. Rydyn ni'n eu cadw nes i chi ofyn i ni stopio, a bob dwy flynedd rydyn ni'n gwirio eich bod chi'n dal eisiau clywed gennym ni. I dynnu'n ôl, dywedwch wrth unrhyw aelod o staff, neu cysylltwch â'r tîm cyfranogiad; byddwn ni'n dileu eich manylion.",
        easyRead:
          "Mae'r tîm cyfranogiad yn cadw eich manylion yn ddiogel. Dim ond i ofyn i chi gymryd rhan rydyn ni'n eu defnyddio. Rydyn ni hefyd yn dweud wrthoch chi beth wnaethon ni ei newid. Rydyn ni'n eu cadw nes i chi ddweud stop. I stopio, dywedwch wrth aelod o staff. Byddwn ni'n dileu eich manylion.",
      },
      noticeNamed: {
        standard:
          "Tîm cyfranogiad {organisation} sy'n cadw eich manylion. Rydyn ni'n eu defnyddio dim ond i'ch gwahodd chi i gymryd rhan ac i ddweud wrthoch chi beth newidiodd oherwydd yr hyn ddywedodd pobl. Rydyn ni'n eu cadw nes i chi ofyn i ni stopio, a bob dwy flynedd rydyn ni'n gwirio eich bod chi'n dal eisiau clywed gennym ni. I dynnu'n ôl, dywedwch wrth unrhyw aelod o staff, neu cysylltwch â'r tîm cyfranogiad; byddwn ni'n dileu eich manylion.",
        easyRead:
          "Mae {organisation} yn cadw eich manylion yn ddiogel. Dim ond i ofyn i chi gymryd rhan rydyn ni'n eu defnyddio. Rydyn ni hefyd yn dweud wrthoch chi beth wnaethon ni ei newid. Rydyn ni'n eu cadw nes i chi ddweud stop. I stopio, dywedwch wrth aelod o staff. Byddwn ni'n dileu eich manylion.",
      },
      needsReview: true,
    },
    pl: {
      contact: {
        standard:
          'Zgadzam się, żebyście przechowywali moje dane i kontaktowali się ze mną w sprawie udziału w waszych działaniach. (Bez tej zgody nie można się zapisać.)',
        easyRead:
          'Tak, możecie przechowywać moje dane. Możecie się ze mną kontaktować w sprawie udziału.',
      },
      news: {
        standard:
          'Chcę też dostawać wiadomości o tej usłudze i o tym, jak zostać członkiem. (Nieobowiązkowe.)',
        easyRead: 'Tak, wysyłajcie mi też wiadomości. Nie musisz się na to zgadzać.',
      },
      notice: {
        standard:
          'Twoje dane przechowuje zespół do spraw zaangażowania w organizacji, która prowadzi tę usługę. Używamy ich tylko po to, żeby zapraszać cię do udziału i mówić ci, co się zmieniło dzięki temu, co powiedzieli ludzie. Przechowujemy je, dopóki nie poprosisz, żebyśmy przestali, a co dwa lata sprawdzamy, czy nadal chcesz dostawać od nas wiadomości. Aby wycofać zgodę, powiedz o tym komuś z personelu albo skontaktuj się z zespołem do spraw zaangażowania. Wtedy usuniemy twoje dane.',
        easyRead:
          'Zespół do spraw zaangażowania bezpiecznie przechowuje twoje dane. Używamy ich tylko, żeby zapraszać cię do udziału. Mówimy ci też, co zmieniliśmy. Przechowujemy je, dopóki nie powiesz „stop”. Żeby to zatrzymać, powiedz komuś z personelu. Usuniemy twoje dane.',
      },
      noticeNamed: {
        standard:
          'Twoje dane przechowuje zespół do spraw zaangażowania w organizacji {organisation}. Używamy ich tylko po to, żeby zapraszać cię do udziału i mówić ci, co się zmieniło dzięki temu, co powiedzieli ludzie. Przechowujemy je, dopóki nie poprosisz, żebyśmy przestali, a co dwa lata sprawdzamy, czy nadal chcesz dostawać od nas wiadomości. Aby wycofać zgodę, powiedz o tym komuś z personelu albo skontaktuj się z zespołem do spraw zaangażowania. Wtedy usuniemy twoje dane.',
        easyRead:
          'Organizacja {organisation} bezpiecznie przechowuje twoje dane. Używamy ich tylko, żeby zapraszać cię do udziału. Mówimy ci też, co zmieniliśmy. Przechowujemy je, dopóki nie powiesz „stop”. Żeby to zatrzymać, powiedz komuś z personelu. Usuniemy twoje dane.',
      },
      needsReview: true,
    },
    bn: {
      contact: {
        standard:
          'আমার তথ্য রাখুন এবং অংশ নেওয়ার বিভিন্ন উপায় নিয়ে আমার সাথে যোগাযোগ করুন। (যুক্ত হতে হলে আপনাকে এতে রাজি হতে হবে।)',
        easyRead: 'হ্যাঁ, আমার তথ্য রাখুন। অংশ নেওয়ার বিষয়ে আমার সাথে যোগাযোগ করতে পারেন।',
      },
      news: {
        standard: 'সেবা সম্পর্কে এবং সদস্য হওয়া সম্পর্কে আমাকে খবরও পাঠান। (এটি না বেছে নিলেও চলবে।)',
        easyRead: 'হ্যাঁ, আমাকে খবরও পাঠান। আপনাকে হ্যাঁ বলতে হবে না।',
      },
      notice: {
        standard:
          'এই সেবাটি যে প্রতিষ্ঠান চালায়, তাদের ইনভলভমেন্ট টিম আপনার তথ্য রাখে। আমরা এগুলো শুধু আপনাকে অংশ নিতে আমন্ত্রণ জানাতে এবং মানুষের কথার ফলে কী বদলেছে তা জানাতে ব্যবহার করি। আপনি থামতে না বলা পর্যন্ত আমরা এগুলো রাখি, এবং প্রতি দুই বছরে একবার জেনে নিই আপনি এখনও আমাদের কাছ থেকে খবর পেতে চান কি না। নাম তুলে নিতে যেকোনো কর্মীকে বলুন, অথবা ইনভলভমেন্ট টিমের সাথে যোগাযোগ করুন; আমরা আপনার তথ্য মুছে ফেলব।',
        easyRead:
          'ইনভলভমেন্ট টিম আপনার তথ্য নিরাপদে রাখে। আমরা শুধু আপনাকে অংশ নিতে বলার জন্য এগুলো ব্যবহার করি। আমরা কী বদলেছি, তাও আপনাকে জানাই। আপনি থামতে না বলা পর্যন্ত আমরা এগুলো রাখি। থামাতে চাইলে একজন কর্মীকে বলুন। আমরা আপনার তথ্য মুছে ফেলব।',
      },
      noticeNamed: {
        standard:
          '{organisation}-এর ইনভলভমেন্ট টিম আপনার তথ্য রাখে। আমরা এগুলো শুধু আপনাকে অংশ নিতে আমন্ত্রণ জানাতে এবং মানুষের কথার ফলে কী বদলেছে তা জানাতে ব্যবহার করি। আপনি থামতে না বলা পর্যন্ত আমরা এগুলো রাখি, এবং প্রতি দুই বছরে একবার জেনে নিই আপনি এখনও আমাদের কাছ থেকে খবর পেতে চান কি না। নাম তুলে নিতে যেকোনো কর্মীকে বলুন, অথবা ইনভলভমেন্ট টিমের সাথে যোগাযোগ করুন; আমরা আপনার তথ্য মুছে ফেলব।',
        easyRead:
          '{organisation} আপনার তথ্য নিরাপদে রাখে। আমরা শুধু আপনাকে অংশ নিতে বলার জন্য এগুলো ব্যবহার করি। আমরা কী বদলেছি, তাও আপনাকে জানাই। আপনি থামতে না বলা পর্যন্ত আমরা এগুলো রাখি। থামাতে চাইলে একজন কর্মীকে বলুন। আমরা আপনার তথ্য মুছে ফেলব।',
      },
      needsReview: true,
    },
    ur: {
      contact: {
        standard:
          'میری تفصیلات رکھیں اور شامل ہونے کے طریقوں کے بارے میں مجھ سے رابطہ کریں۔ (نام درج کروانے کے لیے آپ کو اس سے اتفاق کرنا ہوگا۔)',
        easyRead: 'جی ہاں، میری تفصیلات رکھیں۔ آپ شامل ہونے کے بارے میں مجھ سے رابطہ کر سکتے ہیں۔',
      },
      news: {
        standard:
          'مجھے سروس کے بارے میں اور ممبر بننے کے بارے میں خبریں بھی بھیجیں۔ (یہ اختیاری ہے۔)',
        easyRead: 'جی ہاں، مجھے خبریں بھی بھیجیں۔ آپ کو ہاں کہنا ضروری نہیں۔',
      },
      notice: {
        standard:
          'یہ سروس چلانے والے ادارے کی انوالومنٹ ٹیم آپ کی تفصیلات رکھتی ہے۔ ہم انہیں صرف آپ کو حصہ لینے کی دعوت دینے کے لیے، اور یہ بتانے کے لیے استعمال کرتے ہیں کہ لوگوں کی باتوں سے کیا بدلا۔ ہم انہیں تب تک رکھتے ہیں جب تک آپ ہمیں روکنے کو نہ کہیں، اور ہر دو سال بعد پوچھتے ہیں کہ کیا آپ اب بھی ہم سے خبریں لینا چاہتے ہیں۔ نام واپس لینے کے لیے عملے کے کسی بھی فرد کو بتائیں، یا انوالومنٹ ٹیم سے رابطہ کریں؛ ہم آپ کی تفصیلات مٹا دیں گے۔',
        easyRead:
          'انوالومنٹ ٹیم آپ کی تفصیلات محفوظ رکھتی ہے۔ ہم انہیں صرف آپ کو حصہ لینے کا کہنے کے لیے استعمال کرتے ہیں۔ ہم آپ کو یہ بھی بتاتے ہیں کہ ہم نے کیا بدلا۔ ہم انہیں تب تک رکھتے ہیں جب تک آپ روکنے کو نہ کہیں۔ روکنے کے لیے عملے کے کسی فرد کو بتائیں۔ ہم آپ کی تفصیلات مٹا دیں گے۔',
      },
      noticeNamed: {
        standard:
          '{organisation} کی انوالومنٹ ٹیم آپ کی تفصیلات رکھتی ہے۔ ہم انہیں صرف آپ کو حصہ لینے کی دعوت دینے کے لیے، اور یہ بتانے کے لیے استعمال کرتے ہیں کہ لوگوں کی باتوں سے کیا بدلا۔ ہم انہیں تب تک رکھتے ہیں جب تک آپ ہمیں روکنے کو نہ کہیں، اور ہر دو سال بعد پوچھتے ہیں کہ کیا آپ اب بھی ہم سے خبریں لینا چاہتے ہیں۔ نام واپس لینے کے لیے عملے کے کسی بھی فرد کو بتائیں، یا انوالومنٹ ٹیم سے رابطہ کریں؛ ہم آپ کی تفصیلات مٹا دیں گے۔',
        easyRead:
          '{organisation} آپ کی تفصیلات محفوظ رکھتا ہے۔ ہم انہیں صرف آپ کو حصہ لینے کا کہنے کے لیے استعمال کرتے ہیں۔ ہم آپ کو یہ بھی بتاتے ہیں کہ ہم نے کیا بدلا۔ ہم انہیں تب تک رکھتے ہیں جب تک آپ روکنے کو نہ کہیں۔ روکنے کے لیے عملے کے کسی فرد کو بتائیں۔ ہم آپ کی تفصیلات مٹا دیں گے۔',
      },
      needsReview: true,
    },
  },
};

/**
 * The notice as shown: naming the organisation that holds the details when the device knows
 * it (its enrolment), else the generic wording. The name is isolated so a left-to-right name
 * sits right inside right-to-left text. Record `organisation` with the consent only when given.
 */
export function consentNotice(
  text: ConsentText,
  presentation: Presentation,
  organisation?: string,
): string {
  const easy = presentation === 'easy-read';
  const name = organisation?.trim();
  if (!name) return easy ? text.notice.easyRead : text.notice.standard;
  const template = easy ? text.noticeNamed.easyRead : text.noticeNamed.standard;
  return template.replace('{organisation}', `\u2068${name}\u2069`);
}
