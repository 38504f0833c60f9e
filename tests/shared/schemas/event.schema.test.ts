import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../../../src/shared/rules';
import { eventSchema, themeSchema } from '../../../src/shared/schemas/event.schema';
import { DEFAULT_THEMES } from '../../../src/shared/themes';
import { makeEvent } from '../../fixtures/workshop.factory';

/** A valid event as plain input, so a test can break one field at a time. */
function validInput(): Record<string, unknown> {
  return { ...makeEvent() };
}

/** The paths of every issue a failed parse reports. */
function issuePaths(input: unknown): PropertyKey[][] {
  const result = eventSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => [...issue.path]) ?? [];
}

function themes(count: number): { id: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `theme-${i}`, name: `Theme ${i}` }));
}

describe('eventSchema: valid events', () => {
  it('parses the factory event with the seven default themes in order', () => {
    const input = validInput();
    const event = eventSchema.parse(input);
    expect(event).toEqual(input);
    expect(event.themes.map((t) => t.id)).toEqual(DEFAULT_THEMES.map((t) => t.id));
    expect(event.archivedAt).toBeUndefined();
  });

  it('trims the title, place, theme names and groups', () => {
    const event = eventSchema.parse({
      ...validInput(),
      title: '  Carers’ workshop \n',
      place: ' Riverside ',
      themes: [{ id: 'training', name: '  Training  ' }],
      groups: [' Table 1 ', 'Table 2'],
    });
    expect(event.title).toBe('Carers’ workshop');
    expect(event.place).toBe('Riverside');
    expect(event.themes).toEqual([{ id: 'training', name: 'Training' }]);
    expect(event.groups).toEqual(['Table 1', 'Table 2']);
  });

  it('allows an empty place and no groups', () => {
    const event = eventSchema.parse({ ...validInput(), place: '', groups: [] });
    expect(event.place).toBe('');
    expect(event.groups).toEqual([]);
  });

  it.each([
    ['Welsh', 'Gŵyl Dewi: Ŵ ŷ â', 'Canolfan Gymunedol, Tŷ Newydd'],
    ['Bengali', 'আমাদের কথা শুনুন', 'কমিউনিটি হল'],
    ['Urdu', 'ہماری بات سنیں', 'کمیونٹی ہال'],
    ['emoji', 'Carers’ café ☕️🙂', 'Hall 🏛️'],
  ])('preserves a %s title and place exactly', (_label, title, place) => {
    const event = eventSchema.parse({ ...validInput(), title, place });
    expect(event.title).toBe(title);
    expect(event.place).toBe(place);
  });

  it('accepts a leap day, an archive time and the limits exactly', () => {
    const event = eventSchema.parse({
      ...validInput(),
      date: '2028-02-29',
      archivedAt: '2026-12-01T09:30:00.000Z',
      title: 't'.repeat(EVENT_LIMITS.title),
      place: 'p'.repeat(EVENT_LIMITS.place),
      themes: themes(EVENT_LIMITS.themes),
      groups: Array.from({ length: EVENT_LIMITS.groups }, () => 'g'.repeat(EVENT_LIMITS.group)),
    });
    expect(event.date).toBe('2028-02-29');
    expect(event.archivedAt).toBe('2026-12-01T09:30:00.000Z');
    expect(event.themes).toHaveLength(30);
    expect(event.groups).toHaveLength(30);
  });
});

describe('eventSchema: invalid events', () => {
  it('rejects an event without themes at path themes', () => {
    expect(issuePaths({ ...validInput(), themes: [] })).toEqual([['themes']]);
  });

  it('rejects more than 30 themes', () => {
    expect(issuePaths({ ...validInput(), themes: themes(31) })).toEqual([['themes']]);
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['29 February in a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['a British-style date', '21/11/2026'],
    ['single-digit month and day', '2026-1-1'],
    ['a full timestamp', '2026-11-21T10:00:00.000Z'],
    ['an empty string', ''],
  ])('rejects %s at path date', (_label, date) => {
    expect(issuePaths({ ...validInput(), date })).toEqual([['date']]);
  });

  it.each([
    ['a blank title', { title: '   ' }, ['title']],
    ['a title over 200 characters', { title: 't'.repeat(201) }, ['title']],
    ['a place over 200 characters', { place: 'p'.repeat(201) }, ['place']],
    ['a blank theme name', { themes: [{ id: 'training', name: ' ' }] }, ['themes', 0, 'name']],
    [
      'a theme name over 100 characters',
      { themes: [{ id: 'training', name: 'n'.repeat(101) }] },
      ['themes', 0, 'name'],
    ],
    ['an empty theme id', { themes: [{ id: '', name: 'Training' }] }, ['themes', 0, 'id']],
    ['a blank group', { groups: ['Table 1', '  '] }, ['groups', 1]],
    ['a group over 50 characters', { groups: ['g'.repeat(51)] }, ['groups', 0]],
    ['more than 30 groups', { groups: Array.from({ length: 31 }, () => 'g') }, ['groups']],
    ['a bad id', { id: 'event-1' }, ['id']],
    ['a v4 id', { id: '3b241101-e2bb-4255-8caf-4136c566a962' }, ['id']],
    ['a bad archivedAt', { archivedAt: '2026-12-01' }, ['archivedAt']],
    ['a bad createdAt', { createdAt: 'now' }, ['createdAt']],
    ['another schema version', { schemaVersion: 0 }, ['schemaVersion']],
  ])('rejects %s at the right path', (_label, override, path) => {
    expect(issuePaths({ ...validInput(), ...override })).toEqual([path]);
  });
});

describe('themeSchema', () => {
  it('accepts every default theme', () => {
    for (const theme of DEFAULT_THEMES) expect(themeSchema.parse({ ...theme })).toEqual(theme);
  });

  it('rejects an id over 64 characters', () => {
    const result = themeSchema.safeParse({ id: 'x'.repeat(65), name: 'Long' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['id']]);
  });
});
