import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import KioskScreen from '../../../../src/app/routes/kiosk/KioskScreen.svelte';
import { KIOSK_KEY, type KioskConfig } from '../../../../src/app/routes/kiosk/kiosk-config';
import { freshDevice } from '../../workshop-test-kit';

afterEach(() => {
  vi.restoreAllMocks();
});

it('shows the set-up until a kiosk is started, then its welcome screen; leaving goes back', async () => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  const { settings, surveys } = freshDevice();
  const onchange = vi.fn<(config: KioskConfig | undefined) => void>();
  const user = userEvent.setup();
  const view = render(KioskScreen, { settings, surveys, config: undefined, onchange });

  expect(screen.getByRole('heading', { name: 'Start kiosk mode' })).toBeInTheDocument();
  await user.type(screen.getByRole('textbox', { name: 'Ward or service name' }), 'Ward 3');
  await user.type(screen.getByLabelText('Staff PIN (4 to 8 digits)'), '4829');
  await user.type(screen.getByLabelText('Type the PIN again'), '4829');
  await user.click(screen.getByRole('button', { name: 'Start kiosk mode' }));
  await vi.waitFor(() => expect(onchange).toHaveBeenCalledOnce());
  const config = onchange.mock.calls[0]![0]!;
  expect(await settings.get(KIOSK_KEY)).toEqual(config);

  await view.rerender({ config });
  expect(screen.getByRole('heading', { level: 1, name: 'Friends and Family Test' })).toBeVisible();
  expect(screen.getByRole('button', { name: 'Staff' })).toBeInTheDocument();
  expect(screen.queryByRole('heading', { name: 'Start kiosk mode' })).not.toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Staff' }));
  await user.type(await screen.findByLabelText('PIN'), '4829');
  await user.click(screen.getByRole('button', { name: 'Unlock' }));
  await user.click(await screen.findByRole('button', { name: 'Leave kiosk mode' }));
  await vi.waitFor(() => expect(onchange).toHaveBeenLastCalledWith(undefined));
  expect(await settings.get(KIOSK_KEY)).toBeUndefined();
});
