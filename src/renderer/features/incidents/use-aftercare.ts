/** The console's data in the renderer: the live incident list and the sub-path under `#/incidents`. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConsoleView } from '../../../shared/aftercare/views.js';
import { useConnection, useZephyr } from '../../lib/api.js';

/** Where inside "Incidents" the user is. */
export type IncidentsPlace =
  | { view: 'list' }
  | { view: 'action-items' }
  | { view: 'incident'; incidentId: string }
  | { view: 'email'; incidentId: string }
  | { view: 'post-mortem'; incidentId: string };

/** Parses `#/incidents/<id>[/email|/post-mortem]` and `#/incidents/action-items`. */
export function placeFromHash(hash: string): IncidentsPlace {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]?.split('/') ?? [];
  if (parts[0] !== 'incidents' || !parts[1]) return { view: 'list' };
  if (parts[1] === 'action-items') return { view: 'action-items' };
  const incidentId = decodeURIComponent(parts[1]);
  if (parts[2] === 'email') return { view: 'email', incidentId };
  if (parts[2] === 'post-mortem') return { view: 'post-mortem', incidentId };
  return { view: 'incident', incidentId };
}

/** The `href` of a place. */
export function hrefOf(place: IncidentsPlace): string {
  if (place.view === 'list') return '#/incidents';
  if (place.view === 'action-items') return '#/incidents/action-items';
  const base = `#/incidents/${encodeURIComponent(place.incidentId)}`;
  return place.view === 'incident' ? base : `${base}/${place.view}`;
}

const subscribeHash = (listener: () => void): (() => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** The current place; re-renders on every hash change. */
export function useIncidentsPlace(): IncidentsPlace {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return placeFromHash(hash);
}

/**
 * The console: fetched with `incidents:list` whenever the link (re)opens, then kept current by
 * `incidents:changed`. `version` increases with every change, so detail views can refetch.
 */
export function useConsoleView(): {
  view: ConsoleView | null;
  error: string | null;
  version: number;
} {
  const client = useZephyr();
  const connection = useConnection();
  const [view, setView] = useState<ConsoleView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(
    () =>
      client.on('incidents:changed', (next) => {
        setView(next);
        setVersion((v) => v + 1);
      }),
    [client],
  );
  useEffect(() => {
    if (connection.state !== 'open') return;
    let cancelled = false;
    void client.invoke('incidents:list', {}).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setView(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [client, connection.state]);
  return { view, error, version };
}
