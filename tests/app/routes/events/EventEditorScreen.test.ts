import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import EventEditorScreen from '../../../../src/app/routes/events/EventEditorScreen.svelte';
import { DexieWorkshopStore } from '../../../../src/app/storage/dexie-workshop.store';
import type { WorkshopStore } from '../../../../src/app/storage/workshop-store';
import { DEFAULT_THEMES } from '../../../../src/shared';
import { eventInput, freshDevice } from '../../workshop-test-kit';

type Device = ReturnType<typeof freshDevice>;
type User = ReturnType<typeof userEvent.setup>;

async function setup(
  options: { wrap?: (store: WorkshopStore) => WorkshopStore; eventId?: string } = {},
) {
  const device = freshDevice();
  return open(device, options);
}

async function open(
  device: Device,
  options: { wrap?: (store: WorkshopStore) => WorkshopStore; eventId?: string } = {},
) {
  const store = options.wrap ? options.wrap(device.store) : device.store;
  const user = userEvent.setup();
  const view = options.eventId
    ? render(EventEditorScreen, { store, eventId: options.eventId })
    : render(EventEditorScreen, { store });
  await screen.findByRole('heading', {
    level: 1,
    name: options.eventId ? 'Edit event' : 'New engagement event',
  });
  return { ...device, user, view };
}

const titleBox = () => screen.getByRole('textbox', { name: 'Event name' });
const dateBox = () => screen.getByLabelText<HTMLInputElement>('Date');
const placeBox = () => screen.getByRole('textbox', { name: 'Place' });
const themeName = (n: number) => screen.getByRole('textbox', { name: `Name of theme ${n}` });
const themeTick = (name: string) =>
  screen.getByRole('checkbox', { name: `Use “${name}” at this event` });
const groupBox = (n: number) => screen.getByRole('textbox', { name: `Label of group ${n}` });
const summary = () => screen.getByRole('alert', { name: 'Please check the form' });

async function typeInto(user: User, box: HTMLElement, text: string) {
  await user.clear(box);
  if (text) {
    await user.click(box);
    await user.paste(text);
  }
}

async function addGroup(user: User, label: string) {
  await user.click(screen.getByRole('button', { name: 'Add a group' }));
  // The new box takes the focus, so the label goes straight in.
  if (label) await user.paste(label);
}

async function addTheme(user: User, name: string) {
  await user.click(screen.getByRole('button', { name: 'Add a theme' }));
  if (name) await user.paste(name);
}

const save = (user: User) => user.click(screen.getByRole('button', { name: 'Save event' }));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message is in the focused summary, as a link to the field, and beside the field. */
async function expectFieldError(field: HTMLElement, message: string) {
  const box = await screen.findByRole('alert', { name: 'Please check the form' });
  expect(box).toHaveFocus();
  expect(within(box).getByRole('link', { name: message })).toBeInTheDocument();
  expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
}

const storedEvents = (db: Device['db']) => db.events.toArray();

describe('event editor: a new event', () => {
  it('saves the event with the default themes and opens capture for it', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop, March');
    await typeInto(user, placeBox(), 'Riverside Community Hall');
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\/[0-9a-f-]{36}$/));
    const [event, ...others] = await storedEvents(db);
    expect(others).toHaveLength(0);
    expect(location.hash).toBe(`#/events/${event!.id}`);
    expect(event).toMatchObject({
      title: 'Carers’ workshop, March',
      date: dateBox().value,
      place: 'Riverside Community Hall',
      themes: DEFAULT_THEMES.map((th) => ({ id: th.id, name: th.name })),
      groups: [],
    });
    expect(event!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The event and its outbox entry were written together.
    expect(await db.queue.where('recordId').equals(event!.id).last()).toMatchObject({
      kind: 'event',
    });
  });

  it('trims the name and place, and keeps the date chosen', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), '   Staff listening day  ');
    await typeInto(user, dateBox(), '2027-03-04');
    await typeInto(user, placeBox(), '  Town Hall ');
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\//));
    const [event] = await storedEvents(db);
    expect(event).toMatchObject({
      title: 'Staff listening day',
      date: '2027-03-04',
      place: 'Town Hall',
    });
  });

  it('saves a renamed default theme, leaves out an unticked one and adds a custom theme and groups', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await typeInto(user, themeName(1), 'Service design');
    expect(themeTick('Service design')).toBeChecked();
    await user.click(themeTick('Communication'));
    expect(themeTick('Communication')).not.toBeChecked();
    await addTheme(user, 'Housing');
    expect(themeName(8)).toHaveValue('Housing');
    expect(themeName(8)).toHaveFocus();
    await addGroup(user, 'Table 1');
    expect(groupBox(1)).toHaveFocus();
    await addGroup(user, '  Table 2 ');
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\//));
    const [event] = await storedEvents(db);
    expect(event?.themes).toEqual([
      { id: 'service-design', name: 'Service design' },
      { id: 'training', name: 'Training' },
      { id: 'leadership', name: 'Leadership' },
      { id: 'workforce', name: 'Workforce' },
      { id: 'recruitment', name: 'Recruitment and selection' },
      { id: 'working-well', name: "What's working well and why" },
      { id: expect.any(String) as string, name: 'Housing' },
    ]);
    expect(event?.groups).toEqual(['Table 1', 'Table 2']);
  });

  it('removes an added theme and a group from the middle before saving', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await addTheme(user, 'Housing');
    await addTheme(user, 'Transport');
    // Default themes can be left out, never removed.
    expect(screen.queryByRole('button', { name: 'Remove “Training”' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove “Housing”' }));
    expect(themeName(8)).toHaveValue('Transport');
    await addGroup(user, 'Table 1');
    await addGroup(user, 'Table 2');
    await addGroup(user, 'Table 3');
    await user.click(screen.getByRole('button', { name: 'Remove group Table 2' }));
    expect(groupBox(1)).toHaveValue('Table 1');
    expect(groupBox(2)).toHaveValue('Table 3');
    expect(screen.queryByRole('textbox', { name: 'Label of group 3' })).toBeNull();
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\//));
    const [event] = await storedEvents(db);
    expect(event?.themes.map((th) => th.name)).toContain('Transport');
    expect(event?.themes.map((th) => th.name)).not.toContain('Housing');
    expect(event?.groups).toEqual(['Table 1', 'Table 3']);
  });

  it('accepts a name of exactly 200 characters, emoji counted once', async () => {
    const { user, db } = await setup();
    const title = 'Gweithdy ' + '🎉'.repeat(191);
    await typeInto(user, titleBox(), title);
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\//));
    expect((await storedEvents(db)).map((e) => e.title)).toEqual([title]);
  });

  it('offers a cancel link back to the events list', async () => {
    await setup();
    expect(screen.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', '#/');
  });
});

interface InvalidCase {
  what: string;
  fill: (user: User) => Promise<void>;
  field: () => HTMLElement;
  message: string;
  /** Leave the name empty, for the cases about the name itself. */
  noTitle?: boolean;
}

const invalidCases: InvalidCase[] = [
  {
    what: 'an event with no name (only spaces)',
    noTitle: true,
    fill: (user) => typeInto(user, titleBox(), '    '),
    field: titleBox,
    message: 'Give the event a name, for example “Carers’ workshop, March”.',
  },
  {
    what: 'a name over 200 characters',
    noTitle: true,
    fill: (user) => typeInto(user, titleBox(), 'a'.repeat(201)),
    field: titleBox,
    message: 'The event name is too long. Keep it to 200 characters or fewer.',
  },
  {
    what: 'an event with no date',
    fill: (user) => user.clear(dateBox()),
    field: dateBox,
    message: 'Enter the date of the event.',
  },
  {
    what: 'a place over 200 characters',
    fill: (user) => typeInto(user, placeBox(), 'p'.repeat(201)),
    field: placeBox,
    message: 'The place is too long. Keep it to 200 characters or fewer.',
  },
  {
    what: 'a theme renamed to nothing',
    fill: (user) => user.clear(themeName(2)),
    field: () => themeName(2),
    message: 'Theme 2 has no name. Give it a name, or untick it.',
  },
  {
    what: 'a theme name over 100 characters',
    fill: (user) => typeInto(user, themeName(3), 't'.repeat(101)),
    field: () => themeName(3),
    message: 'Theme 3 has a name that is too long. Keep it to 100 characters or fewer.',
  },
  {
    what: 'two themes with the same name, whatever the case',
    fill: (user) => typeInto(user, themeName(2), 'LEADERSHIP'),
    field: () => themeName(3),
    message: 'Two themes are called “Leadership”. Give each theme its own name.',
  },
  {
    what: 'a group with no label',
    fill: (user) => addGroup(user, ''),
    field: () => groupBox(1),
    message: 'Group 1 has no label. Give it a label or remove it.',
  },
  {
    what: 'a group label over 50 characters',
    fill: async (user) => {
      await addGroup(user, 'Table 1');
      await addGroup(user, 'g'.repeat(51));
    },
    field: () => groupBox(2),
    message: 'Group 2 has a label that is too long. Keep it to 50 characters or fewer.',
  },
];

describe('event editor: checking the form', () => {
  for (const c of invalidCases) {
    it(`refuses ${c.what}: says so in the summary and beside the field, and stores nothing`, async () => {
      const { user, db } = await setup();
      if (!c.noTitle) await typeInto(user, titleBox(), 'Carers’ workshop');
      await c.fill(user);
      await save(user);
      await expectFieldError(c.field(), c.message);
      expect(screen.getAllByRole('link', { name: c.message })).toHaveLength(1);
      expect(await db.events.count()).toBe(0);
      expect(location.hash).toBe('');
    });
  }

  it('refuses an event with every theme unticked and says so above the themes', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    for (const th of DEFAULT_THEMES) await user.click(themeTick(th.name));
    await save(user);
    const message = 'Choose at least one theme for the event.';
    expect(
      within(await screen.findByRole('alert')).getByRole('link', { name: message }),
    ).toBeInTheDocument();
    expect(summary()).toHaveFocus();
    const themes = screen.getByRole('group', { name: 'Themes in play' });
    expect(within(themes).getByText(message)).toBeInTheDocument();
    expect(await db.events.count()).toBe(0);
  });

  // BUG: src/app/routes/events/EventEditorScreen.svelte, the theme checkbox (`theme-{i}-in-play`)
  // never gets aria-invalid or aria-describedby. With no theme ticked, the summary link
  // focuses the first checkbox, and a screen reader announces only "Use “Service design and
  // delivery” at this event, not checked": the message is not tied to the field.
  it('marks the first theme tick invalid and describes it with the no-themes message', async () => {
    const { user } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    for (const th of DEFAULT_THEMES) await user.click(themeTick(th.name));
    await save(user);
    await expectFieldError(
      themeTick('Service design and delivery'),
      'Choose at least one theme for the event.',
    );
  });

  it('lists every problem in the order of the fields and the links move to each field', async () => {
    const { user } = await setup();
    await user.clear(dateBox());
    await addGroup(user, '');
    await save(user);
    const links = within(await screen.findByRole('alert', { name: 'Please check the form' }))
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(links).toEqual([
      'Give the event a name, for example “Carers’ workshop, March”.',
      'Enter the date of the event.',
      'Group 1 has no label. Give it a label or remove it.',
    ]);
    await user.click(
      screen.getByRole('link', { name: 'Group 1 has no label. Give it a label or remove it.' }),
    );
    expect(groupBox(1)).toHaveFocus();
    await user.click(screen.getByRole('link', { name: 'Enter the date of the event.' }));
    expect(dateBox()).toHaveFocus();
  });

  it('keeps everything typed after an error, then saves once it is put right', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await typeInto(user, dateBox(), '2027-01-15');
    await typeInto(user, placeBox(), 'Riverside Community Hall');
    await typeInto(user, themeName(2), 'Staff training');
    await user.click(themeTick('Workforce'));
    await addTheme(user, 'Housing');
    await addGroup(user, 'Table 1');
    await addGroup(user, '');
    await save(user);
    await expectFieldError(groupBox(2), 'Group 2 has no label. Give it a label or remove it.');

    expect(titleBox()).toHaveValue('Carers’ workshop');
    expect(dateBox()).toHaveValue('2027-01-15');
    expect(placeBox()).toHaveValue('Riverside Community Hall');
    expect(themeName(2)).toHaveValue('Staff training');
    expect(themeTick('Workforce')).not.toBeChecked();
    expect(themeName(8)).toHaveValue('Housing');
    expect(groupBox(1)).toHaveValue('Table 1');
    expect(groupBox(2)).toHaveValue('');

    await typeInto(user, groupBox(2), 'Table 2');
    await save(user);
    await waitFor(() => expect(location.hash).toMatch(/^#\/events\//));
    expect(screen.queryByRole('alert')).toBeNull();
    const [event] = await storedEvents(db);
    expect(event).toMatchObject({ title: 'Carers’ workshop', groups: ['Table 1', 'Table 2'] });
    expect(event?.themes.map((th) => th.name)).toEqual([
      'Service design and delivery',
      'Staff training',
      'Leadership',
      'Recruitment and selection',
      "What's working well and why",
      'Communication',
      'Housing',
    ]);
  });

  // BUG: src/app/routes/events/event-form.ts validateEventForm checks no limit on the number
  // of groups, but the event schema allows at most EVENT_LIMITS.groups (30). With 31 groups
  // the store refuses the record and the user sees only "The event was not saved. Try
  // again." which can never succeed, with no word of what to change.
  it('refuses more than 30 groups with a message in the form, not a failed save', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    for (let i = 1; i <= 31; i++) await addGroup(user, `Table ${i}`);
    await save(user);
    expect(await screen.findByRole('alert')).toHaveAccessibleName('Please check the form');
    expect(await db.events.count()).toBe(0);
  });

  // BUG: same gap for themes: the schema allows at most EVENT_LIMITS.themes (30) themes and
  // the form does not check it, so 7 default + 24 added themes end in "The event was not
  // saved. Try again." instead of a message saying how many themes are allowed.
  it('refuses more than 30 themes with a message in the form, not a failed save', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    for (let i = 1; i <= 24; i++) await addTheme(user, `Extra theme ${i}`);
    await save(user);
    expect(await screen.findByRole('alert')).toHaveAccessibleName('Please check the form');
    expect(await db.events.count()).toBe(0);
  });

  // BUG: event-form.ts accepts two groups with the same label (it refuses duplicate theme
  // names but not duplicate group labels), and CaptureScreen.svelte keys its group options
  // by label (`{#each event.current.groups as g (g)}`), so opening capture for such an event
  // throws Svelte's each_key_duplicate error and the capture screen stays blank.
  it('refuses two groups with the same label', async () => {
    const { user, db } = await setup();
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await addGroup(user, 'Table 1');
    await addGroup(user, 'Table 1');
    await save(user);
    expect(await screen.findByRole('alert', { name: 'Please check the form' })).toHaveFocus();
    expect(await db.events.count()).toBe(0);
  });

  it('says plainly when storage is full and keeps the form as typed', async () => {
    const { user, db } = await setup({
      wrap: (store) =>
        Object.assign(Object.create(store) as WorkshopStore, {
          createEvent: () =>
            Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')),
        }),
    });
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await typeInto(user, placeBox(), 'Riverside Community Hall');
    await addGroup(user, 'Table 1');
    await save(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The event was not saved: this tablet’s storage is full. Send your notes to the server, or free space on the tablet, then try again. Everything you typed is still here.',
    );
    expect(titleBox()).toHaveValue('Carers’ workshop');
    expect(placeBox()).toHaveValue('Riverside Community Hall');
    expect(groupBox(1)).toHaveValue('Table 1');
    expect(screen.getByRole('button', { name: 'Save event' })).toBeEnabled();
    expect(location.hash).toBe('');
    expect(await db.events.count()).toBe(0);
  });

  it('says the event was not saved when the store fails for another reason', async () => {
    const { user } = await setup({
      wrap: (store) =>
        Object.assign(Object.create(store) as WorkshopStore, {
          createEvent: () => Promise.reject(new Error('disk on fire')),
        }),
    });
    await typeInto(user, titleBox(), 'Carers’ workshop');
    await save(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The event was not saved. Try again. Everything you typed is still here.',
    );
    expect(titleBox()).toHaveValue('Carers’ workshop');
  });
});

describe('event editor: an existing event', () => {
  async function withEvent() {
    const device = freshDevice();
    // Made earlier, so the edit's updatedAt is sure to differ.
    const earlier = new DexieWorkshopStore(
      device.db,
      'device-earlier',
      () => new Date('2026-01-02T10:00:00.000Z'),
    );
    const event = await earlier.createEvent(
      eventInput({
        themes: [
          { id: 'training', name: 'Staff training' },
          { id: 'custom-housing', name: 'Housing' },
        ],
        groups: ['Table 1', 'Table 2', 'Table 3'],
      }),
    );
    const opened = await open(device, { eventId: event.id });
    return { ...opened, event };
  }

  it('shows the event as saved: name, date, place, themes in play and left out, groups', async () => {
    const { event } = await withEvent();
    expect(titleBox()).toHaveValue('Carers’ workshop');
    expect(dateBox()).toHaveValue('2026-11-21');
    expect(placeBox()).toHaveValue('Riverside Community Hall');
    expect(themeName(1)).toHaveValue('Staff training');
    expect(themeTick('Staff training')).toBeChecked();
    expect(themeName(2)).toHaveValue('Housing');
    expect(themeTick('Housing')).toBeChecked();
    expect(screen.getByRole('button', { name: 'Remove “Housing”' })).toBeInTheDocument();
    // The defaults not in the event are offered, unticked.
    expect(themeName(3)).toHaveValue('Service design and delivery');
    expect(themeTick('Service design and delivery')).not.toBeChecked();
    expect(themeTick('Communication')).not.toBeChecked();
    expect(screen.queryByRole('textbox', { name: 'Name of theme 9' })).toBeNull();
    expect(
      [groupBox(1), groupBox(2), groupBox(3)].map((b) => (b as HTMLInputElement).value),
    ).toEqual(['Table 1', 'Table 2', 'Table 3']);
    expect(screen.getByRole('link', { name: 'Cancel' })).toHaveAttribute(
      'href',
      `#/events/${event.id}`,
    );
  });

  it('saves the changes to the same event and opens capture for it', async () => {
    const { user, db, event } = await withEvent();
    await typeInto(user, titleBox(), 'Carers’ workshop, March');
    await typeInto(user, placeBox(), 'Town Hall');
    await user.click(themeTick('Leadership'));
    await user.click(screen.getByRole('button', { name: 'Remove “Housing”' }));
    await user.click(screen.getByRole('button', { name: 'Remove group Table 2' }));
    await save(user);
    await waitFor(() => expect(location.hash).toBe(`#/events/${event.id}`));
    const stored = await storedEvents(db);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: event.id,
      createdAt: event.createdAt,
      title: 'Carers’ workshop, March',
      place: 'Town Hall',
      date: '2026-11-21',
      themes: [
        { id: 'training', name: 'Staff training' },
        { id: 'leadership', name: 'Leadership' },
      ],
      groups: ['Table 1', 'Table 3'],
    });
    expect(stored[0]!.updatedAt).not.toBe(event.updatedAt);
    expect(await db.queue.where('recordId').equals(event.id).last()).toMatchObject({
      kind: 'event',
      recordUpdatedAt: stored[0]!.updatedAt,
    });
  });

  it('keeps what is being typed when the event changes elsewhere', async () => {
    const { user, store, event } = await withEvent();
    await typeInto(user, titleBox(), 'My new name');
    await store.updateEvent(event.id, eventInput({ title: 'Changed on another tab' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(titleBox()).toHaveValue('My new name');
  });

  it('says so when the event is not on this tablet', async () => {
    const device = freshDevice();
    render(EventEditorScreen, {
      store: device.store,
      eventId: '01900000-0000-7000-8000-000000000000',
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('This event is not on this tablet.');
    expect(screen.queryByRole('textbox', { name: 'Event name' })).toBeNull();
  });
});
