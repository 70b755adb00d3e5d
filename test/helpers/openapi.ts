/**
 * Checks responses against `docs/api/zephyr-platform.openapi.yaml` (the platform contract), for
 * the local platform's tests and the clients' tests alike. Schemas are checked with ajv; the
 * OpenAPI 3.0 `nullable` keyword is rewritten to JSON Schema first.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/** Where the platform's OpenAPI document lives. */
export const OPENAPI_PATH = resolve(
  import.meta.dirname,
  '../../docs/api/zephyr-platform.openapi.yaml',
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Loaded {
  doc: JsonObject;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

/** The parsed OpenAPI document (read once). */
export function openApiDocument(): JsonObject {
  return load().doc;
}

function load(): Loaded {
  if (loaded) return loaded;
  const doc = parseYaml(readFileSync(OPENAPI_PATH, 'utf8')) as JsonObject;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats ships CommonJS; its default export is the plugin under ESM interop.
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule;
  addFormats(ajv);
  ajv.addSchema(toJsonSchema(doc) as object, 'openapi');
  loaded = { doc, ajv, validators: new Map() };
  return loaded;
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: `anyOf: [schema, {type: null}]`. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = toJsonSchema(v);
  return node['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function pointerPart(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function child(node: Json | undefined, key: string): Json | undefined {
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
}

/** The document's path template that `path` (query string ignored) falls under. */
export function matchPathTemplate(path: string): string | undefined {
  const bare = path.split('?')[0] ?? path;
  const templates = Object.keys(child(load().doc, 'paths') as JsonObject);
  const exact = templates.find((t) => t === bare);
  if (exact) return exact;
  return templates.find((t) => {
    const re = new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return re.test(bare);
  });
}

/**
 * Throws an error naming the operation, the status and every mismatch when `body` is not what
 * the OpenAPI document promises for `method path` answering `status` (an undocumented operation
 * or status is an error too). A response documented without content must have no body.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const { doc, ajv, validators } = load();
  const what = `${method.toUpperCase()} ${path} → ${status}`;
  const template = matchPathTemplate(path);
  if (!template) throw new Error(`${what}: path is not in the OpenAPI document`);
  const op = child(child(child(doc, 'paths'), template), method.toLowerCase());
  if (!op)
    throw new Error(
      `${what}: operation ${method.toUpperCase()} ${template} is not in the OpenAPI document`,
    );
  const responses = child(op, 'responses');
  // OpenAPI lets a range (`5XX`) or `default` stand for statuses not listed one by one.
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find(
    (k) => child(responses, k) !== undefined,
  );
  let response = key === undefined ? undefined : child(responses, key);
  let pointer = `#/paths/${pointerPart(template)}/${method.toLowerCase()}/responses/${key ?? status}`;
  if (!response) throw new Error(`${what}: status ${status} is not documented for ${template}`);
  const ref = child(response, '$ref');
  if (typeof ref === 'string') {
    pointer = ref;
    response = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json | undefined>((n, k) => child(n, k.replace(/~1/g, '/').replace(/~0/g, '~')), doc);
  }
  const schema = child(child(child(response, 'content'), 'application/json'), 'schema');
  if (schema === undefined) {
    if (body !== undefined && body !== null && body !== '') {
      throw new Error(
        `${what}: documented without a body, but got ${JSON.stringify(body).slice(0, 200)}`,
      );
    }
    return;
  }
  const schemaPointer = `openapi${pointer}/content/application~1json/schema`;
  let validate = validators.get(schemaPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: schemaPointer });
    validators.set(schemaPointer, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${what}: body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}` +
        `\nbody: ${JSON.stringify(body).slice(0, 500)}`,
    );
  }
}
