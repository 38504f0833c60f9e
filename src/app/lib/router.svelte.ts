import { KEY_QUESTION_IDS, type KeyQuestionId } from '../../shared/themes';

/**
 * A hash router: the app is one static page that the service worker serves offline, so
 * routes live after `#` and never reach a server.
 */
export type Route =
  | { name: 'events' }
  | { name: 'event-new' }
  | { name: 'event-edit'; eventId: string }
  | {
      name: 'capture';
      eventId: string;
      themeId?: string | undefined;
      questionId?: KeyQuestionId | undefined;
    }
  | { name: 'board'; eventId: string }
  | { name: 'playback'; eventId: string }
  | { name: 'sync' }
  | { name: 'enrol'; code?: string | undefined }
  | { name: 'surveys' }
  | { name: 'survey-run'; surveyId: string }
  | { name: 'kiosk'; surveyId?: string | undefined }
  | { name: 'sign-up'; eventId?: string | undefined }
  /**
   * The admin console (`#/admin/...`): its own lazily loaded chunk, which reads the path
   * segments after `admin` and the query itself.
   */
  | { name: 'admin'; path: string[]; query: Record<string, string> }
  | { name: 'not-found' };

/** A path segment as typed, or as it came if its escapes are broken. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/events') return { name: 'events' };
  if (path === '/events/new') return { name: 'event-new' };
  if (path === '/sync') return { name: 'sync' };
  if (path === '/surveys') return { name: 'surveys' };
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, never mutated reactively
  const params = new URLSearchParams(query);
  // A QR code carries the enrolment code here; being after `#`, it never reaches a server log.
  if (path === '/enrol') return { name: 'enrol', code: params.get('code') ?? undefined };
  if (path === '/get-involved')
    return { name: 'sign-up', eventId: params.get('event') ?? undefined };
  if (path === '/kiosk') return { name: 'kiosk', surveyId: params.get('survey') ?? undefined };
  if (path === '/admin' || path.startsWith('/admin/')) {
    const segments = path.slice('/admin'.length).split('/').filter(Boolean).map(decodeSegment);
    return { name: 'admin', path: segments, query: Object.fromEntries(params) };
  }
  const survey = /^\/surveys\/([a-z0-9-]{1,64})$/.exec(path);
  if (survey) return { name: 'survey-run', surveyId: survey[1]! };
  const m = /^\/events\/([0-9a-f-]{36})(?:\/(edit|board|playback))?$/.exec(path);
  if (m) {
    const eventId = m[1]!;
    switch (m[2]) {
      case 'edit':
        return { name: 'event-edit', eventId };
      case 'board':
        return { name: 'board', eventId };
      case 'playback':
        return { name: 'playback', eventId };
      default: {
        const q = params.get('question');
        const questionId = KEY_QUESTION_IDS.find((id) => id === q);
        return { name: 'capture', eventId, themeId: params.get('theme') ?? undefined, questionId };
      }
    }
  }
  return { name: 'not-found' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'events':
    case 'not-found':
      return '#/';
    case 'event-new':
      return '#/events/new';
    case 'sync':
      return '#/sync';
    case 'enrol':
      return route.code ? `#/enrol?code=${encodeURIComponent(route.code)}` : '#/enrol';
    case 'surveys':
      return '#/surveys';
    case 'survey-run':
      return `#/surveys/${route.surveyId}`;
    case 'sign-up':
      return route.eventId ? `#/get-involved?event=${route.eventId}` : '#/get-involved';
    case 'kiosk':
      return route.surveyId ? `#/kiosk?survey=${encodeURIComponent(route.surveyId)}` : '#/kiosk';
    case 'event-edit':
      return `#/events/${route.eventId}/edit`;
    case 'capture': {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local builder, not state
      const params = new URLSearchParams();
      if (route.themeId) params.set('theme', route.themeId);
      if (route.questionId) params.set('question', route.questionId);
      const query = params.toString();
      return `#/events/${route.eventId}${query ? `?${query}` : ''}`;
    }
    case 'board':
      return `#/events/${route.eventId}/board`;
    case 'playback':
      return `#/events/${route.eventId}/playback`;
    case 'admin': {
      const path = route.path.map(encodeURIComponent).join('/');
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local builder, not state
      const query = new URLSearchParams(route.query).toString();
      return `#/admin${path ? `/${path}` : ''}${query ? `?${query}` : ''}`;
    }
  }
}

export class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    $effect(() => {
      const onChange = () => {
        const next = parseRoute(location.hash);
        // The same place again (a repeated hashchange) must not remount the screen.
        if (href(next) !== href(this.route) || next.name !== this.route.name) this.route = next;
      };
      window.addEventListener('hashchange', onChange);
      return () => window.removeEventListener('hashchange', onChange);
    });
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}
