import { defineConfig } from 'vitest/config';

/**
 * The Electron end-to-end tests (playwright-core's `_electron` on the built app). Not part of
 * `npm test`: they need the Electron binary, which only the release workflow downloads; there they
 * run after `npm test` (which builds). Elsewhere they skip with one line.
 */
// eslint-disable-next-line no-restricted-syntax -- vitest reads its config from a default export
export default defineConfig({
  test: {
    include: ['test/electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
