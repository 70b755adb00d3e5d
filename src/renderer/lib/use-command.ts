/** Running one contract command from a component, with its busy flag and its error kept visible. */
import { useCallback, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract.js';
import { useZephyr } from './api.js';

/** State and trigger of one command; `error` holds the failure message until the next run. */
export interface CommandRunner<N extends CommandName> {
  run(input: CommandInput<N>): Promise<CommandOutput<N> | undefined>;
  busy: boolean;
  error: string | null;
  clearError(): void;
}

/**
 * Returns a runner for `name`. A failure never disappears silently: its message stays in `error`
 * for the component to show, and `run` resolves to undefined.
 */
export function useCommand<N extends CommandName>(name: N): CommandRunner<N> {
  const client = useZephyr();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (input: CommandInput<N>): Promise<CommandOutput<N> | undefined> => {
      setBusy(true);
      setError(null);
      const result = await client.invoke(name, input);
      setBusy(false);
      if (result.ok) return result.value;
      setError(result.error.message);
      return undefined;
    },
    [client, name],
  );

  return { run, busy, error, clearError: () => setError(null) };
}
