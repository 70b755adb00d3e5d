/**
 * Holds the vendor fakes' answers to the vendors' own descriptions in `../shared/contracts/`:
 * Slack's, PagerDuty's and Statuspage's OpenAPI documents and Linear's GraphQL schema. Each fake
 * calls one `check…Answer` line per answer; a mismatch is recorded (see `takeContractViolations()`) and
 * logged, and `vendor-contracts-setup.ts` fails the test that produced it. Where `../shared` is
 * absent outside CI the checks are skipped (see `sharedAvailable`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  execute,
  GraphQLError,
  parse,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { openApiChecker, type Json, type JsonObject, type OpenApiChecker } from './openapi.js';
import { SHARED_DIR } from './shared-dir.js';

const violations: string[] = [];

/** Returns and clears the recorded mismatches. */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

function record(check: () => void): void {
  try {
    check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    violations.push(message);
    console.error(`vendor fake answered outside its contract: ${message}`);
  }
}

function contract(relative: string): string | undefined {
  const path = resolve(SHARED_DIR, 'contracts', relative);
  if (existsSync(path)) return path;
  if (process.env.CI) throw new Error(`${path} is missing: CI must run with ../shared`);
  return undefined;
}

const checkers = new Map<string, OpenApiChecker | undefined>();

function checker(
  relative: string,
  options: Omit<Parameters<typeof openApiChecker>[1], 'id'> = {},
): OpenApiChecker | undefined {
  if (!checkers.has(relative)) {
    const file = contract(relative);
    checkers.set(relative, file ? openApiChecker(file, { id: relative, ...options }) : undefined);
  }
  return checkers.get(relative);
}

/** Calls `fn` on every object node of `node`, depth first. */
function walk(node: Json, fn: (o: JsonObject) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, fn));
  else if (node !== null && typeof node === 'object') {
    fn(node);
    Object.values(node).forEach((n) => walk(n, fn));
  }
}

/**
 * Statuspage's document spells one type `Object` (JSON Schema knows only `object`), and its
 * rate limit (HTTP 420, stated in its introduction) and gateway errors answer `ErrorEntity`
 * without being listed per operation.
 */
function statuspageLeniencies(doc: JsonObject): void {
  walk(doc, (o) => {
    if (typeof o['type'] === 'string') o['type'] = o['type'].toLowerCase();
  });
  const components = doc['components'] as JsonObject;
  // `ErrorEntity` is `{message}`; held to exactly that so an `{error}` body is caught.
  const schemas = components['schemas'] as JsonObject;
  schemas['ErrorEntity'] = {
    ...(schemas['ErrorEntity'] as JsonObject),
    required: ['message'],
    additionalProperties: false,
  };
  components['responses'] = {
    ...((components['responses'] as JsonObject | undefined) ?? {}),
    ErrorEntity: {
      description: 'An error (ErrorEntity)',
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/ErrorEntity' } },
      },
    },
  };
}

const STATUSPAGE_FALLBACKS: Record<number, string> = Object.fromEntries(
  [401, 404, 420, 500, 502, 503].map((s) => [s, '#/components/responses/ErrorEntity']),
);

/**
 * PagerDuty's document is stricter than PagerDuty in two documented ways: its own descriptions
 * say `start`/`end`, `resolved_at`, `priority`, `incident_key` and `schedule` may be `null`
 * while their schemas omit `nullable`, and `include[]` expands a `*_reference` into the full
 * object (type without `_reference`). Properties are read as nullable, both types allowed, and
 * `oneOf` read as `anyOf`. It also contradicts itself once: `AcknowledgeLogEntry` spells its type
 * `acknowledgement_log_entry` while the `LogEntry` it extends allows only `acknowledge_log_entry`
 * (what PagerDuty sends), so no acknowledgement entry could pass; the `LogEntry` spelling is kept.
 */
function pagerDutyLeniencies(doc: JsonObject): void {
  const schemas = (doc['components'] as JsonObject)['schemas'] as JsonObject;
  walk(schemas['AcknowledgeLogEntry'] ?? null, (o) => {
    if (Array.isArray(o['enum']) && o['enum'].includes('acknowledgement_log_entry'))
      o['enum'] = ['acknowledge_log_entry'];
  });
  walk(doc, (o) => {
    // With both types allowed, a reference and its full object overlap: `oneOf` would refuse
    // an answer matching both.
    if (o['oneOf'] !== undefined) {
      o['anyOf'] = o['oneOf'];
      delete o['oneOf'];
    }
    const props = o['properties'];
    if (props === null || typeof props !== 'object' || Array.isArray(props)) return;
    for (const [name, p] of Object.entries(props)) {
      if (p === null || typeof p !== 'object' || Array.isArray(p)) continue;
      const enumValues = p['enum'];
      if (name === 'type' && Array.isArray(enumValues))
        p['enum'] = [
          ...enumValues,
          ...enumValues.map((v) => (typeof v === 'string' ? v.replace(/_reference$/, '') : v)),
        ];
      props[name] = p['$ref'] ? { anyOf: [p, { type: 'null' }] } : { ...p, nullable: true };
    }
  });
}

const PD_FALLBACKS: Record<number, string> = {
  400: '#/components/responses/ArgumentError',
  401: '#/components/responses/Unauthorized',
  403: '#/components/responses/Forbidden',
  404: '#/components/responses/NotFound',
  429: '#/components/responses/TooManyRequests',
  500: '#/components/responses/InternalServerError',
  502: '#/components/responses/InternalServerError',
  503: '#/components/responses/InternalServerError',
};

/**
 * Slack answers HTTP 200 with `ok:false` for errors, documented under `default`; its 429 carries
 * no documented body, so only the documented error schema is checked for it.
 */
function slackKeys(status: number, body: unknown): string[] {
  const ok = (body as { ok?: unknown } | null)?.ok;
  if (status === 200 && ok === true) return ['200'];
  return ['default'];
}

/**
 * Slack's document requires `minItems: 1` on lists Slack answers empty (a new channel's
 * history), omits `response_metadata` where Slack pages, and lists error codes per method incompletely (`rate_limited`, which Slack's own
 * SDK documents, is missing from every enum): those two are relaxed.
 */
function slackLeniencies(doc: JsonObject): void {
  walk(doc, (o) => {
    delete o['minItems'];
    const props = o['properties'];
    // Cursor-paged methods answer `response_metadata.next_cursor`, absent from some schemas.
    if (props !== null && typeof props === 'object' && !Array.isArray(props) && 'ok' in props)
      props['response_metadata'] ??= {
        type: 'object',
        properties: { next_cursor: { type: 'string' } },
      };
    const error =
      props !== null && typeof props === 'object' && !Array.isArray(props)
        ? props['error']
        : undefined;
    if (error !== null && typeof error === 'object' && !Array.isArray(error)) {
      const values = error['enum'];
      if (Array.isArray(values) && !values.includes('rate_limited'))
        error['enum'] = [...values, 'rate_limited'];
    }
  });
}

/** Checks one Slack Web API answer (`method` like `chat.postMessage`) against Slack's document. */
export function checkSlackAnswer(
  httpMethod: string,
  method: string,
  status: number,
  body: unknown,
): void {
  const c = checker('slack/slack_web_openapi_v2.json', {
    statusKeys: slackKeys,
    prepare: slackLeniencies,
  });
  if (!c) return;
  if (status === 429) {
    // Documented in prose only: HTTP 429, `Retry-After`, `{ok:false, error:"ratelimited"}`.
    const b = body as { ok?: unknown; error?: unknown } | null;
    if (b?.ok !== false || b.error !== 'ratelimited')
      record(() => {
        throw new Error(`Slack ${method} → 429 must be {ok:false, error:"ratelimited"}`);
      });
    return;
  }
  const verb = Object.keys(
    (c.document()['paths'] as Record<string, Record<string, unknown>>)[`/${method}`] ?? {},
  ).includes(httpMethod.toLowerCase())
    ? httpMethod
    : // Slack accepts GET and POST alike for most methods; the document lists one.
      (Object.keys(
        (c.document()['paths'] as Record<string, Record<string, unknown>>)[`/${method}`] ?? {},
      )[0] ?? httpMethod);
  record(() => c.validateResponse(verb, `/${method}`, status, body));
}

/** Checks one Statuspage answer (`path` below `/v1`) against Statuspage's OpenAPI document. */
export function checkStatuspageAnswer(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const c = checker('statuspage/statuspage-openapi3.json', {
    prepare: statuspageLeniencies,
    fallbacks: STATUSPAGE_FALLBACKS,
  });
  if (!c) return;
  record(() => c.validateResponse(method, path.replace(/^\/v1/, ''), status, body));
}

/** Checks one PagerDuty REST answer against PagerDuty's OpenAPI document. */
export function checkPagerDutyAnswer(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const c = checker('pagerduty/openapiv3.json', {
    prepare: pagerDutyLeniencies,
    fallbacks: PD_FALLBACKS,
  });
  if (!c) return;
  record(() => c.validateResponse(method, path, status, body));
}

let linearSchema: GraphQLSchema | undefined | null = null;

function linear(): GraphQLSchema | undefined {
  if (linearSchema === null) {
    const file = contract('linear/schema.graphql');
    linearSchema = file ? buildSchema(readFileSync(file, 'utf8')) : undefined;
  }
  return linearSchema;
}

/** Reads each field of the answer by its response key, so execution re-types the answer. */
const fromAnswer: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) =>
  (source as Record<string, unknown> | null)?.[info.path.key as string];

/**
 * Checks one Linear GraphQL answer against Linear's schema: `data` must have exactly the shape
 * the query selects (non-null fields non-null, enums and scalars as typed), and every error must
 * be `{message, path?, locations?, extensions?}` as the GraphQL spec and Linear send them.
 */
export function checkLinearAnswer(
  query: string,
  variables: Record<string, unknown>,
  status: number,
  body: unknown,
): void {
  const schema = linear();
  if (!schema) return;
  record(() => {
    const answer = body as { data?: unknown; errors?: unknown } | null;
    if (answer === null || typeof answer !== 'object')
      throw new Error(`Linear → ${status}: answer is not a JSON object`);
    if (answer.errors !== undefined) {
      if (!Array.isArray(answer.errors) || answer.errors.length === 0)
        throw new Error(`Linear → ${status}: errors must be a non-empty list`);
      for (const e of answer.errors as Record<string, unknown>[]) {
        if (typeof e?.['message'] !== 'string')
          throw new Error(`Linear → ${status}: an error without a message: ${JSON.stringify(e)}`);
        const ext = e['extensions'];
        if (ext !== undefined && (typeof ext !== 'object' || ext === null))
          throw new Error(`Linear → ${status}: extensions must be an object`);
      }
    } else if (answer.data === undefined || answer.data === null) {
      throw new Error(`Linear → ${status}: no data and no errors`);
    }
    if (answer.data === undefined || answer.data === null) return;
    const result = execute({
      schema,
      document: parse(query),
      rootValue: answer.data,
      fieldResolver: fromAnswer,
      variableValues: variables,
    });
    const shapeErrors: readonly GraphQLError[] = 'then' in result ? [] : (result.errors ?? []);
    if (shapeErrors.length > 0)
      throw new Error(
        `Linear → ${status}: data does not match schema.graphql: ${shapeErrors
          .map((e) => `${e.message} at ${(e.path ?? []).join('.')}`)
          .join('; ')}\nbody: ${JSON.stringify(body).slice(0, 500)}`,
      );
  });
}
