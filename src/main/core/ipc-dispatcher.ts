/**
 * The one place where a contract command is checked and run, for every transport (Electron IPC,
 * the Node host's WebSocket bridge). Unknown channels and malformed payloads are refused before any
 * handler runs; every answer is an `IpcResult`.
 */
import {
  commands,
  describeZodError,
  IpcError,
  type CommandName,
  type IpcResult,
} from '../../shared/contract.js';
import type { CommandHandlers, Logger } from './ports.js';

/** Runs one command by name with an untrusted payload. Never throws. */
export type Dispatch = (name: string, payload: unknown) => Promise<IpcResult<unknown>>;

function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** Builds the dispatcher over a complete set of handlers. */
export function createDispatcher(handlers: CommandHandlers, logger: Logger): Dispatch {
  return async (name, payload) => {
    if (typeof name !== 'string' || !isCommandName(name)) {
      return {
        ok: false,
        error: { code: 'unknown-channel', message: `Unknown command "${String(name)}".` },
      };
    }
    const parsed = commands[name].input.safeParse(payload ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'invalid-payload',
          message: `Invalid payload for "${name}": ${describeZodError(parsed.error)}`,
        },
      };
    }
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    try {
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof IpcError) {
        return { ok: false, error: { code: error.code, message: error.message } };
      }
      logger.error('command failed', { command: name, error: String(error) });
      return {
        ok: false,
        error: {
          code: 'handler-failed',
          message: `"${name}" failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      };
    }
  };
}
