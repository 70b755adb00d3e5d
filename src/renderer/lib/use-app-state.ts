/** The app state in the renderer, kept live. */
import type { AppState } from '../../shared/domain.js';
import type { ZephyrClient } from './api.js';
import { useLiveQuery } from './use-live-query.js';

/** What `useAppState` knows: the state, or why there is none yet. */
export interface AppStateResult {
  state: AppState | null;
  /** The last failure to load the state; cleared by the next success. */
  error: string | null;
  reload(): void;
}

const getState = (client: ZephyrClient) => client.invoke('app:get-state', {});

/**
 * The app state: fetched with 'app:get-state' whenever the link (re)opens, then kept current by
 * 'app:state-changed'. Events that arrive while the fetch is in flight win over its answer.
 */
export function useAppState(): AppStateResult {
  const { value, error, reload } = useLiveQuery('app:state-changed', getState);
  return { state: value, error, reload };
}
