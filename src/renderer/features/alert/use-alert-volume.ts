/** The alarm volume from settings, read each time ringing starts. */
import { useEffect, useState } from 'react';
import { useZephyr } from '../../lib/api.js';

/**
 * Returns the `alertVolume` setting (0..1) while `ringing`; full volume until it is known or when
 * it cannot be read, with the reason in `error` so the user is told.
 */
export function useAlertVolume(
  ringing: boolean,
  /** Any value that, changed, means the setting may have changed (read it again). */
  changed?: unknown,
): { volume: number; error: string | null } {
  const client = useZephyr();
  const [volume, setVolume] = useState(1);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!ringing) return;
    let cancelled = false;
    void client.invoke('settings:get', {}).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setVolume(result.value.values.alertVolume);
        setError(null);
      } else {
        setError(
          `Could not read the alert volume, playing at full volume: ${result.error.message}`,
        );
      }
    });
    return () => {
      cancelled = true;
    };
  }, [client, ringing, changed]);
  return { volume, error };
}
