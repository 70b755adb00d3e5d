/**
 * The environment variable behind each setting, for the "Managed by your organisation" note. The
 * contract reports only that a value comes from `env`, not which variable, so the names live here.
 */

/** Env variable per settings field or secret name; unknown fields fall back to `ZEPHYR_<FIELD>`. */
const ENV_NAMES: Record<string, string> = {
  platformUrl: 'ZEPHYR_PLATFORM_URL',
  platformToken: 'ZEPHYR_PLATFORM_TOKEN',
  pollIntervalSeconds: 'ZEPHYR_POLL_INTERVAL_SECONDS',
  feedAlarmSeconds: 'ZEPHYR_FEED_ALARM_SECONDS',
  alertVolume: 'ZEPHYR_ALERT_VOLUME',
  launchAtLogin: 'ZEPHYR_LAUNCH_AT_LOGIN',
  playbookPath: 'ZEPHYR_PLAYBOOK',
};

/** The variable that manages `field` ("ZEPHYR_PLATFORM_URL" for `platformUrl`). */
export function envNameFor(field: string): string {
  return ENV_NAMES[field] ?? `ZEPHYR_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
