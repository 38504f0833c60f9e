import { describe, expect, it } from 'vitest';
import { adminHref, matchAdminPath } from '../../../../src/app/routes/admin/admin-routes';

const id = '01900000-0000-7abc-8def-0123456789ab';

describe('console routes', () => {
  it('maps each console path to its screen, section and parameters', () => {
    const cases: [string[], string, string, Record<string, string>][] = [
      [[], 'events', 'events', {}],
      [['events'], 'events', 'events', {}],
      [['events', 'new'], 'event-new', 'events', {}],
      [['events', id], 'heard', 'events', { id }],
      [['events', id, 'edit'], 'event-edit', 'events', { id }],
      [['events', id, 'you-said-we-did'], 'you-said-we-did-sheet', 'outcomes', { id }],
      [['surveys'], 'surveys', 'surveys', {}],
      [['surveys', 'new'], 'survey-builder', 'surveys', { id: 'new' }],
      [['surveys', 'fft'], 'survey-builder', 'surveys', { id: 'fft' }],
      [['surveys', 'fft', 'results'], 'survey-results', 'surveys', { id: 'fft' }],
      [['outcomes'], 'outcomes', 'outcomes', {}],
      [['outcomes', 'new'], 'outcome-editor', 'outcomes', { id: 'new' }],
      [['reach'], 'reach', 'reach', {}],
      [['tablets'], 'tablets', 'tablets', {}],
      [['sign-ups'], 'sign-ups', 'sign-ups', {}],
      [['account'], 'account', 'account', {}],
    ];
    for (const [path, view, section, params] of cases)
      expect(matchAdminPath(path), path.join('/')).toEqual({ view, section, params });
  });

  it('has no screen for other paths', () => {
    for (const path of [
      ['nope'],
      ['events', 'new', 'edit'],
      ['events', id, 'delete'],
      ['events', id, 'edit', 'more'],
      ['surveys', 'fft', 'responses'],
      ['outcomes', 'x', 'y'],
      ['tablets', 'x'],
      ['account', 'password'],
    ])
      expect(matchAdminPath(path), path.join('/')).toBeUndefined();
  });

  it('links within the console, leaving out empty query values', () => {
    expect(adminHref([])).toBe('#/admin');
    expect(adminHref(['events', id, 'edit'])).toBe(`#/admin/events/${id}/edit`);
    expect(adminHref(['outcomes', 'new'], { event: id, theme: 'a b', survey: undefined })).toBe(
      `#/admin/outcomes/new?event=${id}&theme=a+b`,
    );
  });
});
