import { defineConfig } from '@playwright/test';

/** Debian's Chromium (no browser download is possible here), with its network chatter off. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const port = Number(process.env.E2E_PORT ?? 4317);
/** Another port and data directory let two runs share a machine. */
const dataDir = process.env.E2E_DATA_DIR ?? 'test-results/e2e-data';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunch,
    acceptDownloads: true,
    viewport: { width: 1180, height: 820 },
    trace: 'retain-on-failure',
  },
  webServer: {
    // Serves the production build (built by `npm run test:e2e`) and the API, as `npm start` does.
    // A fresh database each run; the admin CLI in the tests opens the same directory.
    command: `rm -rf ${dataDir} && node --import tsx src/server/main.ts`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    // No drain on shutdown: no load balancer polls readiness here.
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
