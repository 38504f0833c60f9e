import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SurveysAdminScreen from '../../../../../src/app/routes/admin/survey-builder/SurveysAdminScreen.svelte';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';
import { makeSurveySummary, makeVersion } from './survey-admin.factory';

describe('surveys list', () => {
  it('shows each survey’s latest version, what tablets have, responses, and links', async () => {
    const server = new FakeAdminServer().on('GET', '/surveys', () => ({
      body: {
        surveys: [
          makeSurveySummary({
            id: 'fft',
            title: 'Friends and Family Test',
            builtIn: true,
            latest: makeVersion({ version: 1, status: 'published' }),
            publishedVersion: 1,
            responseCount: 120,
          }),
          makeSurveySummary({
            latest: makeVersion({ version: 3, status: 'draft' }),
            publishedVersion: 2,
            responseCount: 1,
          }),
        ],
      },
    }));
    const { client } = await signedInClient(server);
    render(SurveysAdminScreen, { client, params: {}, query: {} });

    const fft = (await screen.findByRole('rowheader', { name: /Friends and Family Test/ })).closest(
      'tr',
    )!;
    expect(within(fft).getByText('Built in')).toBeVisible();
    expect(within(fft).getByText('Version 1, published')).toBeVisible();
    expect(within(fft).getByText('120 responses')).toBeVisible();
    const ward = screen.getByRole('rowheader', { name: 'Ward feedback' }).closest('tr')!;
    expect(within(ward).getByText('Version 3, draft')).toBeVisible();
    expect(within(ward).getByText('Version 2')).toBeVisible();
    expect(within(ward).getByText('1 response')).toBeVisible();
    expect(within(ward).getByRole('link', { name: 'Edit “Ward feedback”' })).toHaveAttribute(
      'href',
      '#/admin/surveys/ward-feedback',
    );
    expect(within(ward).getByRole('link', { name: 'Results of “Ward feedback”' })).toHaveAttribute(
      'href',
      '#/admin/surveys/ward-feedback/results',
    );
    expect(screen.getByRole('link', { name: 'New survey' })).toHaveAttribute(
      'href',
      '#/admin/surveys/new',
    );
  });
});
