import { defineStrings } from '../../i18n/i18n.svelte';

/**
 * The invitation to get involved, on the kiosk's thank-you screen and at the top of the
 * form: apart from the form's strings, so a screen that only invites does not load every word
 * of the form. Welsh, Polish, Bengali and Urdu need review, as the form's do
 * (`SIGNUP_STRINGS_NEED_REVIEW`).
 */
export const signUpInviteStrings = defineStrings({
  en: {
    heading: 'Get involved',
    intro:
      'Would you like to help us improve our services? Tell us how to contact you and what you would like to do.',
    introEasy: 'Would you like to help us make things better? Tell us about you.',
  },
  cy: {
    heading: 'Cymryd rhan',
    intro:
      'Hoffech chi ein helpu i wella ein gwasanaethau? Dywedwch wrthon ni sut i gysylltu â chi a beth hoffech chi ei wneud.',
    introEasy: "Hoffech chi ein helpu i wneud pethau'n well? Dywedwch wrthon ni amdanoch chi.",
  },
  pl: {
    heading: 'Weź udział',
    intro:
      'Czy chcesz pomóc nam ulepszać nasze usługi? Napisz, jak możemy się z tobą kontaktować i co chcesz robić.',
    introEasy: 'Czy chcesz pomóc nam zmieniać rzeczy na lepsze? Napisz nam coś o sobie.',
  },
  bn: {
    heading: 'অংশ নিন',
    intro:
      'আপনি কি আমাদের সেবা আরও ভালো করতে সাহায্য করতে চান? আমরা কীভাবে আপনার সাথে যোগাযোগ করব আর আপনি কী করতে চান, তা আমাদের বলুন।',
    introEasy: 'আপনি কি আমাদের সবকিছু আরও ভালো করতে সাহায্য করতে চান? আপনার সম্পর্কে আমাদের বলুন।',
  },
  ur: {
    heading: 'شامل ہوں',
    intro:
      'کیا آپ ہماری سروسز بہتر بنانے میں ہماری مدد کرنا چاہیں گے؟ ہمیں بتائیں کہ ہم آپ سے کیسے رابطہ کریں اور آپ کیا کرنا چاہیں گے۔',
    introEasy: 'کیا آپ چیزیں بہتر بنانے میں ہماری مدد کرنا چاہیں گے؟ ہمیں اپنے بارے میں بتائیں۔',
  },
});
