/**
 * Effective configuration: environment (`ZEPHYR_*`, managed by deployment tooling) over the
 * settings file over defaults, plus secrets. A bad settings file never stops the app: each bad
 * field is named in `errors` and falls back to its default, and the valid fields are kept.
 */
import { z } from 'zod';
import {
  describeZodError,
  SecretName,
  Settings,
  type SettingsView,
} from '../../../shared/contract.js';
import type { SecretStore } from '../ports.js';

/** Environment variables that override settings (the value is then "managed"). */
export const ENV_SETTINGS = {
  platformUrl: 'ZEPHYR_PLATFORM_URL',
  playbookPath: 'ZEPHYR_PLAYBOOK',
  slackApiUrl: 'ZEPHYR_SLACK_API_URL',
  statuspagePageId: 'ZEPHYR_STATUSPAGE_PAGE_ID',
  statuspageApiUrl: 'ZEPHYR_STATUSPAGE_API_URL',
  linearTeam: 'ZEPHYR_LINEAR_TEAM',
  linearApiUrl: 'ZEPHYR_LINEAR_API_URL',
  pagerdutyApiUrl: 'ZEPHYR_PAGERDUTY_API_URL',
  platformRepoPath: 'ZEPHYR_PLATFORM_REPO',
} as const satisfies Partial<Record<keyof Settings, string>>;

/** Environment variables that override secrets. */
export const ENV_SECRETS = {
  platformToken: 'ZEPHYR_PLATFORM_TOKEN',
  slackToken: 'ZEPHYR_SLACK_TOKEN',
  statuspageToken: 'ZEPHYR_STATUSPAGE_TOKEN',
  linearToken: 'ZEPHYR_LINEAR_TOKEN',
  pagerdutyToken: 'ZEPHYR_PAGERDUTY_TOKEN',
} as const satisfies Record<SecretName, string>;

/** The configuration in force and how it came to be. */
export interface EffectiveConfig {
  /** What the settings file holds (valid fields only): the base for `settings:update`. */
  stored: Settings;
  /** Effective values: env over stored over defaults. */
  settings: Settings;
  platformToken: string | undefined;
  /** A secret's effective value: the environment's, else the secret store's. Main only. */
  secret(name: SecretName): string | undefined;
  /** What the renderer may see: values, origins, and whether each secret is set; never a secret. */
  view: SettingsView;
  /** One message per problem in the settings file, naming the field. */
  errors: string[];
}

function envValue(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Parses the raw settings file content: valid fields are kept, each invalid field falls back to
 * its default with an error naming it. Unknown fields are ignored.
 */
export function parseStoredSettings(raw: unknown): {
  settings: Settings;
  errors: string[];
  present: Set<string>;
} {
  if (raw === undefined || raw === null) {
    return { settings: Settings.parse({}), errors: [], present: new Set() };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      settings: Settings.parse({}),
      errors: ['settings file: expected a JSON object; using the defaults'],
      present: new Set(),
    };
  }
  const record = raw as Record<string, unknown>;
  const whole = Settings.safeParse(record);
  const shape = Settings.shape;
  const present = new Set(Object.keys(shape).filter((k) => record[k] !== undefined));
  if (whole.success) return { settings: whole.data, errors: [], present };
  const kept: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (record[key] === undefined) continue;
    const field = (shape[key] as z.ZodType).safeParse(record[key]);
    if (field.success) {
      kept[key] = field.data;
    } else {
      present.delete(key);
      errors.push(
        `settings file: ${key}: ${describeZodError(field.error).replace(/^\(root\): /, '')}; using the default`,
      );
    }
  }
  return { settings: Settings.parse(kept), errors, present };
}

/** Resolves the effective configuration from the settings file, the environment and secrets. */
export function resolveConfig(input: {
  raw: unknown;
  env: Readonly<Record<string, string | undefined>>;
  secrets: Pick<SecretStore, 'get'>;
}): EffectiveConfig {
  const { settings: stored, errors, present } = parseStoredSettings(input.raw);
  const settings: Settings = { ...stored };
  const origins: Record<string, 'default' | 'settings' | 'env'> = {};
  for (const key of Object.keys(Settings.shape)) {
    origins[key] = present.has(key) ? 'settings' : 'default';
  }
  for (const [key, name] of Object.entries(ENV_SETTINGS) as [keyof typeof ENV_SETTINGS, string][]) {
    const value = envValue(input.env, name);
    if (value !== undefined) {
      settings[key] = value;
      origins[key] = 'env';
    }
  }
  // A snapshot, so that two configurations can be compared (did a token change?).
  const secrets = new Map(
    SecretName.options.map((name) => [
      name,
      envValue(input.env, ENV_SECRETS[name]) ?? (input.secrets.get(name) || undefined),
    ]),
  );
  const secret = (name: SecretName): string | undefined => secrets.get(name);
  return {
    stored,
    settings,
    platformToken: secret('platformToken'),
    secret,
    errors,
    view: {
      values: settings,
      origins,
      secrets: Object.fromEntries(
        SecretName.options.map((name) => {
          const managed = envValue(input.env, ENV_SECRETS[name]) !== undefined;
          return [name, { set: secret(name) !== undefined, managed }];
        }),
      ),
      envNames: { ...ENV_SETTINGS, ...ENV_SECRETS },
      errors,
    },
  };
}

/** The environment variable managing `key`, if any. */
export function managedBy(
  key: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const name =
    (ENV_SETTINGS as Record<string, string>)[key] ?? (ENV_SECRETS as Record<string, string>)[key];
  return name !== undefined && envValue(env, name) !== undefined ? name : undefined;
}
