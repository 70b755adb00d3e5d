/** The console's data in the renderer: the live incident list. */
import type { ConsoleView } from '../../../shared/aftercare/views.js';
import type { ZephyrClient } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/use-live-query.js';

const listIncidents = (client: ZephyrClient) => client.invoke('incidents:list', {});

/**
 * The console: fetched with `incidents:list` whenever the link (re)opens, then kept current by
 * `incidents:changed`. `version` increases with every change, so detail views can refetch.
 */
export function useConsoleView(): {
  view: ConsoleView | null;
  error: string | null;
  version: number;
} {
  const { value, error, version } = useLiveQuery('incidents:changed', listIncidents);
  return { view: value, error, version };
}
