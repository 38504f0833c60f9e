/**
 * Read-aloud: a recorded clip where the survey has one, else a speech voice of the screen's
 * language, else nothing. Never a voice of another language: English words read over
 * Bengali text would be worse than no button.
 */

export interface VoiceLike {
  lang: string;
  name: string;
  localService: boolean;
}

/**
 * The voice to read `language` with: one whose language tag is that language (any region),
 * preferring the default and on-device voices. Offline, only on-device voices work.
 */
export function pickVoice<V extends VoiceLike>(
  voices: readonly V[],
  language: string,
  online: boolean,
): V | undefined {
  const matching = voices.filter((v) => {
    const tag = v.lang.toLowerCase().replace('_', '-');
    return (tag === language || tag.startsWith(`${language}-`)) && (online || v.localService);
  });
  return matching.find((v) => v.localService) ?? matching[0];
}

/** The browser's voices as reactive state (they arrive late, via `voiceschanged`). */
class SpeechState {
  voices = $state.raw<SpeechSynthesisVoice[]>([]);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  speaking = $state<string | undefined>();
  #started = false;

  get synth(): SpeechSynthesis | undefined {
    return typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  }

  /** Starts listening for voices and connectivity; idempotent. */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    const synth = this.synth;
    if (synth) {
      const load = () => (this.voices = synth.getVoices());
      load();
      synth.addEventListener('voiceschanged', load);
    }
    // Read again: the connection may have dropped between this module loading and now.
    this.online = navigator.onLine;
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
  }

  voiceFor(language: string): SpeechSynthesisVoice | undefined {
    return pickVoice(this.voices, language, this.online);
  }

  stop(): void {
    this.synth?.cancel();
    this.speaking = undefined;
  }

  /** Reads `text` in `language`; `key` names what is being read, for the button's state. */
  speak(key: string, text: string, language: string): boolean {
    const synth = this.synth;
    const voice = this.voiceFor(language);
    if (!synth || !voice) return false;
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    utterance.onend = () => {
      if (this.speaking === key) this.speaking = undefined;
    };
    utterance.onerror = utterance.onend;
    this.speaking = key;
    synth.speak(utterance);
    return true;
  }
}

export const speech = new SpeechState();
