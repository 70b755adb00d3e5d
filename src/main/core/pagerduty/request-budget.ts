/**
 * What polling PagerDuty costs against its REST API rate limit. The limit assumed here is the
 * commonly documented 960 requests per minute per REST API user token (57,600 per hour);
 * PagerDuty may lower it per account, which a 429 with its reset header then tells us.
 */

/** Assumed REST API limit per user token, requests per minute. */
export const PAGERDUTY_REST_LIMIT_PER_MINUTE = 960;

/** Requests one `pollPages()` makes: incidents assigned to me, and incidents on my policies' services. */
export const PAGERDUTY_REQUESTS_PER_POLL = 2;

/** Requests one `rotations()` makes: my on-calls, then the on-calls of my escalation policies. */
export const PAGERDUTY_REQUESTS_PER_ROTATIONS = 2;

/** Requests one `me()` makes. */
export const PAGERDUTY_REQUESTS_PER_ME = 1;

/**
 * Requests per hour when pages are polled every `pollSeconds`, rotations every `rotationsSeconds`
 * (default 60, the app's `ROTATIONS_INTERVAL_MS`) and "me" every `meSeconds` (default 900, the
 * app's `ME_INTERVAL_MS`). Assumes each incident list fits one page of 100 and escalation policies
 * come inline (`include[]=escalation_policies`); a policy fetched on a cache miss is extra (at most
 * one per policy per 15 minutes). With `headsUp: false` (I am on no escalation policy) a poll
 * makes one request. Throws on a non-positive interval.
 */
export function pagerDutyRequestsPerHour(
  pollSeconds: number,
  options: { rotationsSeconds?: number; meSeconds?: number; headsUp?: boolean } = {},
): number {
  const rotationsSeconds = options.rotationsSeconds ?? 60;
  const meSeconds = options.meSeconds ?? 900;
  if (!(pollSeconds > 0) || !(rotationsSeconds > 0) || !(meSeconds > 0)) {
    throw new Error('poll intervals must be positive numbers of seconds');
  }
  const perPoll = options.headsUp === false ? 1 : PAGERDUTY_REQUESTS_PER_POLL;
  return (
    Math.ceil(3600 / pollSeconds) * perPoll +
    Math.ceil(3600 / rotationsSeconds) * PAGERDUTY_REQUESTS_PER_ROTATIONS +
    Math.ceil(3600 / meSeconds) * PAGERDUTY_REQUESTS_PER_ME
  );
}
