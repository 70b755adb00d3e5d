/**
 * The one hash router: every place the app can show, parsed from and written to
 * `location.hash` here and nowhere else.
 */
import { useSyncExternalStore } from 'react';

/**
 * Every route of the app. `alert` is what the Electron always-on-top alert window loads;
 * `declare` is the declare-incident wizard (`#/declare?page=<page key>` prefills it from a page);
 * `handoff` is the hand-off brief.
 */
export const ROUTES = ['now', 'incidents', 'settings', 'alert', 'declare', 'handoff'] as const;
/** One of `ROUTES`. */
export type Route = (typeof ROUTES)[number];

/** Where inside "Incidents" the user is. */
export type IncidentsPlace =
  | { view: 'list' }
  | { view: 'action-items' }
  | { view: 'incident'; incidentId: string }
  | { view: 'email'; incidentId: string }
  | { view: 'post-mortem'; incidentId: string };

/** A hash split into its path segments (`#/incidents/INC-1/email`) and its `?query`. */
interface ParsedHash {
  path: string[];
  query: URLSearchParams;
}

function parseHash(hash: string): ParsedHash {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  // `#token=…` (the bridge token) has `&` in the path position: the route ends there.
  return { path: path.split('&')[0]?.split('/') ?? [], query: new URLSearchParams(query) };
}

/** The route named by a hash such as `#/settings`; anything unknown is `now`. */
export function routeFromHash(hash: string): Route {
  const name = parseHash(hash).path[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'now';
}

/** Parses `#/incidents/<id>[/email|/post-mortem]` and `#/incidents/action-items`. */
export function placeFromHash(hash: string): IncidentsPlace {
  const parts = parseHash(hash).path;
  if (parts[0] !== 'incidents' || !parts[1]) return { view: 'list' };
  if (parts[1] === 'action-items') return { view: 'action-items' };
  const incidentId = decodeURIComponent(parts[1]);
  if (parts[2] === 'email') return { view: 'email', incidentId };
  if (parts[2] === 'post-mortem') return { view: 'post-mortem', incidentId };
  return { view: 'incident', incidentId };
}

/** The page key in `#/declare?page=<key>`, if any. */
export function declarePageKey(hash: string): string | undefined {
  return parseHash(hash).query.get('page') ?? undefined;
}

/** The `href` that leads to `route`. */
export function hrefFor(route: Route): string {
  return `#/${route}`;
}

/** The `href` of a place under "Incidents". */
export function hrefOf(place: IncidentsPlace): string {
  if (place.view === 'list') return '#/incidents';
  if (place.view === 'action-items') return '#/incidents/action-items';
  const base = `#/incidents/${encodeURIComponent(place.incidentId)}`;
  return place.view === 'incident' ? base : `${base}/${place.view}`;
}

const subscribe = (listener: () => void): (() => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return routeFromHash(useHash());
}

/** The current place under "Incidents"; re-renders on every hash change. */
export function useIncidentsPlace(): IncidentsPlace {
  return placeFromHash(useHash());
}
