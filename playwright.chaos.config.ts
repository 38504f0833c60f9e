import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './playwright.config';

/**
 * The chaos suite (tests/chaos): each test runs its own server process (from the built
 * `dist/`) and a fault-injecting proxy, so there is no webServer here. CHAOS_RECORDS sets the
 * size of the sync run; CHAOS_SEED replays a run's faults.
 */
const dataDir = process.env.CHAOS_DATA_DIR ?? '/tmp/involve-chaos/data';
// The admin CLI helpers of the e2e suite read E2E_DATA_DIR: here, the chaos server's database.
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'tests/chaos',
  testMatch: '*.chaos.ts',
  outputDir: process.env.CHAOS_OUTPUT_DIR ?? '/tmp/pw-chaos',
  globalSetup: './tests/chaos/global-setup.ts',
  timeout: 240_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunch,
    viewport: { width: 1180, height: 820 },
    trace: 'retain-on-failure',
  },
});
