/**
 * Checks responses against an OpenAPI (3.0) or Swagger (2.0) document: the platform contract
 * (`docs/api/zephyr-platform.openapi.yaml`) by default, and the vendors' descriptions in
 * `../shared/contracts/` through `openApiChecker` (see `vendor-contracts.ts`). Schemas are checked
 * with ajv; the OpenAPI 3.0 `nullable` keyword is rewritten to JSON Schema first.
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

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Validates answers against one document. */
export interface OpenApiChecker {
  /** The parsed document (read once). */
  document(): JsonObject;
  /** The document's path template that `path` (query string ignored) falls under. */
  matchPathTemplate(path: string): string | undefined;
  /**
   * Throws an error naming the operation, the status and every mismatch when `body` is not what
   * the document promises for `method path` answering `status` (an undocumented operation or
   * status is an error too). A response documented without content must have no body.
   */
  validateResponse(method: string, path: string, status: number, body: unknown): void;
}

interface Loaded {
  doc: JsonObject;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
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

/**
 * A checker for the document at `file` (YAML or JSON). `id` names it inside ajv; `statusKeys`
 * picks, for an answer, which response keys to try in order (default: the status, its range
 * `2XX`, then `default`), e.g. Slack documents its `ok:false` bodies under `default`.
 */
export function openApiChecker(
  file: string,
  options: {
    id?: string;
    statusKeys?: (status: number, body: unknown) => string[];
    /** Rewrites the parsed document before use (to state a vendor's known leniencies). */
    prepare?: (doc: JsonObject) => void;
    /** Responses (`#/components/responses/X`) for statuses an operation does not list. */
    fallbacks?: Record<number, string>;
  } = {},
): OpenApiChecker {
  const id = options.id ?? 'openapi';
  const statusKeys =
    options.statusKeys ??
    ((status: number) => [String(status), `${String(status)[0]}XX`, 'default']);
  let loaded: Loaded | undefined;
  const load = (): Loaded => {
    if (loaded) return loaded;
    const text = readFileSync(file, 'utf8');
    const doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as JsonObject;
    options.prepare?.(doc);
    const ajv = new Ajv({ strict: false, allErrors: true });
    // ajv-formats ships CommonJS; its default export is the plugin under ESM interop.
    const addFormats =
      (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
      addFormatsModule;
    addFormats(ajv);
    // ajv-formats' `url` refuses loopback hosts, where the fakes live.
    ajv.addFormat('url', (u: string) => URL.canParse(u));
    ajv.addSchema(toJsonSchema(doc) as object, id);
    loaded = { doc, ajv, validators: new Map() };
    return loaded;
  };
  const matchPathTemplate = (path: string): string | undefined => {
    const bare = path.split('?')[0] ?? path;
    const templates = Object.keys(child(load().doc, 'paths') as JsonObject);
    const exact = templates.find((t) => t === bare);
    if (exact) return exact;
    return templates.find((t) => {
      const re = new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return re.test(bare);
    });
  };
  const validateResponse = (method: string, path: string, status: number, body: unknown): void => {
    const { doc, ajv, validators } = load();
    const what = `${method.toUpperCase()} ${path} → ${status}`;
    const template = matchPathTemplate(path);
    if (!template) throw new Error(`${what}: path is not in the OpenAPI document ${file}`);
    const op = child(child(child(doc, 'paths'), template), method.toLowerCase());
    if (!op)
      throw new Error(
        `${what}: operation ${method.toUpperCase()} ${template} is not in the OpenAPI document`,
      );
    const responses = child(op, 'responses');
    // OpenAPI lets a range (`5XX`) or `default` stand for statuses not listed one by one.
    const key = statusKeys(status, body).find((k) => child(responses, k) !== undefined);
    const fallback = options.fallbacks?.[status];
    let response =
      key === undefined ? (fallback ? { $ref: fallback } : undefined) : child(responses, key);
    let pointer = `#/paths/${pointerPart(template)}/${method.toLowerCase()}/responses/${key ?? status}`;
    if (!response) throw new Error(`${what}: status ${status} is not documented for ${template}`);
    const ref = child(response, '$ref');
    if (typeof ref === 'string') {
      pointer = ref;
      response = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<Json | undefined>(
          (n, k) => child(n, k.replace(/~1/g, '/').replace(/~0/g, '~')),
          doc,
        );
    }
    // Swagger 2.0 puts the schema on the response; OpenAPI 3 under content/<media type>.
    const content = child(response, 'content');
    const mediaType =
      content && typeof content === 'object'
        ? Object.keys(content).find((m) => m.includes('json'))
        : undefined;
    const swagger2 = child(response, 'schema') !== undefined;
    const schema = swagger2
      ? child(response, 'schema')
      : mediaType
        ? child(child(content, mediaType), 'schema')
        : undefined;
    if (schema === undefined) {
      if (body !== undefined && body !== null && body !== '') {
        throw new Error(
          `${what}: documented without a body, but got ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
      return;
    }
    const schemaPointer = swagger2
      ? `${id}${pointer}/schema`
      : `${id}${pointer}/content/${pointerPart(mediaType ?? '')}/schema`;
    let validate = validators.get(schemaPointer);
    if (!validate) {
      validate = ajv.compile({ $ref: schemaPointer });
      validators.set(schemaPointer, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `${what}: body does not match the schema in ${file}: ${ajv.errorsText(validate.errors, { separator: '; ' })}` +
          `\nbody: ${JSON.stringify(body).slice(0, 500)}`,
      );
    }
  };
  return { document: () => load().doc, matchPathTemplate, validateResponse };
}

const platform = openApiChecker(OPENAPI_PATH);

/** The platform's parsed OpenAPI document (read once). */
export function openApiDocument(): JsonObject {
  return platform.document();
}

/** The platform document's path template that `path` (query string ignored) falls under. */
export function matchPathTemplate(path: string): string | undefined {
  return platform.matchPathTemplate(path);
}

/**
 * Throws an error naming the operation, the status and every mismatch when `body` is not what
 * the platform's OpenAPI document promises for `method path` answering `status`.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  platform.validateResponse(method, path, status, body);
}
