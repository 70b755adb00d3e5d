/**
 * Vitest setup: fails any test during which a vendor fake answered outside its vendor's
 * contract (see `vendor-contracts.ts`).
 */
import { afterEach } from 'vitest';
import { takeContractViolations } from './vendor-contracts.js';

afterEach(() => {
  const found = takeContractViolations();
  if (found.length > 0) {
    throw new Error(
      `a vendor fake answered outside its contract (fix the fake):\n${found.join('\n')}`,
    );
  }
});
