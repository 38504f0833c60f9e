import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineStrings, locale } from '../../../../src/app/i18n/i18n.svelte';
import { AdminApiError } from '../../../../src/app/routes/admin/admin-client';
import ReachScreen from '../../../../src/app/routes/admin/reach/ReachScreen.svelte';
import { FakeAdminServer, signedInClient } from './admin-test-kit';

/**
 * The console is English only so far. To see that the sentences the client makes itself go
 * through the i18n layer, the console's strings get a second language here, with words that
 * could come from nowhere else.
 */
vi.mock('../../../../src/app/routes/admin/admin.i18n', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/app/routes/admin/admin.i18n')>();
  return {
    ...real,
    adminStrings: defineStrings({
      en: real.ADMIN_STRINGS_EN,
      cy: {
        errOffline: 'CY: dim cysylltiad â’r gweinydd.',
        errStatus: 'CY: atebodd y gweinydd {status}.',
        errOther: 'CY: methodd hynny: {message}',
      },
    }),
  };
});

afterEach(() => {
  locale.language = 'en';
});

describe('the admin client’s own error sentences', () => {
  it('shows a non-JSON failure (a proxy’s error page) in the console’s language', async () => {
    const server = new FakeAdminServer().on('GET', '/reach', () => ({
      status: 413,
      text: '<html><body>Request Entity Too Large</body></html>',
    }));
    const { client } = await signedInClient(server);
    locale.language = 'cy';
    render(ReachScreen, { client, params: {}, query: {} });

    expect(
      await screen.findByText(
        'The figures could not be loaded. CY: methodd hynny: CY: atebodd y gweinydd 413.',
      ),
    ).toBeVisible();
    expect(screen.queryByText(/Request Entity Too Large/)).toBeNull();
  });

  it('says the same in English when English is the language', async () => {
    const server = new FakeAdminServer().on('GET', '/reach', () => ({ status: 413, text: '' }));
    const { client } = await signedInClient(server);
    render(ReachScreen, { client, params: {}, query: {} });

    expect(
      await screen.findByText(
        'The figures could not be loaded. That did not work: The server answered 413. Try again in a moment.',
      ),
    ).toBeVisible();
  });

  it('gives an unreachable server’s error the sentence in the console’s language', async () => {
    const { server, client } = await signedInClient();
    server.offline = true;
    locale.language = 'cy';

    const failure = await client.get('/reach').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AdminApiError);
    expect((failure as AdminApiError).message).toBe('CY: dim cysylltiad â’r gweinydd.');
  });
});
