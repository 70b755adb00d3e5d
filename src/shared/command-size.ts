/**
 * The largest bridge frame a valid command can need, computed from the contract's own limits, so
 * the WebSocket frame cap and the contract always agree: no valid command is ever too big, and
 * nothing much bigger than the largest valid command is ever read.
 */
import { z } from 'zod';
import { commands } from './contract.js';

type JsonSchema = {
  type?: string | string[];
  maxLength?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Worst-case UTF-8 bytes per UTF-16 unit once JSON-encoded (`\u0001` is six bytes). */
const BYTES_PER_CHAR = 6;
const NUMBER_BYTES = 32;

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** The largest JSON encoding (in bytes) any value valid for `schema` can have; `Infinity` if unbounded. */
export function maxEncodedBytes(schema: JsonSchema): number {
  if (schema.const !== undefined) return jsonBytes(schema.const);
  if (schema.enum) return Math.max(...schema.enum.map(jsonBytes));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return Math.max(...alternatives.map(maxEncodedBytes));
  if (schema.allOf) return Math.min(...schema.allOf.map(maxEncodedBytes));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return Math.max(...types.map((type) => maxOfType(schema, type)));
}

function maxOfType(schema: JsonSchema, type: string | undefined): number {
  switch (type) {
    case 'string':
      return schema.maxLength === undefined ? Infinity : 2 + BYTES_PER_CHAR * schema.maxLength;
    case 'number':
    case 'integer':
      return NUMBER_BYTES;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array': {
      if (schema.maxItems === undefined || Array.isArray(schema.items)) return Infinity;
      const item = schema.items ? maxEncodedBytes(schema.items) : Infinity;
      return 2 + schema.maxItems * (item + 1);
    }
    case 'object': {
      if (schema.additionalProperties && schema.additionalProperties !== true) return Infinity;
      let total = 2;
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        total += jsonBytes(key) + 2 + maxEncodedBytes(value);
      }
      return total;
    }
    default:
      return Infinity;
  }
}

/** The largest encoded input of each command (bytes). */
export function commandInputLimits(): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const [name, command] of Object.entries(commands)) {
    const schema = z.toJSONSchema(command.input, { io: 'input', unrepresentable: 'any' });
    limits[name] = maxEncodedBytes(schema as JsonSchema);
  }
  return limits;
}

/** Room for the envelope `{"type":"invoke","id":…,"name":…,"input":…}` around the input. */
const ENVELOPE_BYTES = 1024;

/**
 * Commands whose input has no bound in the contract (a record, or a list or string without
 * `.max()`): the frame cap below bounds them. Listed so a test notices when one is added.
 */
export function unboundedCommands(): string[] {
  return Object.entries(commandInputLimits())
    .filter(([, bytes]) => !Number.isFinite(bytes))
    .map(([name]) => name)
    .sort();
}

/** The bridge's frame cap: the largest encoding of the largest bounded command, plus its envelope. */
export function maxBridgeFrameBytes(): number {
  const finite = Object.values(commandInputLimits()).filter((bytes) => Number.isFinite(bytes));
  return Math.max(...finite) + ENVELOPE_BYTES;
}
