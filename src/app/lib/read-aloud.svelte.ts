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
 * Speech errors that say the voice itself cannot speak now (a network voice with no network,
 * even where the browser still reports `navigator.onLine`). `interrupted` and `canceled` only
 * mean another reading took over.
 */
const VOICE_FAILURES = new Set([
  'network',
  'synthesis-unavailable',
  'synthesis-failed',
  'voice-unavailable',
]);

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
  /** Names of voices that failed to speak since the connection last came back. */
  failed = $state.raw<ReadonlySet<string>>(new Set());
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
    window.addEventListener('online', () => {
      this.online = true;
      this.failed = new Set();
    });
    window.addEventListener('offline', () => (this.online = false));
  }

  voiceFor(language: string): SpeechSynthesisVoice | undefined {
    const usable =
      this.failed.size === 0 ? this.voices : this.voices.filter((v) => !this.failed.has(v.name));
    return pickVoice(usable, language, this.online);
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
    utterance.onerror = (event) => {
      if (this.speaking === key) this.speaking = undefined;
      // The button goes (or moves to another voice of the language) rather than stay silent.
      if (VOICE_FAILURES.has(event.error)) this.failed = new Set([...this.failed, voice.name]);
    };
    this.speaking = key;
    synth.speak(utterance);
    return true;
  }
}

export const speech = new SpeechState();
