import type { Page } from '@playwright/test';

/** A speech voice as the browser lists it. */
export interface StubVoice {
  name: string;
  lang: string;
  /** On the device (works offline) or a network voice. */
  localService: boolean;
}

export interface Spoken {
  text: string;
  lang: string;
  voice: string | undefined;
}

/** An on-device voice in each of the app's five languages. */
export const VOICES_ON_DEVICE: StubVoice[] = [
  { name: 'English (UK)', lang: 'en-GB', localService: true },
  { name: 'Cymraeg', lang: 'cy-GB', localService: true },
  { name: 'Polski', lang: 'pl-PL', localService: true },
  { name: 'বাংলা', lang: 'bn-BD', localService: true },
  { name: 'اردو', lang: 'ur-PK', localService: true },
];

/**
 * Headless Chromium has no voices: this puts `voices` in the page before any script runs, and
 * records every `speak` call in `window.spoken`. Runs in the page, so it uses nothing outside.
 */
function installSpeech(voices: StubVoice[]) {
  const spoken: Spoken[] = [];
  (window as unknown as { spoken: Spoken[] }).spoken = spoken;
  const listed = voices.map((v, i) => ({ ...v, default: i === 0, voiceURI: v.name }));
  class Utterance {
    text: string;
    lang = '';
    rate = 1;
    voice: { name: string } | null = null;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance });
  Object.defineProperty(window, 'speechSynthesis', {
    value: {
      getVoices: () => listed,
      speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
      cancel: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  });
}

/** Gives every page of this test `voices`, from the first script on. */
export async function stubVoices(page: Page, voices: StubVoice[]): Promise<void> {
  await page.addInitScript(installSpeech, voices);
}

/** What read-aloud has spoken so far, in order. */
export async function spokenSoFar(page: Page): Promise<Spoken[]> {
  return page.evaluate(() => (window as unknown as { spoken: Spoken[] }).spoken);
}
