/**
 * What the incident clocks need from the app state: each source's clock skew (deadlines count in
 * the platform's time) and who I am there (so "(you)" sits on the right name).
 */
import { createContext, useContext } from 'react';
import type { AppState } from '../../../shared/domain.js';

/** The clock facts of the sources, by source id. */
export interface ClockFacts {
  skewMs: ReadonlyMap<string, number>;
  meIds: ReadonlyMap<string, string>;
}

const EMPTY: ClockFacts = { skewMs: new Map(), meIds: new Map() };

/** Provided by the Incidents view; empty (no skew, nobody) elsewhere. */
export const ClockFactsContext = createContext<ClockFacts>(EMPTY);

/** The clock facts of `state`'s sources. */
export function clockFacts(state: AppState): ClockFacts {
  return {
    skewMs: new Map(state.sources.map((s) => [s.id, s.skewMs ?? 0])),
    meIds: new Map(
      state.sources.flatMap((s) => (s.me ? [[s.id, s.me.id] as [string, string]] : [])),
    ),
  };
}

/** The clock facts in effect. */
export function useClockFacts(): ClockFacts {
  return useContext(ClockFactsContext);
}
