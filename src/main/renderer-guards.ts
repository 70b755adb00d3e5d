/**
 * What the composition puts between the renderer and the handlers, for the commands that could
 * otherwise send a token where the renderer chose or show a vendor's text unredacted:
 * `settings:update` refuses vendor API hosts outside the vendors' own `https:` domains (another
 * host only from the environment), a platform URL the platform token may not travel to (plain
 * `http://` to a host that is not loopback) and playbook files that are not `.json`/`.yaml`/`.yml`;
 * `sources:test` tests PagerDuty's own hosts or the configured one, never a host of the
 * renderer's choosing; `platform:test` remembers a typed token for redaction; and every error,
 * and the whole answer of a connection test, is redacted like the log.
 */
import { IpcError, SecretName, type IpcResult } from '../shared/contract.js';
import type { ConfigReader } from './core/config/config-reader.js';
import type { Dispatch } from './core/ipc-dispatcher.js';
import type { CommandHandlers } from './core/ports.js';
import { vendorApiUrlProblem, vendorApiUrlProblems } from './core/url-policy.js';
import { platformUrlProblem } from '../shared/platform-url.js';
import { redact } from './node/logger.js';
import { playbookPathProblem } from './node/playbook-file.js';

/** The environment variables that may point a vendor API elsewhere (deployment tooling). */
const VENDOR_URL_ENV = {
  slackApiUrl: 'ZEPHYR_SLACK_API_URL',
  statuspageApiUrl: 'ZEPHYR_STATUSPAGE_API_URL',
  linearApiUrl: 'ZEPHYR_LINEAR_API_URL',
  pagerdutyApiUrl: 'ZEPHYR_PAGERDUTY_API_URL',
} as const;

/** Commands whose whole answer carries vendor text (connection tests). */
const VENDOR_TEXT_COMMANDS = new Set(['sources:test', 'integrations:test', 'platform:test']);

const trimUrl = (url: string) => url.trim().replace(/\/+$/, '');

/**
 * `settings:update` that refuses vendor hosts, platform URLs and playbook files the renderer may
 * not pick.
 */
export function guardedSettingsUpdate(
  update: CommandHandlers['settings:update'],
  env: Record<string, string | undefined>,
): CommandHandlers['settings:update'] {
  return (input) => {
    // Saving the host the environment already sets is a no-op, not a request for another host.
    const patch = { ...input.patch };
    for (const [key, envName] of Object.entries(VENDOR_URL_ENV)) {
      const value = patch[key as keyof typeof VENDOR_URL_ENV];
      const fromEnv = env[envName];
      if (fromEnv && typeof value === 'string' && trimUrl(value) === trimUrl(fromEnv)) {
        delete patch[key as keyof typeof VENDOR_URL_ENV];
      }
    }
    const problems = vendorApiUrlProblems(patch);
    const platformUrl = patch.platformUrl?.trim();
    const badPlatform = platformUrl ? platformUrlProblem(platformUrl) : undefined;
    if (badPlatform) problems.push(badPlatform);
    const playbookPath = patch.playbookPath?.trim();
    const badPlaybook = playbookPath ? playbookPathProblem(playbookPath) : undefined;
    if (badPlaybook) problems.push(badPlaybook);
    if (problems.length > 0) throw new IpcError('invalid-payload', problems.join(' '));
    return update({ patch });
  };
}

/** `sources:test` on PagerDuty's own hosts or the configured one; a typed token is redacted. */
export function guardedSourcesTest(
  test: CommandHandlers['sources:test'],
  config: ConfigReader,
  tokensInPlay: Set<string>,
): CommandHandlers['sources:test'] {
  return async (input) => {
    // A token typed into a form but not saved yet must be redacted from logs all the same.
    if (input.token) tokensInPlay.add(input.token);
    const configured = config.current().settings.pagerdutyApiUrl;
    const problem =
      input.apiUrl === undefined ||
      (configured !== '' && trimUrl(input.apiUrl) === trimUrl(configured))
        ? undefined
        : vendorApiUrlProblem('pagerdutyApiUrl', input.apiUrl);
    if (problem) return { ok: false, problem: 'bad-url', message: problem };
    return test(input);
  };
}

/** `platform:test`, remembering a typed token so that its echo is redacted like a saved one. */
export function guardedPlatformTest(
  test: CommandHandlers['platform:test'],
  tokensInPlay: Set<string>,
): CommandHandlers['platform:test'] {
  return (input) => {
    if (input.token) tokensInPlay.add(input.token);
    return test(input);
  };
}

function redactResult(result: IpcResult<unknown>, secrets: readonly string[]): IpcResult<unknown> {
  if (!result.ok) {
    return {
      ok: false,
      error: { ...result.error, message: redact(result.error.message, secrets) },
    };
  }
  return { ok: true, value: JSON.parse(redact(JSON.stringify(result.value), secrets)) as unknown };
}

/** Vendor text reaching the UI (errors, connection tests) is redacted like the log. */
export function redactingDispatch(
  dispatch: Dispatch,
  config: ConfigReader,
  tokensInPlay: Set<string>,
): Dispatch {
  return async (name, payload) => {
    const result = await dispatch(name, payload);
    if (result.ok && !VENDOR_TEXT_COMMANDS.has(name)) return result;
    const { secret } = config.current();
    const stored = SecretName.options.map((n) => secret(n) ?? '');
    return redactResult(result, [...tokensInPlay, ...stored]);
  };
}
