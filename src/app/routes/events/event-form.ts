import {
  DEFAULT_THEMES,
  EVENT_LIMITS,
  countChars,
  uuidv7,
  type WorkshopEvent,
} from '../../../shared/domain';
import type { EventInput } from '../../storage/workshop-store';
import { eventStrings } from './events.i18n';

export interface ThemeRow {
  id: string;
  name: string;
  inPlay: boolean;
  /** Default themes can be left out but not removed from the list. */
  isDefault: boolean;
}

export interface EventFormValues {
  title: string;
  date: string;
  place: string;
  themes: ThemeRow[];
  groups: string[];
}

export interface FieldError {
  /** The id of the input the message is about, for the summary link and aria-describedby. */
  field: string;
  message: string;
}

export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function blankEventForm(now = new Date()): EventFormValues {
  return {
    title: '',
    date: localToday(now),
    place: '',
    themes: DEFAULT_THEMES.map((th) => ({
      id: th.id,
      name: th.name,
      inPlay: true,
      isDefault: true,
    })),
    groups: [],
  };
}

export function eventForm(event: WorkshopEvent): EventFormValues {
  const inEvent = new Set(event.themes.map((th) => th.id));
  const defaults = new Set<string>(DEFAULT_THEMES.map((th) => th.id));
  return {
    title: event.title,
    date: event.date,
    place: event.place,
    themes: [
      ...event.themes.map((th) => ({
        id: th.id,
        name: th.name,
        inPlay: true,
        isDefault: defaults.has(th.id),
      })),
      ...DEFAULT_THEMES.filter((th) => !inEvent.has(th.id)).map((th) => ({
        id: th.id,
        name: th.name,
        inPlay: false,
        isDefault: true,
      })),
    ],
    groups: [...event.groups],
  };
}

export function newThemeRow(name: string): ThemeRow {
  return { id: uuidv7(), name, inPlay: true, isDefault: false };
}

/** Every problem with the form, in the order the fields appear, in plain words. */
export function validateEventForm(values: EventFormValues): FieldError[] {
  const { t } = eventStrings;
  const errors: FieldError[] = [];
  const title = values.title.trim();
  if (!title) errors.push({ field: 'event-title', message: t('errTitleEmpty') });
  else if (countChars(title) > EVENT_LIMITS.title)
    errors.push({ field: 'event-title', message: t('errTitleLong', { max: EVENT_LIMITS.title }) });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || Number.isNaN(Date.parse(values.date)))
    errors.push({ field: 'event-date', message: t('errDate') });
  if (countChars(values.place.trim()) > EVENT_LIMITS.place)
    errors.push({ field: 'event-place', message: t('errPlaceLong', { max: EVENT_LIMITS.place }) });
  const inPlay = values.themes.filter((th) => th.inPlay);
  if (inPlay.length === 0) errors.push({ field: 'theme-0-in-play', message: t('errNoThemes') });
  if (inPlay.length > EVENT_LIMITS.themes)
    errors.push({
      field: 'theme-0-in-play',
      message: t('errTooManyThemes', { max: EVENT_LIMITS.themes }),
    });
  const seen = new Set<string>();
  values.themes.forEach((th, i) => {
    if (!th.inPlay) return;
    const name = th.name.trim();
    const field = `theme-${i}-name`;
    if (!name) errors.push({ field, message: t('errThemeEmpty', { number: i + 1 }) });
    else if (countChars(name) > EVENT_LIMITS.themeName)
      errors.push({
        field,
        message: t('errThemeLong', { number: i + 1, max: EVENT_LIMITS.themeName }),
      });
    else if (seen.has(name.toLocaleLowerCase()))
      errors.push({ field, message: t('errThemeDuplicate', { name }) });
    seen.add(name.toLocaleLowerCase());
  });
  if (values.groups.length > EVENT_LIMITS.groups)
    errors.push({
      field: 'add-group',
      message: t('errTooManyGroups', { max: EVENT_LIMITS.groups }),
    });
  const seenGroups = new Set<string>();
  values.groups.forEach((g, i) => {
    const field = `group-${i}`;
    const label = g.trim().toLocaleLowerCase();
    if (!label) errors.push({ field, message: t('errGroupEmpty', { number: i + 1 }) });
    else if (seenGroups.has(label))
      errors.push({ field, message: t('errGroupDuplicate', { name: g.trim() }) });
    else if (countChars(g.trim()) > EVENT_LIMITS.group)
      errors.push({
        field,
        message: t('errGroupLong', { number: i + 1, max: EVENT_LIMITS.group }),
      });
    seenGroups.add(label);
  });
  return errors;
}

export function toEventInput(values: EventFormValues): EventInput {
  return {
    title: values.title.trim(),
    date: values.date,
    place: values.place.trim(),
    themes: values.themes
      .filter((th) => th.inPlay)
      .map((th) => ({ id: th.id, name: th.name.trim() })),
    groups: values.groups.map((g) => g.trim()),
  };
}
