/**
 * The `ZEPHYR_*` environment that points a host at the loopback Slack, Statuspage and Linear
 * fakes, and the three fakes started together.
 */
import { LinearFake } from '../../fakes/linear-fake.js';
import { SlackFake } from '../../fakes/slack-fake.js';
import { StatuspageFake } from '../../fakes/statuspage-fake.js';

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

/** The three vendor fakes, running, and the environment that points a host at them. */
export interface VendorFakes {
  slack: SlackFake;
  statuspage: StatuspageFake;
  linear: LinearFake;
  env: Record<string, string>;
  /** Stops the three. */
  close(): Promise<void>;
}

/** Starts the Slack, Statuspage and Linear fakes on loopback. */
export async function startVendorFakes(): Promise<VendorFakes> {
  const slack = await new SlackFake().start();
  const statuspage = await new StatuspageFake().start();
  const linear = await new LinearFake().start();
  return {
    slack,
    statuspage,
    linear,
    env: vendorEnv({ slack, statuspage, linear }),
    async close() {
      await Promise.all([slack.close(), statuspage.close(), linear.close()]);
    },
  };
}
