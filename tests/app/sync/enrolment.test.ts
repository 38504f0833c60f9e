import { describe, expect, it } from 'vitest';
import { settingsEnrolment, type Enrolment } from '../../../src/app/sync/enrolment';
import { freshDevice } from '../workshop-test-kit';

const first: Enrolment = {
  token: 'token-1',
  serverDeviceId: 'server-device-1',
  name: 'Ward 7 tablet',
  organisationName: 'Old Trust',
  enrolledAt: '2026-11-01T09:00:00.000Z',
};

describe('the enrolment kept on the tablet', () => {
  it('is amended only while it is the enrolment the change was made for', async () => {
    const enrolment = settingsEnrolment(freshDevice().settings);
    await enrolment.set(first);
    await enrolment.amend('token-1', (e) => ({ ...e, organisationName: 'Riverside Trust' }));
    expect(await enrolment.get()).toEqual({ ...first, organisationName: 'Riverside Trust' });

    // Enrolled again since (a new token): a late change for the old one leaves it alone.
    const second = { ...first, token: 'token-2', organisationName: 'New Trust' };
    await enrolment.set(second);
    await enrolment.amend('token-1', (e) => ({ ...e, organisationName: 'Riverside Trust' }));
    expect(await enrolment.get()).toEqual(second);
  });

  it('is not made by an amendment when the tablet is not enrolled', async () => {
    const enrolment = settingsEnrolment(freshDevice().settings);
    await enrolment.amend('token-1', (e) => ({ ...e, organisationName: 'Riverside Trust' }));
    expect(await enrolment.get()).toBeUndefined();
  });
});
