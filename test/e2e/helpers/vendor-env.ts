/** The `ZEPHYR_*` environment that points a host at the loopback Slack, Statuspage and Linear fakes. */
import type { LinearFake } from '../../fakes/linear-fake.js';
import type { SlackFake } from '../../fakes/slack-fake.js';
import type { StatuspageFake } from '../../fakes/statuspage-fake.js';

/** Environment for `startNodeHost`, with every integration managed and served by the fakes. */
export function vendorEnv(fakes: {
  slack: SlackFake;
  statuspage: StatuspageFake;
  linear: LinearFake;
}): Record<string, string> {
  return {
    ZEPHYR_SLACK_API_URL: fakes.slack.url,
    ZEPHYR_SLACK_TOKEN: fakes.slack.token,
    ZEPHYR_STATUSPAGE_API_URL: fakes.statuspage.apiUrl,
    ZEPHYR_STATUSPAGE_TOKEN: fakes.statuspage.apiKey,
    ZEPHYR_STATUSPAGE_PAGE_ID: fakes.statuspage.pageId,
    ZEPHYR_LINEAR_API_URL: fakes.linear.apiUrl,
    ZEPHYR_LINEAR_TOKEN: 'lin_api_e2e',
    ZEPHYR_LINEAR_TEAM: 'OPS',
  };
}
