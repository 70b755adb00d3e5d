import { defineConfig } from 'vitest/config';

/**
 * Browser and desktop end-to-end tests (Chromium via playwright-core, the Node host, the local
 * platform, Xvfb + dunst). They need `npm run build` first; `npm test` runs it before them.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
