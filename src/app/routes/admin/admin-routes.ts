import { href } from '../../lib/router.svelte';
import type { AdminClient } from './admin-client';

/**
 * The props every console screen takes (AdminScreen passes them; see its header comment):
 * `client` is signed in, `params` are the path's parameters (`id`), `query` the hash's query.
 */
export interface AdminScreenProps {
  client: AdminClient;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** The console's sections, in the order the navigation shows them. */
export const ADMIN_SECTIONS = [
  'events',
  'surveys',
  'tablets',
  'sign-ups',
  'outcomes',
  'reach',
  'account',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** Every screen the console can show; AdminScreen maps each to a lazily imported component. */
export type AdminView =
  | 'events'
  | 'event-new'
  | 'event-edit'
  | 'heard'
  | 'you-said-we-did-sheet'
  | 'surveys'
  | 'survey-builder'
  | 'survey-results'
  | 'outcomes'
  | 'outcome-editor'
  | 'reach'
  | 'tablets'
  | 'sign-ups'
  | 'account';

export interface AdminMatch {
  view: AdminView;
  section: AdminSection;
  params: Record<string, string | undefined>;
}

/**
 * Which screen a console path (the segments after `#/admin`) shows, or undefined for a path
 * the console does not have. `#/admin` alone is the events list.
 */
export function matchAdminPath(path: readonly string[]): AdminMatch | undefined {
  const [section = 'events', id, sub, ...rest] = path;
  if (rest.length > 0) return undefined;
  const only = (view: AdminView, s: AdminSection): AdminMatch | undefined =>
    id === undefined ? { view, section: s, params: {} } : undefined;
  switch (section) {
    case 'events':
      if (id === undefined) return { view: 'events', section, params: {} };
      if (id === 'new')
        return sub === undefined ? { view: 'event-new', section, params: {} } : undefined;
      if (sub === undefined) return { view: 'heard', section, params: { id } };
      if (sub === 'edit') return { view: 'event-edit', section, params: { id } };
      if (sub === 'you-said-we-did')
        return { view: 'you-said-we-did-sheet', section: 'outcomes', params: { id } };
      return undefined;
    case 'surveys':
      if (id === undefined) return { view: 'surveys', section, params: {} };
      if (sub === undefined) return { view: 'survey-builder', section, params: { id } };
      if (sub === 'results') return { view: 'survey-results', section, params: { id } };
      return undefined;
    case 'outcomes':
      if (id === undefined) return { view: 'outcomes', section, params: {} };
      return sub === undefined ? { view: 'outcome-editor', section, params: { id } } : undefined;
    case 'reach':
    case 'tablets':
    case 'sign-ups':
    case 'account':
      return sub === undefined ? only(section, section) : undefined;
    default:
      return undefined;
  }
}

/** A link inside the console: `adminHref(['events', id])` → `#/admin/events/<id>`. */
export function adminHref(
  path: readonly string[],
  query: Record<string, string | undefined> = {},
): string {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) defined[key] = value;
  return href({ name: 'admin', path: [...path], query: defined });
}

/** Moves the console to another screen (it stays mounted; only the screen changes). */
export function adminNavigate(
  path: readonly string[],
  query: Record<string, string | undefined> = {},
): void {
  location.hash = adminHref(path, query);
}
