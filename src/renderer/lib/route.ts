/** A tiny hash router: the places the app can show. */
import { useSyncExternalStore } from 'react';

/**
 * Every route of the app. `alert` is what the Electron always-on-top alert window loads;
 * `declare` is the declare-incident wizard (`#/declare?page=<page key>` prefills it from a page).
 */
export const ROUTES = ['now', 'incidents', 'settings', 'alert', 'declare'] as const;
/** One of `ROUTES`. */
export type Route = (typeof ROUTES)[number];

/** The route named by a hash such as `#/settings`; anything unknown is `now`. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?&]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'now';
}

/** The `href` that leads to `route`. */
export function hrefFor(route: Route): string {
  return `#/${route}`;
}

const subscribe = (listener: () => void): (() => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}

/** Goes to `route` (a normal hash navigation, so Back works). */
export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
