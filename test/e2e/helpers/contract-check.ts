/**
 * Holds the UI-only stand-ins for main (the fake `window.zephyr` in fake-api.ts and the WebSocket
 * bridge stand-in in ui-shell.test.ts) to the IPC contract (`src/shared/contract.ts`): every
 * request they receive, every answer they give and every event they push is parsed with the
 * contract's zod schemas, as main and the renderer parse them. Each check answers `null` or the
 * mismatch in words; a `ContractLog` keeps the mismatches so the test can fail on them.
 */
import { z } from 'zod';
import {
  commands,
  describeZodError,
  events,
  IpcErrorCode,
  type CommandName,
  type EventName,
} from '../../../src/shared/contract.js';

const ErrorResult = z
  .object({ ok: z.literal(false), error: z.object({ code: IpcErrorCode, message: z.string() }) })
  .strict();

/** True when `name` is one of the contract's commands. */
export function isContractCommand(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

function isContractEvent(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** A request as the renderer sent it: a contract command with an input its schema accepts. */
export function checkRequest(name: string, input: unknown): string | null {
  if (!isContractCommand(name)) return `request "${name}": not a command of the contract`;
  const parsed = commands[name].input.safeParse(input ?? {});
  return parsed.success ? null : `request "${name}": ${describeZodError(parsed.error)}`;
}

/**
 * An answer (`IpcResult`): `{ok: true, value}` with the command's output schema, or an error with
 * one of the contract's codes. `unknown-channel` is only right for a name outside the contract.
 */
export function checkAnswer(name: string, result: unknown): string | null {
  const ok = (result as { ok?: unknown } | null)?.ok;
  if (ok === true && isContractCommand(name)) {
    const parsed = commands[name].output.safeParse((result as { value?: unknown }).value);
    return parsed.success ? null : `answer to "${name}": ${describeZodError(parsed.error)}`;
  }
  const error = ErrorResult.safeParse(result);
  if (!error.success) return `answer to "${name}": ${describeZodError(error.error)}`;
  if (error.data.error.code === 'unknown-channel' && isContractCommand(name)) {
    return `answer to "${name}": "unknown-channel" for a command the contract has`;
  }
  return null;
}

/** An event main pushes: a contract event with a payload its schema accepts. */
export function checkEvent(name: string, payload: unknown): string | null {
  if (!isContractEvent(name)) return `event "${name}": not an event of the contract`;
  const parsed = events[name].safeParse(payload);
  return parsed.success ? null : `event "${name}": ${describeZodError(parsed.error)}`;
}

/** The mismatches one test saw; `expect(log.problems).toEqual([])` fails the test on any. */
export class ContractLog {
  readonly problems: string[] = [];

  /** Records `problem` when there is one; answers it. */
  note(problem: string | null): string | null {
    if (problem) this.problems.push(problem);
    return problem;
  }

  /** Takes the problems seen so far (and forgets them). */
  take(): string[] {
    return this.problems.splice(0);
  }
}
