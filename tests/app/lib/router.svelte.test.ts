import { describe, expect, it } from 'vitest';
import { Router, href, navigate, parseRoute } from '../../../src/app/lib/router.svelte';
import type { Route } from '../../../src/app/lib/router.svelte';

const id = '01900000-0000-7abc-8def-0123456789ab';

const routes: [Route, string][] = [
  [{ name: 'events' }, '#/'],
  [{ name: 'event-new' }, '#/events/new'],
  [{ name: 'event-edit', eventId: id }, `#/events/${id}/edit`],
  [{ name: 'capture', eventId: id }, `#/events/${id}`],
  [{ name: 'capture', eventId: id, themeId: 'training' }, `#/events/${id}?theme=training`],
  [{ name: 'capture', eventId: id, questionId: 'get-there' }, `#/events/${id}?question=get-there`],
  [
    { name: 'capture', eventId: id, themeId: 'working-well', questionId: 'worked' },
    `#/events/${id}?theme=working-well&question=worked`,
  ],
  [{ name: 'board', eventId: id }, `#/events/${id}/board`],
  [{ name: 'playback', eventId: id }, `#/events/${id}/playback`],
  [{ name: 'admin', path: [], query: {} }, '#/admin'],
  [{ name: 'admin', path: ['events', id], query: {} }, `#/admin/events/${id}`],
  [
    { name: 'admin', path: ['outcomes', 'new'], query: { event: id, theme: 'training' } },
    `#/admin/outcomes/new?event=${id}&theme=training`,
  ],
];

describe('router', () => {
  for (const [route, hash] of routes) {
    it(`links ${route.name} to ${hash} and reads it back`, () => {
      expect(href(route)).toBe(hash);
      expect(parseRoute(hash)).toEqual(route);
      expect(href(parseRoute(hash))).toBe(hash);
    });
  }

  it('opens the events list for an empty hash, #/events and a trailing slash', () => {
    for (const hash of ['', '#', '#/', '#/events', '#/events/', '#//']) {
      expect(parseRoute(hash)).toEqual({ name: 'events' });
    }
    expect(parseRoute('#/events/new/')).toEqual({ name: 'event-new' });
    expect(parseRoute(`#/events/${id}/board/`)).toEqual({ name: 'board', eventId: id });
  });

  it('keeps a theme id with spaces or symbols through the link', () => {
    const route: Route = { name: 'capture', eventId: id, themeId: 'a b&c=d', questionId: 'ideal' };
    expect(parseRoute(href(route))).toEqual(route);
  });

  it('reads the admin console path and query, decoded, and keeps odd values through a link', () => {
    expect(parseRoute('#/admin/')).toEqual({ name: 'admin', path: [], query: {} });
    expect(parseRoute('#/admin//sign-ups/?q=Jo%20Bloggs')).toEqual({
      name: 'admin',
      path: ['sign-ups'],
      query: { q: 'Jo Bloggs' },
    });
    expect(parseRoute('#/admin/surveys/a%2Fb/results')).toEqual({
      name: 'admin',
      path: ['surveys', 'a/b', 'results'],
      query: {},
    });
    // A broken escape is kept as typed rather than failing the whole route.
    expect(parseRoute('#/admin/events/%E0%A4%A')).toEqual({
      name: 'admin',
      path: ['events', '%E0%A4%A'],
      query: {},
    });
    const route: Route = {
      name: 'admin',
      path: ['outcomes', 'new'],
      query: { evidence: `${id},${id}`, theme: 'a b&c=d' },
    };
    expect(parseRoute(href(route))).toEqual(route);
    expect(parseRoute('#/administrator')).toEqual({ name: 'not-found' });
  });

  it('sends unknown paths to not-found', () => {
    for (const hash of [
      '#/nope',
      '#/events/123',
      `#/events/${id}/delete`,
      `#/events/${id}/board/extra`,
      `#/events/${id.toUpperCase()}`,
      `#/events/${id}x`,
      '#/events/new/edit',
      `#/notes/${id}`,
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: 'not-found' });
    }
    expect(href({ name: 'not-found' })).toBe('#/');
  });

  it('drops a question that is not one of the three, keeping the theme', () => {
    const route = parseRoute(`#/events/${id}?theme=training&question=nope`);
    expect(route).toEqual({ name: 'capture', eventId: id, themeId: 'training' });
    expect(route).toHaveProperty('questionId', undefined);
    expect(parseRoute(`#/events/${id}?question=`)).toHaveProperty('questionId', undefined);
  });

  it('follows the address as it changes, and navigate changes it', async () => {
    location.hash = `#/events/${id}/board`;
    let router: Router | undefined;
    const stop = $effect.root(() => {
      router = new Router();
    });
    try {
      expect(router?.route).toEqual({ name: 'board', eventId: id });
      navigate({ name: 'playback', eventId: id });
      expect(location.hash).toBe(`#/events/${id}/playback`);
      await new Promise((resolve) =>
        window.addEventListener('hashchange', resolve, { once: true }),
      );
      expect(router?.route).toEqual({ name: 'playback', eventId: id });
    } finally {
      stop();
    }
  });
});
