import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import PictogramPicker from '../../../../../src/app/routes/admin/survey-builder/PictogramPicker.svelte';
import { pictogramName } from '../../../../../src/app/routes/admin/survey-builder/pictogram-names';
import { PICTOGRAM_IDS, type PictogramId } from '../../../../../src/shared/survey/pictograms';

function setup(props: { value?: PictogramId; optional?: boolean } = {}) {
  const onchange = vi.fn<(value: PictogramId | undefined) => void>();
  const user = userEvent.setup();
  const view = render(PictogramPicker, {
    value: props.value,
    label: 'Question 2',
    id: 'q2-picture',
    optional: props.optional ?? false,
    describedBy: undefined,
    onchange,
  });
  return { onchange, user, view };
}

describe('pictogram picker', () => {
  it('says which picture is chosen, and shows the choices only when asked', async () => {
    const { user } = setup({ value: 'food' });
    expect(screen.getByText(`Picture: ${pictogramName('food')}`)).toBeVisible();
    const change = screen.getByRole('button', { name: 'Change picture: Question 2' });
    expect(change).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('group')).toBeNull();

    await user.click(change);
    const button = screen.getByRole('button', { name: 'Done choosing: Question 2' });
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const choices = screen.getByRole('group', { name: 'Question 2: picture' });
    expect(button).toHaveAttribute('aria-controls', choices.id);
    // Every shipped picture, by name, the chosen one checked; and whose pictures they are.
    const radios = within(choices).getAllByRole('radio');
    expect(radios).toHaveLength(PICTOGRAM_IDS.length);
    expect(within(choices).getByRole('radio', { name: pictogramName('food') })).toBeChecked();
    expect(within(choices).getByText('Pictures from OpenMoji, CC BY-SA 4.0.')).toBeVisible();
    // The pictures are decoration beside their names.
    for (const img of choices.querySelectorAll('img')) expect(img).toHaveAttribute('alt', '');

    await user.click(button);
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('hands the chosen picture back, by keyboard too', async () => {
    const { onchange, user, view } = setup({ value: 'food' });
    await user.click(screen.getByRole('button', { name: 'Change picture: Question 2' }));
    await user.click(screen.getByRole('radio', { name: pictogramName('hospital') }));
    expect(onchange).toHaveBeenLastCalledWith('hospital');

    // The screen holds the value: once it passes it back, the picker shows it.
    await view.rerender({ value: 'hospital' });
    expect(screen.getByRole('radio', { name: pictogramName('hospital') })).toBeChecked();
    expect(screen.getByText(`Picture: ${pictogramName('hospital')}`)).toBeVisible();

    // Arrow keys move through the choices like any radio group.
    screen.getByRole('radio', { name: pictogramName('hospital') }).focus();
    await user.keyboard('{ArrowRight}');
    const next = PICTOGRAM_IDS[PICTOGRAM_IDS.indexOf('hospital') + 1]!;
    expect(onchange).toHaveBeenLastCalledWith(next);
  });

  it('offers “No picture” only where a picture is optional', async () => {
    const required = setup({ value: 'food' });
    await required.user.click(screen.getByRole('button', { name: /^Change picture/ }));
    expect(screen.queryByRole('radio', { name: 'No picture' })).toBeNull();
    required.view.unmount();

    const { onchange, user } = setup({ optional: true });
    expect(screen.getByText('Picture: No picture')).toBeVisible();
    await user.click(screen.getByRole('button', { name: /^Change picture/ }));
    const none = screen.getByRole('radio', { name: 'No picture' });
    expect(none).toBeChecked();
    await user.click(screen.getByRole('radio', { name: pictogramName('food') }));
    expect(onchange).toHaveBeenLastCalledWith('food');
    await user.click(none);
    expect(onchange).toHaveBeenLastCalledWith(undefined);
  });
});
