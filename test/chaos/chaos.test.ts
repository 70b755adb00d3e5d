/** The quick fault suite (fixed seeds, seconds); `npm run chaos` runs the full one. */
import { describe, expect, it } from 'vitest';
import { QUICK, runChaos } from '../../chaos/chaos.js';

describe('fault suite (quick)', () => {
  it('survives fuzzed frames and feed answers, damaged files and a hostile UI', async () => {
    const report = await runChaos(QUICK);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    expect(report).toMatchObject({
      framesFuzzed: QUICK.frames,
      hostCrashes: 0,
      uiAnswersAfterFuzz: true,
      feedAnswersFuzzed: QUICK.feedAnswers,
      feedUnexpectedErrors: 0,
      filesFailed: [],
      tokensLeaked: 0,
      killRuns: QUICK.killRuns,
      acksLost: 0,
      pagesSilenced: 0,
      acksDoubled: 0,
    });
    expect(report.exfiltrationRefused).toBe(report.exfiltrationAttempts);
    expect(report.logBytesPerMinuteFailingFeed).toBeLessThan(5 * 1024 * 1024);
    expect(report.logFiles).toBeGreaterThanOrEqual(1);
    expect(report.logFiles).toBeLessThanOrEqual(6);
  }, 300_000);
});
