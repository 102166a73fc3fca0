import { defineConfig } from '@playwright/test';

/**
 * e2e tests drive the web build (served by src/server) in Debian's Chromium
 * against the real Docker engine. Each worker starts its own server (see
 * e2e/fixtures.ts), so tests are parallel-safe. Two workers: on this 2-core machine the
 * nine tests took 334 s one at a time and 219 s two at a time (the machine 85% busy, every
 * test passing; a person's pace is mostly waiting). DOJO_E2E_WORKERS overrides it.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: Number(process.env.DOJO_E2E_WORKERS) || 2,
  retries: 0,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: {
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
    },
    viewport: { width: 1440, height: 1000 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
