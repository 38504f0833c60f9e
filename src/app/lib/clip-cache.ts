/**
 * Recorded clips (a survey's `audio`, always a path under `/audio/` on the app's own origin)
 * kept on the tablet, so read-aloud plays them with the network off. The page fetches a
 * survey's clips into the cache when it shows the survey (`warmClips`); the service worker
 * answers every `/audio/` request from that cache first (`serveClip`), with the byte ranges
 * a media element asks for. Nothing here is precached: clips come with surveys, not builds.
 */
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';

export const CLIP_CACHE = 'involve-clips-v1';

/** The part of the Cache API the clip cache uses (a real `Cache` is one). */
export interface ClipCache {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

export type FetchPort = (url: string, init?: RequestInit) => Promise<Response>;

/** True for a path the clip cache serves. */
export function isClipPath(pathname: string): boolean {
  return pathname.startsWith('/audio/');
}

/** Every clip a survey names, in any language, once each. */
export function surveyClips(survey: SurveyDefinition): string[] {
  const texts = [
    survey.title,
    survey.intro,
    ...survey.questions.flatMap((q) => [q.text, ...(q.options ?? []).map((o) => o.text)]),
  ];
  const urls = texts.flatMap((text) =>
    text ? Object.values(text).flatMap((wording) => (wording?.audio ? [wording.audio] : [])) : [],
  );
  return [...new Set(urls)];
}

/** Only a whole audio file is kept: never a part, an error, or a page served in its place. */
function isWholeClip(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return response.status === 200 && /^(audio|video)\//.test(type);
}

/**
 * Fetches a whole clip (with no Range header: the Cache API refuses a 206 part) and keeps it
 * if it is one. Rejects when the network is gone.
 */
export async function fetchClip(url: string, cache: ClipCache, fetchFn: FetchPort) {
  const response = await fetchFn(url, { credentials: 'same-origin' });
  if (isWholeClip(response)) await cache.put(url, response.clone());
  return response;
}

/**
 * The service worker's answer to a clip request: the kept copy if there is one, else the
 * network's (kept for next time). A `Range` request gets the bytes it asked for.
 */
export async function serveClip(
  request: Request,
  cache: ClipCache,
  fetchFn: FetchPort,
): Promise<Response> {
  const kept = await cache.match(request.url);
  const whole = kept ?? (await fetchClip(request.url, cache, fetchFn));
  if (!isWholeClip(whole)) return whole;
  return byteRange(whole, request.headers.get('range'));
}

/**
 * The part of a whole response that a `Range: bytes=…` header asks for (206), 416 when it
 * lies past the end, or the whole response for no header or one this does not read (HTTP
 * lets a server ignore a Range it does not support).
 */
export async function byteRange(whole: Response, range: string | null): Promise<Response> {
  if (range === null) return whole;
  const body = await whole.arrayBuffer();
  const size = body.byteLength;
  const type = whole.headers.get('content-type') ?? 'application/octet-stream';
  const whole200 = () => new Response(body, { status: 200, headers: { 'Content-Type': type } });
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  const from = match?.[1] ?? '';
  const to = match?.[2] ?? '';
  if (!match || (from === '' && to === '')) return whole200();
  let start: number;
  let end: number;
  if (from === '') {
    // The last `to` bytes ("bytes=-0" asks for none).
    const last = Number(to);
    start = last === 0 ? size : Math.max(0, size - last);
    end = size - 1;
  } else {
    start = Number(from);
    if (to !== '' && Number(to) < start) return whole200();
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  return new Response(body.slice(start, end + 1), {
    status: 206,
    statusText: 'Partial Content',
    headers: {
      'Content-Type': type,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': String(end - start + 1),
    },
  });
}

/**
 * Fetches the clips not yet kept, one after another; one that cannot be fetched now (no
 * network) is tried again the next time a survey starts.
 */
export async function warmClips(
  urls: readonly string[],
  ports: { caches?: CacheStorage | undefined; fetch: FetchPort } = {
    caches: typeof caches === 'undefined' ? undefined : caches,
    fetch: (url, init) => fetch(url, init),
  },
): Promise<void> {
  if (urls.length === 0 || !ports.caches) return;
  const cache = await ports.caches.open(CLIP_CACHE);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    await fetchClip(url, cache, ports.fetch).catch(() => undefined);
  }
}
