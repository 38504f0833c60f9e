import { spawnSync } from 'node:child_process';
import type { APIRequestContext, Page } from '@playwright/test';

export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? 'test-results/e2e-data';

/** Runs the admin CLI against the e2e server's database, as an administrator would. */
export function adminCli(...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: E2E_DATA_DIR, ADMIN_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`admin ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export const ADMIN = { email: 'lead@example.org', password: 'correct horse battery staple' };

/** The organisation's name, as the lead sets it when making the first admin. */
export const ORGANISATION = 'Riverside NHS Foundation Trust';

/**
 * Makes the test administrator, naming the organisation, unless an earlier test in this run
 * already did: the tests share one server and database.
 */
export function ensureAdmin(): void {
  try {
    adminCli('create-admin', '--email', ADMIN.email, '--organisation', ORGANISATION);
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
}

/** The admin API, signed in, as the admin console will use it. */
export class AdminApi {
  private csrf = '';
  constructor(private readonly request: APIRequestContext) {}

  async login(): Promise<void> {
    const res = await this.request.post('/api/v1/admin/login', { data: ADMIN });
    if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** Every stored record of a kind for one event, following the pages. */
  async records(kind: string, eventId?: string): Promise<{ id: string; data: unknown }[]> {
    const all: { id: string; data: unknown }[] = [];
    let after: string | null = '0';
    while (after !== null) {
      const res = await this.request.get(
        `/api/v1/admin/records?kind=${kind}${eventId === undefined ? '' : `&eventId=${eventId}`}&after=${after}&limit=500`,
      );
      if (!res.ok()) throw new Error(`records failed: ${res.status()}`);
      const page = (await res.json()) as {
        records: { id: string; data: unknown }[];
        next: string | null;
      };
      all.push(...page.records);
      after = page.next;
    }
    return all;
  }

  /** Any admin route's JSON, signed in. */
  async json<T>(path: string): Promise<T> {
    const res = await this.request.get(`/api/v1/admin${path}`);
    if (!res.ok()) throw new Error(`GET ${path} failed: ${res.status()}`);
    return (await res.json()) as T;
  }

  async devices(): Promise<{ id: string; name: string; revokedAt: string | null }[]> {
    const res = await this.request.get('/api/v1/admin/devices');
    return (
      (await res.json()) as { devices: { id: string; name: string; revokedAt: string | null }[] }
    ).devices;
  }

  async revoke(deviceId: string): Promise<void> {
    const res = await this.request.delete(`/api/v1/admin/devices/${deviceId}`, {
      headers: { 'X-CSRF-Token': this.csrf },
    });
    if (!res.ok()) throw new Error(`revoke failed: ${res.status()}`);
  }
}

/** The enrol screen and the sync panel. */
export class SyncPage {
  constructor(readonly page: Page) {}

  async enrol(code: string, name: string): Promise<void> {
    await this.page.goto(`/#/enrol?code=${encodeURIComponent(code)}`);
    await this.page.getByLabel('Name for this tablet').fill(name);
    await this.page.getByRole('button', { name: 'Enrol' }).click();
    await this.page.getByText(`This tablet is enrolled as “${name}”`).waitFor();
  }

  async open(): Promise<void> {
    await this.page.locator('header').getByRole('link', { name: /sent/ }).click();
    await this.page.getByRole('heading', { name: 'Sending to the server' }).waitFor();
  }
}
