/**
 * "Fetch, then subscribe", written once: a value read with a command whenever the link (re)opens,
 * then kept current by the event that carries its new value.
 */
import { useEffect, useState } from 'react';
import type { EventName, EventPayload, IpcResult } from '../../shared/contract.js';
import { useConnection, useZephyr, type ZephyrClient } from './api.js';

/** What `useLiveQuery` knows: the value, or why there is none yet. */
export interface LiveQuery<T> {
  value: T | null;
  /** The last failure to fetch; cleared by the next success. */
  error: string | null;
  /** Increases with every event, so views that show more than the value can refetch it. */
  version: number;
  /** Fetches again now. */
  reload(): void;
}

/** The commands whose answer is also what `event` carries (the fetch half of a live query). */
type FetchOf<E extends EventName> = (client: ZephyrClient) => Promise<IpcResult<EventPayload<E>>>;

/**
 * Fetches with `fetch` whenever the connection opens (and on `reload`), then follows `event`.
 * An event that arrives while the fetch is in flight wins over the fetch's (older) answer.
 * `fetch` must be stable (module-level or memoised): a new one refetches.
 */
export function useLiveQuery<E extends EventName>(
  event: E,
  fetch: FetchOf<E>,
): LiveQuery<EventPayload<E>> {
  const client = useZephyr();
  const connection = useConnection();
  const [value, setValue] = useState<EventPayload<E> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);

  useEffect(
    () =>
      client.on(event, (next) => {
        setValue(next);
        setVersion((v) => v + 1);
      }),
    [client, event],
  );

  useEffect(() => {
    if (connection.state !== 'open') return;
    let cancelled = false;
    let eventSeen = false;
    const off = client.on(event, () => {
      eventSeen = true;
    });
    void fetch(client).then((result) => {
      off();
      if (cancelled) return;
      if (result.ok) {
        setError(null);
        if (!eventSeen) setValue(result.value);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [client, connection.state, event, fetch, reloads]);

  return { value, error, version, reload: () => setReloads((n) => n + 1) };
}
