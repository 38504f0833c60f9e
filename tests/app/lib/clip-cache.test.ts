import { describe, expect, it, vi } from 'vitest';
import {
  byteRange,
  CLIP_CACHE,
  isClipPath,
  serveClip,
  surveyClips,
  warmClips,
  type ClipCache,
  type FetchPort,
} from '../../../src/app/lib/clip-cache';
import { makeSurvey } from '../../fixtures/survey.factory';

const URL_OF = 'http://tablet.test/audio/feeling.bn.mp3';
const BYTES = Uint8Array.from({ length: 100 }, (_, i) => i);

/** A cache in memory, as the Cache API behaves for what the clip cache asks of it. */
function memoryCache(): ClipCache & { kept: Map<string, Response> } {
  const kept = new Map<string, Response>();
  return {
    kept,
    match: (url) => Promise.resolve(kept.get(url)?.clone()),
    put: (url, response) => {
      // The real Cache API refuses a part.
      if (response.status === 206) return Promise.reject(new TypeError('Partial response'));
      kept.set(url, response);
      return Promise.resolve();
    },
  };
}

const clipResponse = (type = 'audio/mpeg', status = 200) =>
  new Response(status === 404 ? 'Not found' : BYTES, {
    status,
    headers: { 'Content-Type': type },
  });

function network(answer: () => Response) {
  return vi.fn<FetchPort>(() => Promise.resolve(answer()));
}
const offline = vi.fn<FetchPort>(() => Promise.reject(new TypeError('Failed to fetch')));

const request = (range?: string) =>
  new Request(URL_OF, range === undefined ? {} : { headers: { Range: range } });

const bytesOf = async (response: Response) => [...new Uint8Array(await response.arrayBuffer())];

describe('serveClip (the service worker)', () => {
  it('keeps a clip fetched online and plays it from the cache offline', async () => {
    const cache = memoryCache();
    const online = network(() => clipResponse());
    const first = await serveClip(request(), cache, online);
    expect(first.status).toBe(200);
    expect(await bytesOf(first)).toEqual([...BYTES]);
    expect(cache.kept.has(URL_OF)).toBe(true);

    const again = await serveClip(request(), cache, offline);
    expect(again.status).toBe(200);
    expect(await bytesOf(again)).toEqual([...BYTES]);
    expect(offline).not.toHaveBeenCalled();
  });

  it('fetches the whole file for a media Range request, keeps it, and answers with the part', async () => {
    const cache = memoryCache();
    const online = network(() => clipResponse());
    const part = await serveClip(request('bytes=0-'), cache, online);
    // Fetched without the Range header, so the whole file could be kept.
    expect(online.mock.calls[0]![1]).toEqual({ credentials: 'same-origin' });
    expect(cache.kept.has(URL_OF)).toBe(true);
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe('bytes 0-99/100');

    const tail = await serveClip(request('bytes=90-'), cache, offline);
    expect(tail.status).toBe(206);
    expect(tail.headers.get('Content-Type')).toBe('audio/mpeg');
    expect(await bytesOf(tail)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
  });

  it('keeps no error and no page served in place of a clip', async () => {
    for (const answer of [
      () => clipResponse('application/json', 404),
      () => clipResponse('text/html; charset=utf-8'),
    ]) {
      const cache = memoryCache();
      const response = await serveClip(request(), cache, network(answer));
      expect(cache.kept.size).toBe(0);
      expect(response.headers.get('Content-Type')).not.toMatch(/^audio/);
    }
  });

  it('fails offline when the clip was never fetched, so read-aloud falls back to a voice', async () => {
    await expect(serveClip(request(), memoryCache(), offline)).rejects.toThrow('Failed to fetch');
  });
});

describe('byteRange', () => {
  const whole = () => clipResponse();

  it.each([
    ['bytes=10-19', 10, 19],
    ['bytes=95-200', 95, 99],
    ['bytes=-5', 95, 99],
    ['bytes=-500', 0, 99],
    ['bytes=0-0', 0, 0],
  ])('answers %s with bytes %i to %i', async (range, start, end) => {
    const part = await byteRange(whole(), range);
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/100`);
    expect(part.headers.get('Content-Length')).toBe(String(end - start + 1));
    expect(await bytesOf(part)).toEqual([...BYTES.slice(start, end + 1)]);
  });

  it.each(['bytes=100-', 'bytes=-0'])('says %s lies past the end (416)', async (range) => {
    const answer = await byteRange(whole(), range);
    expect(answer.status).toBe(416);
    expect(answer.headers.get('Content-Range')).toBe('bytes */100');
  });

  it.each(['bytes=0-9,20-29', 'items=0-9', 'bytes=-', 'bytes=20-10'])(
    'sends the whole clip for a range it does not read (%s)',
    async (range) => {
      const answer = await byteRange(whole(), range);
      expect(answer.status).toBe(200);
      expect(await bytesOf(answer)).toHaveLength(100);
    },
  );
});

describe('surveyClips and warmClips (the page)', () => {
  function surveyWithClips() {
    const survey = makeSurvey();
    const [first, second] = survey.questions;
    first!.text.en.audio = '/audio/rating.en.mp3';
    first!.text.cy = { text: 'Sut oedd hi?', audio: '/audio/rating.cy.mp3' };
    first!.options![1]!.text.en.audio = '/audio/good.en.mp3';
    second!.text.en.audio = '/audio/rating.en.mp3';
    return survey;
  }

  it('lists every clip of a survey once, in every language', () => {
    expect(surveyClips(surveyWithClips())).toEqual([
      '/audio/rating.en.mp3',
      '/audio/rating.cy.mp3',
      '/audio/good.en.mp3',
    ]);
    expect(surveyClips(makeSurvey())).toEqual([]);
  });

  it('fetches the clips not yet kept, and carries on past one that cannot be fetched', async () => {
    const cache = memoryCache();
    cache.kept.set('/audio/good.en.mp3', clipResponse());
    const open = vi.fn(() => Promise.resolve(cache));
    const fetchFn = vi.fn<FetchPort>((url) =>
      url === '/audio/rating.en.mp3'
        ? Promise.reject(new TypeError('Failed to fetch'))
        : Promise.resolve(clipResponse()),
    );
    await warmClips(surveyClips(surveyWithClips()), {
      caches: { open } as unknown as CacheStorage,
      fetch: fetchFn,
    });
    expect(open).toHaveBeenCalledWith(CLIP_CACHE);
    expect(fetchFn.mock.calls.map(([url]) => url)).toEqual([
      '/audio/rating.en.mp3',
      '/audio/rating.cy.mp3',
    ]);
    expect([...cache.kept.keys()].sort()).toEqual(['/audio/good.en.mp3', '/audio/rating.cy.mp3']);
  });

  it('does nothing where the browser has no Cache API', async () => {
    const fetchFn = vi.fn<FetchPort>();
    await warmClips(['/audio/a.mp3'], { caches: undefined, fetch: fetchFn });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('serves only paths under /audio/', () => {
    expect(isClipPath('/audio/feeling.bn.mp3')).toBe(true);
    expect(isClipPath('/assets/index.js')).toBe(false);
    expect(isClipPath('/api/v1/audio/x.mp3')).toBe(false);
  });
});
