/** Defect 2 of issue 10: one damaged file must never stop the pager from starting. */
import { describe, expect, it } from 'vitest';
import { CORRUPTIONS, KEPT_FILES, survive } from '../../../chaos/damaged-files.js';

describe('damaged files never stop start-up', () => {
  for (const file of KEPT_FILES) {
    it.each(CORRUPTIONS)(
      `${file.path}, %s: starts, keeps it aside, says so`,
      async (corruption) => {
        const report = await survive(file, corruption, { ring: false });
        expect(report).toEqual({
          file: file.path,
          corruption,
          started: true,
          keptAside: true,
          listedInState: true,
          rang: false,
        });
      },
    );
  }

  it('still rings a new page after a damaged outbox, tracker and platform state', async () => {
    for (const path of ['state/tracker.json', 'local-platform/platform-state.json']) {
      const file = KEPT_FILES.find((f) => f.path === path)!;
      const report = await survive(file, 'garbage', { ring: true });
      expect(report.rang, JSON.stringify(report)).toBe(true);
    }
  });
});
