import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests run in plain Node; browser tests live in test/e2e (see test:e2e),
 * the Electron tests in test/electron (test:electron, run by the release workflow).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'test/electron/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Fails any test during which a vendor fake answered outside its vendor's contract.
    setupFiles: ['test/helpers/vendor-contracts-setup.ts'],
  },
});
