import {
  ADMIN_PAGE_LIMITS,
  type AdminEventSummary,
  type AdminPage,
} from '../../../../shared/admin/admin-api';
import type { EventFormValues } from '../../events/event-form';
import type { AdminClient } from '../admin-client';
import type { FieldTarget } from '../admin-form.svelte';
import { eventStrings } from '../../events/events.i18n';

/** One page of the events list (`after`: the `next` of the page before). */
export function eventsPage(
  client: AdminClient,
  after?: string,
  limit?: number,
): Promise<AdminPage<'events', AdminEventSummary>> {
  const query = [
    after === undefined ? '' : `after=${encodeURIComponent(after)}`,
    limit === undefined ? '' : `limit=${limit}`,
  ].filter((part) => part !== '');
  return client.get(`/events${query.length > 0 ? `?${query.join('&')}` : ''}`);
}

/**
 * Every event, read page by page in the largest pages the server gives: for an event picker
 * and for naming the events outcomes belong to, where a list cut short would be wrong.
 */
export async function allEvents(client: AdminClient): Promise<AdminEventSummary[]> {
  const events: AdminEventSummary[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await eventsPage(client, after, ADMIN_PAGE_LIMITS.max);
    events.push(...page.events);
    // A cursor that does not move on would loop for ever: stop rather than hang the screen.
    if (page.next === null || page.next === after || page.events.length === 0) return events;
    after = page.next;
  }
}

/** Publishes an event to tablets (they get it by pull), or takes it back. */
export function setEventPublished(
  client: AdminClient,
  eventId: string,
  publish: boolean,
): Promise<AdminEventSummary> {
  return client.post<AdminEventSummary>(
    `/events/${encodeURIComponent(eventId)}/${publish ? 'publish' : 'unpublish'}`,
  );
}

/**
 * What each input of the event form holds, by the id its problems are shown against, to tell
 * which changed since a submit (`FieldRecheck`).
 */
export function eventFieldValues(values: EventFormValues): Map<string, string> {
  const held = new Map<string, string>([
    ['event-title', values.title],
    ['event-date', values.date],
    ['event-place', values.place],
    // Which themes are in play, and how many groups there are: their own problems' fields.
    ['theme-0-in-play', values.themes.map((th) => (th.inPlay ? '1' : '0')).join('')],
    ['add-group', String(values.groups.length)],
  ]);
  values.themes.forEach((th, i) => held.set(`theme-${i}-name`, th.name));
  values.groups.forEach((g, i) => held.set(`group-${i}`, g));
  return held;
}

/**
 * Where a problem named by the schema or the server (`themes.2.name`) is shown in the event
 * form. The input's themes are the ticked rows only, so their index is mapped back to the row.
 */
export function eventFieldTarget(values: EventFormValues, path: string): FieldTarget | undefined {
  const { t } = eventStrings;
  const [head, index, ...rest] = path.split('.');
  switch (head) {
    case 'title':
      return { field: 'event-title', label: t('fieldTitle') };
    case 'date':
      return { field: 'event-date', label: t('fieldDate') };
    case 'place':
      return { field: 'event-place', label: t('fieldPlace') };
    case 'themes': {
      if (index === undefined) return { field: 'theme-0-in-play', label: t('themesLegend') };
      const rows = values.themes.flatMap((row, i) => (row.inPlay ? [i] : []));
      const row = rows[Number(index)];
      if (row === undefined || rest.length > 1)
        return { field: 'theme-0-in-play', label: t('themesLegend') };
      return { field: `theme-${row}-name`, label: t('themeName', { number: row + 1 }) };
    }
    case 'groups': {
      if (index === undefined) return { field: 'add-group', label: t('groupsLegend') };
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= values.groups.length)
        return { field: 'add-group', label: t('groupsLegend') };
      return { field: `group-${i}`, label: t('groupName', { number: i + 1 }) };
    }
    default:
      return undefined;
  }
}
