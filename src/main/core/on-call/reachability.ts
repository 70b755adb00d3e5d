/**
 * Can a page reach me here? Asks the notifier what it can do (a notification server, action
 * buttons, Do Not Disturb, muted sound) and reports the problems the way feed health is reported:
 * in the tray's tooltip and as a notification where one can show at all.
 */
import type { AppState } from '../../../shared/domain.js';
import type { Logger, Notifier } from '../ports.js';

/** Tag of the "some pages may not reach you" notification. */
export const REACHABILITY_TAG = 'reachability';

/**
 * The problems that could stop a page reaching me, from the notifier's capabilities, and what the
 * OS will block whatever the app does (`osLimits`: said by "Test my alerts", not alarmed on).
 */
export async function reachabilityProblems(
  notifier: Pick<Notifier, 'capabilities'>,
): Promise<{ problems: string[]; osLimits: string[] }> {
  const problems: string[] = [];
  let osLimits: string[] = [];
  try {
    const caps = await notifier.capabilities();
    if (!caps.available) {
      problems.push(
        caps.problem ?? 'No notification server is running: pages cannot show a notification.',
      );
    } else if (!caps.actions) {
      problems.push(
        caps.problem ??
          'Notifications cannot show an Acknowledge button here; acknowledge from the alert or the tray.',
      );
    }
    if (caps.doNotDisturb === true) {
      problems.push('Do Not Disturb is on: page notifications may be silenced.');
    }
    if (caps.soundMuted === true) {
      problems.push('Your sound is muted: you will not hear the alarm when a page rings.');
    }
    problems.push(...(caps.extraProblems ?? []));
    osLimits = caps.osLimits ?? [];
  } catch (error) {
    problems.push(
      `Could not check notifications: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { problems, osLimits };
}

/** The problem reachability reports while the alert volume is 0 %. */
export const MUTED_PROBLEM = 'Muted: the alert volume is 0 %, so pages ring silently.';

/** The last reachability check, and a way to run a new one. */
export interface Reachability {
  /** The last check, plus the alert volume as it is now (muted counts as a problem). */
  current(): AppState['reachability'];
  /** What the OS will block whatever the app does, from the last check. */
  osLimits(): string[];
  /** Checks again, notifies (or closes the notification) and reports the change. */
  check(): Promise<void>;
}

/** Builds the reachability check; "ok" until the first `check()`. */
export function createReachability(deps: {
  notifier: Notifier;
  logger: Logger;
  onChange(): void;
  /** True while the alert volume setting is 0 (read at each use). */
  muted?: () => boolean;
}): Reachability {
  const { notifier, logger } = deps;
  let reachability: AppState['reachability'] = { ok: true, problems: [] };
  let osLimits: string[] = [];
  return {
    current: () => {
      if (deps.muted?.() !== true) return reachability;
      return { ok: false, problems: [MUTED_PROBLEM, ...reachability.problems], muted: true };
    },
    osLimits: () => osLimits,
    async check() {
      const found = await reachabilityProblems(notifier);
      const problems = found.problems;
      osLimits = found.osLimits;
      reachability = { ok: problems.length === 0, problems };
      if (problems.length > 0) {
        logger.warn('reachability problems', { problems });
        void notifier
          .show({
            tag: REACHABILITY_TAG,
            title: 'Some pages may not reach you',
            body: problems.join(' '),
            urgency: 'normal',
            actions: [{ id: 'open', label: 'Open' }],
            sticky: false,
            sound: false,
          })
          .catch(() => {});
      } else {
        void notifier.close(REACHABILITY_TAG).catch(() => {});
      }
      deps.onChange();
    },
  };
}
