import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import CaptureScreen from '../../../../src/app/routes/workshop/CaptureScreen.svelte';
import type { WorkshopStore } from '../../../../src/app/storage/workshop-store';
import { eventInput, freshDevice } from '../../workshop-test-kit';

async function setup(
  options: { wrap?: (store: WorkshopStore) => WorkshopStore; groups?: string[] } = {},
) {
  const device = freshDevice();
  const event = await device.store.createEvent(eventInput({ groups: options.groups ?? [] }));
  const store = options.wrap ? options.wrap(device.store) : device.store;
  const user = userEvent.setup();
  const view = render(CaptureScreen, { store, settings: device.settings, eventId: event.id });
  const box = await screen.findByRole('textbox', { name: 'Note' });
  return { ...device, event, user, view, box };
}

const notesList = () => screen.getByRole('region', { name: /Notes for this theme and question/ });
const storedLive = async (db: ReturnType<typeof freshDevice>['db']) =>
  (await db.notes.toArray()).filter((n) => n.deletedAt === undefined);

describe('capture screen', () => {
  it('saves on Enter, clears the box, keeps the focus and shows the note at once', async () => {
    const { user, box, db } = await setup();
    await user.click(box);
    await user.keyboard('More peer support workers{Enter}');
    expect(await within(notesList()).findByText('More peer support workers')).toBeInTheDocument();
    expect(box).toHaveValue('');
    expect(box).toHaveFocus();
    expect(screen.getByText('Saved.')).toBeInTheDocument();
    const stored = await db.notes.toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      themeId: 'service-design',
      questionId: 'ideal',
      text: 'More peer support workers',
    });
    // The note and its outbox entry were written together.
    expect(await db.queue.where('recordId').equals(stored[0]!.id).last()).toMatchObject({
      kind: 'workshop-note',
    });
  });

  it('keeps theme, question, voice and group for the next note', async () => {
    const { user, box, db } = await setup({ groups: ['Table 1', 'Table 2'] });
    await user.click(screen.getByRole('radio', { name: 'Training' }));
    await user.click(screen.getByRole('radio', { name: /How we get there/ }));
    await user.click(screen.getByRole('radio', { name: 'Carer' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Table or group' }), 'Table 2');
    await user.click(box);
    await user.keyboard('First{Enter}');
    await within(notesList()).findByText('First');
    await user.keyboard('Second{Enter}');
    await within(notesList()).findByText('Second');
    expect(screen.getByRole('radio', { name: 'Training' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Carer' })).toBeChecked();
    const stored = await db.notes.toArray();
    expect(stored.map((n) => [n.themeId, n.questionId, n.voice, n.group])).toEqual([
      ['training', 'get-there', 'carer', 'Table 2'],
      ['training', 'get-there', 'carer', 'Table 2'],
    ]);
  });

  it('refuses a question 2 note without has worked / has not worked, then saves once chosen', async () => {
    const { user, box, db } = await setup();
    // Its short name says both halves, so a "has not worked" note does not look misfiled.
    await user.click(screen.getByRole('radio', { name: /^2\s*Worked or not$/ }));
    await user.click(box);
    await user.keyboard('Carers were invited to the ward round{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Question 2 needs a choice');
    expect(box).toHaveValue('Carers were invited to the ward round');
    expect(await db.notes.count()).toBe(0);

    await user.click(screen.getByRole('radio', { name: 'Has worked' }));
    await user.click(box);
    await user.keyboard('{Enter}');
    await within(notesList()).findByText('Carers were invited to the ward round');
    // Keyboard shortcut for the other side; polarity resets after each save.
    expect(screen.getByRole('radio', { name: 'Has worked' })).not.toBeChecked();
    await user.keyboard('Letters arrived after the meeting');
    await user.keyboard('{Alt>}n{/Alt}');
    expect(screen.getByRole('radio', { name: 'Has not worked' })).toBeChecked();
    await user.keyboard('{Enter}');
    await within(notesList()).findByText('Letters arrived after the meeting');
    const stored = (await db.notes.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map((n) => n.polarity)).toEqual(['worked', 'not-worked']);
  });

  it('refuses an empty or whitespace-only note and loses nothing', async () => {
    const { user, box, db } = await setup();
    await user.click(box);
    await user.keyboard('Keep this{Enter}');
    await within(notesList()).findByText('Keep this');
    await user.keyboard('   {Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('The note is empty');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(await db.notes.count()).toBe(1);
    expect(within(notesList()).getByText('Keep this')).toBeInTheDocument();
  });

  it('refuses a note over 2,000 characters and keeps every character typed', async () => {
    const { user, box, db } = await setup();
    const long = 'a'.repeat(2001);
    await user.click(box);
    await user.paste(long);
    expect(screen.getByText('1 characters too many')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The note is too long: 2,001 characters',
    );
    expect(box).toHaveValue(long);
    expect(await db.notes.count()).toBe(0);
  });

  it('stores and shows emoji, Welsh, Bengali and Urdu exactly', async () => {
    const { user, box, db } = await setup();
    const texts = ['Rhowch gyfle i ŵyr a ŷd – â chroeso 👍🏽', 'আমাদের কথা শুনুন', 'ہماری بات سنیں'];
    await user.click(box);
    for (const text of texts) {
      await user.paste(text);
      await user.keyboard('{Enter}');
      await within(notesList()).findByText(text);
    }
    const stored = (await db.notes.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map((n) => n.text)).toEqual(texts);
  });

  it('says plainly when storage is full, keeps the text, and loses no saved note', async () => {
    let full = false;
    const { user, box, db } = await setup({
      wrap: (store) =>
        Object.assign(Object.create(store) as WorkshopStore, {
          addNote: (input: Parameters<WorkshopStore['addNote']>[0]) =>
            full
              ? Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'))
              : store.addNote(input),
        }),
    });
    await user.click(box);
    await user.keyboard('Saved before the disk filled{Enter}');
    await within(notesList()).findByText('Saved before the disk filled');
    full = true;
    await user.keyboard('This one will not fit{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This note was NOT saved: the tablet’s storage is full',
    );
    expect(box).toHaveValue('This one will not fit');
    expect(within(notesList()).getByText('Saved before the disk filled')).toBeInTheDocument();
    expect((await db.notes.toArray()).map((n) => n.text)).toEqual(['Saved before the disk filled']);
  });

  it('edits a note in place', async () => {
    const { user, box, db } = await setup();
    await user.click(box);
    await user.keyboard('Staf listen{Enter}');
    await within(notesList()).findByText('Staf listen');
    await user.click(screen.getByRole('button', { name: 'Edit: Staf listen' }));
    const edit = screen.getByRole('textbox', { name: 'Edit note' });
    await user.clear(edit);
    await user.type(edit, '   ');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/The note is empty/)).toBeInTheDocument();
    await user.clear(edit);
    await user.type(edit, 'Staff listen{Enter}');
    expect(await within(notesList()).findByText('Staff listen')).toBeInTheDocument();
    expect((await storedLive(db)).map((n) => n.text)).toEqual(['Staff listen']);
  });

  it('corrects who said a note and its group when editing it', async () => {
    const { user, box, db } = await setup({ groups: ['Table 1', 'Table 2'] });
    await user.click(screen.getByRole('radio', { name: 'Staff' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Table or group' }), 'Table 1');
    await user.click(box);
    await user.keyboard('Carers need breaks too{Enter}');
    await within(notesList()).findByText('Carers need breaks too');

    await user.click(screen.getByRole('button', { name: 'Edit: Carers need breaks too' }));
    const editing = within(notesList());
    expect(editing.getByRole('radio', { name: 'Staff' })).toBeChecked();
    expect(editing.getByRole('combobox', { name: 'Table or group' })).toHaveValue('Table 1');
    await user.click(editing.getByRole('radio', { name: 'Carer' }));
    await user.selectOptions(editing.getByRole('combobox', { name: 'Table or group' }), 'Table 2');
    await user.click(editing.getByRole('button', { name: 'Save changes' }));

    await within(notesList()).findByText('Note changed.');
    expect(await within(notesList()).findByText('Carer')).toBeInTheDocument();
    expect(within(notesList()).queryByText('Staff')).toBeNull();
    expect(within(notesList()).getByText('Table 2')).toBeInTheDocument();
    const [note] = await storedLive(db);
    expect(note).toMatchObject({
      text: 'Carers need breaks too',
      voice: 'carer',
      group: 'Table 2',
    });

    await user.click(screen.getByRole('button', { name: 'Edit: Carers need breaks too' }));
    await user.click(within(notesList()).getByRole('radio', { name: 'Not said' }));
    await user.selectOptions(
      within(notesList()).getByRole('combobox', { name: 'Table or group' }),
      'No group',
    );
    await user.click(within(notesList()).getByRole('button', { name: 'Save changes' }));
    await waitFor(async () => {
      const [changed] = await storedLive(db);
      expect(changed?.voice).toBeUndefined();
      expect(changed?.group).toBeUndefined();
    });
  });

  it('moves a note to another theme and question, asking for has worked on question 2', async () => {
    const { user, box, db } = await setup();
    await user.click(box);
    await user.keyboard('Clear job adverts{Enter}');
    await within(notesList()).findByText('Clear job adverts');
    await user.click(screen.getByRole('button', { name: 'Move: Clear job adverts' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Move to theme' }),
      'Recruitment and selection',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Move to question' }),
      '2. Worked or not',
    );
    await user.click(screen.getByRole('button', { name: 'Move note' }));
    expect(await screen.findByText(/Question 2 needs a choice/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Has not worked' }));
    await user.click(screen.getByRole('button', { name: 'Move note' }));
    await waitFor(() => expect(within(notesList()).queryByText('Clear job adverts')).toBeNull());
    expect(
      screen.getByText('Note moved to Recruitment and selection, question 2.'),
    ).toBeInTheDocument();
    const [note] = await storedLive(db);
    expect(note).toMatchObject({
      themeId: 'recruitment',
      questionId: 'worked',
      polarity: 'not-worked',
    });
  });

  it('deletes a note and brings it back with undo', async () => {
    const { user, box, db } = await setup();
    await user.click(box);
    await user.keyboard('Keep me{Enter}');
    await user.keyboard('Delete me{Enter}');
    await within(notesList()).findByText('Delete me');
    await user.click(screen.getByRole('button', { name: 'Delete: Delete me' }));
    await waitFor(() => expect(within(notesList()).queryByText('Delete me')).toBeNull());
    expect(screen.getByText('Note deleted.')).toBeInTheDocument();
    const tombstone = (await db.notes.toArray()).find((n) => n.text === 'Delete me');
    expect(tombstone?.deletedAt).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await within(notesList()).findByText('Delete me')).toBeInTheDocument();
    expect((await storedLive(db)).map((n) => n.text).sort()).toEqual(['Delete me', 'Keep me']);
  });

  it('says what happened to a note at the top of the list, where the tap was', async () => {
    const { user, box } = await setup();
    await user.click(box);
    await user.keyboard('Keep me{Enter}');
    await user.keyboard('Delete me{Enter}');
    await within(notesList()).findByText('Delete me');
    await user.click(screen.getByRole('button', { name: 'Delete: Delete me' }));
    // On a landscape tablet the list is beside the composer; its foot is off screen.
    const list = notesList();
    expect(await within(list).findByText('Note deleted.')).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: 'Undo' })).toBeInTheDocument();

    // A later save says "Saved." by the box, with no Undo that would undo the delete instead.
    await user.click(box);
    await user.keyboard('A new idea{Enter}');
    await within(list).findByText('A new idea');
    const composer = screen.getByRole('form', { name: 'Capture' });
    expect(within(composer).getByText('Saved.')).toBeInTheDocument();
    expect(within(composer).queryByRole('button', { name: 'Undo' })).toBeNull();

    await user.click(within(list).getByRole('button', { name: 'Edit: Keep me' }));
    const edit = screen.getByRole('textbox', { name: 'Edit note' });
    await user.clear(edit);
    await user.type(edit, 'Kept and changed{Enter}');
    expect(await within(list).findByText('Note changed.')).toBeInTheDocument();
  });

  it('keeps a half-typed note and the choices through a remount', async () => {
    const { user, box, view, store, settings, event } = await setup();
    await user.click(screen.getByRole('radio', { name: 'Leadership' }));
    await user.click(box);
    await user.keyboard('Half a thought about the board');
    // Let the draft write finish, as it would before the page went away.
    await new Promise((r) => setTimeout(r, 50));
    view.unmount();
    render(CaptureScreen, { store, settings, eventId: event.id });
    const again = await screen.findByRole('textbox', { name: 'Note' });
    await waitFor(() => expect(again).toHaveValue('Half a thought about the board'));
    expect(screen.getByRole('radio', { name: 'Leadership' })).toBeChecked();
  });
});
