import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { Page } from '../../../src/shared/domain.js';
import { matchPathTemplate, openApiDocument, validateResponse } from '../../helpers/openapi.js';
import { engineHarness } from './engine-harness.js';

describe('the OpenAPI document and validateResponse', () => {
  it('describes every endpoint of the spec and the local-only control API', () => {
    const paths = openApiDocument()['paths'] as Record<string, Record<string, unknown>>;
    const ops = Object.entries(paths).flatMap(([p, o]) =>
      Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(ops.sort()).toEqual(
      [
        'GET /v1/me',
        'GET /v1/oncall',
        'GET /v1/pages',
        'POST /v1/pages',
        'POST /v1/pages/{id}/acknowledge',
        'POST /v1/pages/{id}/resolve',
        'POST /v1/pages/{id}/escalate',
        'GET /v1/incidents',
        'POST /v1/incidents',
        'PATCH /v1/incidents/{id}',
        'POST /v1/incidents/{id}/updates',
        'GET /v1/incidents/{id}/updates',
        'POST /control/advance',
        'GET /control/state',
        'POST /control/faults',
        'DELETE /control/faults',
        'POST /control/pages',
        'POST /control/pages/{id}/retrigger',
        'PUT /control/rotations/{id}/shifts',
      ].sort(),
    );
  });

  it('resolves path templates and ignores the query string', () => {
    expect(matchPathTemplate('/v1/pages/P1/acknowledge')).toBe('/v1/pages/{id}/acknowledge');
    expect(matchPathTemplate('/v1/pages?status=open&wait=30')).toBe('/v1/pages');
    expect(matchPathTemplate('/v1/incidents/INC-1')).toBe('/v1/incidents/{id}');
    expect(matchPathTemplate('/v2/nothing')).toBeUndefined();
  });

  it('accepts a real page and rejects one that breaks the schema, naming the field', () => {
    const h = engineHarness();
    const page = h.engine.createPage({ title: 't', target: { rotation: 'platform' } });
    expect(Page.parse(page)).toBeTruthy();
    expect(() => validateResponse('POST', '/v1/pages', 201, page)).not.toThrow();
    const { target: _t, ...noTarget } = page;
    expect(() => validateResponse('POST', '/v1/pages', 201, noTarget)).toThrow(
      /POST \/v1\/pages → 201.*target/,
    );
    const badNext = { ...page, escalation: { ...page.escalation, nextAt: 12 } };
    expect(() => validateResponse('POST', '/v1/pages/P1/acknowledge', 200, badNext)).toThrow(
      /nextAt/,
    );
    const acked = h.engine.acknowledge(page.id, h.userId);
    expect(acked.escalation.nextAt).toBeNull();
    expect(() => validateResponse('POST', '/v1/pages/P1/acknowledge', 200, acked)).not.toThrow();
  });

  it('rejects undocumented statuses and bodies on bodiless responses', () => {
    expect(() => validateResponse('GET', '/v1/me', 418, {})).toThrow(
      /status 418 is not documented/,
    );
    expect(() => validateResponse('DELETE', '/v1/me', 200, {})).toThrow(
      /DELETE \/v1\/me is not in the OpenAPI document/,
    );
    expect(() =>
      validateResponse('GET', '/v1/pages', 503, { error: { code: 'x', message: 'down' } }),
    ).not.toThrow();
    expect(() => validateResponse('GET', '/v1/pages', 503, '<html>')).toThrow(
      /503.*must be object/,
    );
    expect(() => validateResponse('GET', '/v1/pages', 304, undefined)).not.toThrow();
    expect(() => validateResponse('GET', '/v1/pages', 304, { pages: [] })).toThrow(
      /without a body/,
    );
    expect(() =>
      validateResponse('GET', '/v1/pages', 401, { error: { code: 'unauthorized' } }),
    ).toThrow(/message/);
  });

  it('documents the default escalation timings as the example chain', () => {
    const text = JSON.stringify(openApiDocument());
    const timings = DEFAULT_PLAYBOOK.escalation.steps.map((s) => s.afterSeconds).join(', ');
    expect(text).toContain(timings);
  });
});
