import { render } from '@testing-library/svelte';
import App from '../../src/app/App.svelte';
import type { AppUpdate } from '../../src/app/lib/app-update.svelte';
import type { Storage } from '../../src/app/storage/open-storage';
import type { freshDevice } from './workshop-test-kit';

/**
 * The whole app on a test device's storage, as `main.ts` starts it: at the address already in
 * `location.hash`, with sending to the server when `sync` is given.
 */
export function renderApp(
  device: ReturnType<typeof freshDevice>,
  options: { update?: AppUpdate | undefined; sync?: Storage['sync'] } = {},
) {
  const storage: Storage = {
    store: device.store,
    surveys: device.surveys,
    settings: device.settings,
    ...(options.sync === undefined ? {} : { sync: options.sync }),
  };
  return render(App, { openStorage: () => Promise.resolve(storage), update: options.update });
}
