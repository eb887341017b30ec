import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The heaviest engine tests (net.m over ten seeds, the runner's child processes) take 1–3 s on an idle
          // 2-core machine; 5 s (the default) failed them when the machine was busy.
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/support/global-setup.ts'],
          // One Chromium at a time: two cores cannot run several browsers and stay within timeouts.
          fileParallelism: false,
          // After the unit tests, so the build and the browser do not compete with them for CPU.
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          // beforeAll hooks launch Chromium and load pages; the build itself runs in globalSetup.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
