import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against browser mode: the real services on loopback with a fresh demo data
 * dir (tests/e2e/fixtures.ts), driven in the system Chromium; Playwright never downloads one.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  // Overridable so two runs in one checkout (say, this suite and another spec) keep their traces apart.
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? 'test-results',
  // Generous: the suite shares small CI machines with builds and benchmarks.
  timeout: 120_000,
  expect: { timeout: 15_000 },
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
    // A common counter-PC screen: the layout must fit it without horizontal scrolling.
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
