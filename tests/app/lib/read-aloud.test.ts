import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import ReadAloud from '../../../src/app/lib/ReadAloud.svelte';
import { pickVoice, speech, type VoiceLike } from '../../../src/app/lib/read-aloud.svelte';

const voice = (lang: string, localService = true): VoiceLike => ({
  lang,
  name: `${lang} ${localService ? 'on device' : 'network'}`,
  localService,
});

describe('pickVoice', () => {
  it('takes a voice of the language in any region', () => {
    const bnIN = voice('bn-IN');
    expect(pickVoice([voice('en-GB'), bnIN], 'bn', true)).toBe(bnIN);
    const plain = voice('bn');
    expect(pickVoice([plain], 'bn', true)).toBe(plain);
  });

  it('reads Android-style and upper-case tags', () => {
    const underscore = voice('bn_BD');
    expect(pickVoice([underscore], 'bn', true)).toBe(underscore);
    const upper = voice('UR-PK');
    expect(pickVoice([upper], 'ur', true)).toBe(upper);
  });

  it('does not take a tag that merely starts with the same letters', () => {
    expect(pickVoice([voice('eng'), voice('eng-GB')], 'en', true)).toBeUndefined();
    expect(pickVoice([voice('cyr')], 'cy', true)).toBeUndefined();
  });

  it('never falls back to a voice of another language', () => {
    expect(pickVoice([voice('en-GB'), voice('en-US'), voice('hi-IN')], 'bn', true)).toBeUndefined();
    expect(pickVoice([], 'en', true)).toBeUndefined();
  });

  it('offline, takes only on-device voices', () => {
    const network = voice('bn-BD', false);
    expect(pickVoice([network], 'bn', false)).toBeUndefined();
    expect(pickVoice([network], 'bn', true)).toBe(network);
    const local = voice('bn-IN');
    expect(pickVoice([network, local], 'bn', false)).toBe(local);
  });

  it('prefers an on-device voice even when online', () => {
    const network = voice('bn-BD', false);
    const local = voice('bn-IN');
    expect(pickVoice([network, local], 'bn', true)).toBe(local);
  });
});

/** The browser's speech, as far as read-aloud uses it. */
class FakeSynth extends EventTarget {
  voices: VoiceLike[] = [];
  getVoices = () => this.voices;
  speak = vi.fn<(utterance: FakeUtterance) => void>();
  cancel = vi.fn();

  /** New voices, announced the way browsers do (late, with `voiceschanged`). */
  setVoices(voices: VoiceLike[]) {
    this.voices = voices;
    this.dispatchEvent(new Event('voiceschanged'));
    flushSync();
  }
}

class FakeUtterance {
  voice: VoiceLike | null = null;
  lang = '';
  rate = 1;
  onend: (() => void) | null = null;
  onerror: ((event: { error: string }) => void) | null = null;
  constructor(readonly text: string) {}
}

const synth = new FakeSynth();
const BENGALI = 'আমাদের সেবা কেমন ছিল?';

function renderButton(props: { language?: string; audio?: string; label?: string } = {}) {
  return render(ReadAloud, {
    text: BENGALI,
    language: 'bn',
    label: 'Read aloud',
    stopLabel: 'Stop reading',
    ...props,
  });
}

function goOnline(online: boolean) {
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  flushSync();
}

function stubClip(play: () => Promise<void>) {
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
  return vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(play);
}

describe('the read-aloud button', () => {
  // `speech` starts once, with the first button: the fake must be in place by then.
  beforeAll(() => {
    vi.stubGlobal('speechSynthesis', synth);
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
  });
  afterEach(() => {
    // Unmount while the clip stubs are still there (jsdom cannot pause).
    cleanup();
    speech.stop();
    synth.setVoices([]);
    goOnline(true);
    vi.restoreAllMocks();
    synth.speak.mockClear();
    synth.cancel.mockClear();
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('is not offered on a Bengali screen when the only voice is English', () => {
    synth.setVoices([voice('en-GB')]);
    renderButton();
    renderButton({ language: 'en', label: 'Read aloud in English' });
    expect(screen.getAllByRole('button')).toEqual([
      screen.getByRole('button', { name: 'Read aloud in English' }),
    ]);
  });

  it('reads with a Bengali voice in its language, and stops when pressed again', async () => {
    const bnBD = voice('bn-BD');
    synth.setVoices([voice('en-GB'), bnBD]);
    renderButton();
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Read aloud' });
    expect(button).toHaveAttribute('aria-pressed', 'false');

    await user.click(button);
    expect(synth.speak).toHaveBeenCalledOnce();
    const utterance = synth.speak.mock.calls[0]![0];
    expect(utterance).toBeInstanceOf(FakeUtterance);
    expect(utterance).toMatchObject({ text: BENGALI, voice: bnBD, lang: 'bn-BD' });
    expect(button).toHaveAccessibleName('Stop reading');
    expect(button).toHaveAttribute('aria-pressed', 'true');

    synth.cancel.mockClear();
    await user.click(button);
    expect(synth.cancel).toHaveBeenCalledOnce();
    expect(button).toHaveAccessibleName('Read aloud');
    expect(synth.speak).toHaveBeenCalledOnce();
  });

  it('shows as not reading once the voice has finished', async () => {
    synth.setVoices([voice('bn-BD')]);
    renderButton();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Read aloud' }));
    synth.speak.mock.calls[0]![0].onend?.();
    flushSync();
    expect(screen.getByRole('button', { name: 'Read aloud' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  it('appears when a voice arrives late', () => {
    renderButton();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    synth.setVoices([voice('bn-IN')]);
    expect(screen.getByRole('button', { name: 'Read aloud' })).toBeInTheDocument();
  });

  it('plays a recorded clip even with no voice at all', async () => {
    const play = stubClip(() => Promise.resolve());
    renderButton({ audio: '/audio/feeling.bn.mp3' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Read aloud' }));
    expect(play).toHaveBeenCalledOnce();
    const clip = play.mock.contexts[0] as HTMLAudioElement;
    expect(clip.src).toMatch(/\/audio\/feeling\.bn\.mp3$/);
    expect(synth.speak).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Stop reading' })).toBeInTheDocument();
  });

  it('reads with a voice when the clip cannot play (offline and not cached)', async () => {
    stubClip(() => Promise.reject(new DOMException('no source', 'NotSupportedError')));
    const bnBD = voice('bn-BD');
    synth.setVoices([bnBD]);
    renderButton({ audio: '/audio/feeling.bn.mp3' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Read aloud' }));
    await vi.waitFor(() => expect(synth.speak).toHaveBeenCalledOnce());
    expect(synth.speak.mock.calls[0]![0]).toMatchObject({ text: BENGALI, voice: bnBD });
  });

  it('offline, does not count a network-only voice', () => {
    synth.setVoices([voice('bn-BD', false)]);
    renderButton();
    expect(screen.getByRole('button', { name: 'Read aloud' })).toBeInTheDocument();
    goOnline(false);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    goOnline(true);
    expect(screen.getByRole('button', { name: 'Read aloud' })).toBeInTheDocument();
  });

  it('drops a voice that cannot speak, though the browser says it is online, until the connection comes back', async () => {
    const network = voice('bn-BD', false);
    synth.setVoices([voice('en-GB'), network]);
    renderButton();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Read aloud' }));
    // Another reading taking over is no failure.
    synth.speak.mock.calls[0]![0].onerror?.({ error: 'interrupted' });
    flushSync();
    expect(screen.getByRole('button', { name: 'Read aloud' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Read aloud' }));
    synth.speak.mock.calls[1]![0].onerror?.({ error: 'network' });
    flushSync();
    // No English voice over Bengali words: the button goes.
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    goOnline(true);
    expect(screen.getByRole('button', { name: 'Read aloud' })).toBeInTheDocument();
  });

  it('offline, reads with the on-device voice', async () => {
    const local = voice('bn-IN');
    synth.setVoices([voice('bn-BD', false), local]);
    goOnline(false);
    renderButton();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Read aloud' }));
    expect(synth.speak.mock.calls[0]![0]).toMatchObject({ voice: local, lang: 'bn-IN' });
  });
});

describe('speech state', () => {
  it('knows the browser is offline when it starts after the connection dropped', async () => {
    vi.resetModules();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    const { speech: fresh } = await import('../../../src/app/lib/read-aloud.svelte');
    // The page loaded online; the Wi-Fi went before the first read-aloud button appeared.
    onLine.mockReturnValue(false);
    fresh.start();
    expect(fresh.online).toBe(false);
    onLine.mockRestore();
  });
});
