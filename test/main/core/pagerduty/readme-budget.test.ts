/** The README's PagerDuty request figure is the one `pagerDutyRequestsPerHour` computes. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_REST_LIMIT_PER_MINUTE,
  pagerDutyRequestsPerHour,
} from '../../../../src/main/core/pagerduty/request-budget.js';
import { Settings } from '../../../../src/shared/contract.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
const number = (text: string): number => Number(text.replace(/,/g, ''));

describe('README: PagerDuty section', () => {
  const section = /## PagerDuty\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';

  it('states the hourly request cost at the default poll interval as computed', () => {
    const match =
      /At the default poll interval \((\d+) s\),\s+Zephyr makes \*\*([\d,]+) requests per hour\*\*/.exec(
        section,
      );
    expect(match, 'the README sentence with the figure').not.toBeNull();
    const defaultPoll = Settings.parse({}).pollIntervalSeconds;
    expect(number(match?.[1] ?? '')).toBe(defaultPoll);
    expect(number(match?.[2] ?? '')).toBe(pagerDutyRequestsPerHour(defaultPoll));
  });

  it('states the rate limit the figure is measured against', () => {
    const match = /\(([\d,]+) per minute,\s+([\d,]+) per hour/.exec(section);
    expect(number(match?.[1] ?? '')).toBe(PAGERDUTY_REST_LIMIT_PER_MINUTE);
    expect(number(match?.[2] ?? '')).toBe(PAGERDUTY_REST_LIMIT_PER_MINUTE * 60);
  });

  it('names both ways to connect from the environment', () => {
    expect(section).toContain('ZEPHYR_PAGERDUTY_TOKEN');
    expect(section).toContain('ZEPHYR_PAGERDUTY_API_URL');
  });
});
