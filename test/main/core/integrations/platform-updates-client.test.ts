import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformUpdatesClient } from '../../../../src/main/core/integrations/platform-updates-client.js';
import { IntegrationError } from '../../../../src/main/core/integrations/integration-error.js';
import { validateResponse } from '../../../helpers/openapi.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';

describe('platform updates client against the local platform (answers checked against the OpenAPI document)', () => {
  let p: TestPlatform;
  const checked: string[] = [];
  // Every answer the client receives is validated against docs/api/zephyr-platform.openapi.yaml.
  const checkingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(String(input));
    const body = (await res.clone().json()) as unknown;
    validateResponse(init?.method ?? 'GET', `${url.pathname}${url.search}`, res.status, body);
    checked.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return res;
  };

  beforeEach(async () => {
    p = await startTestPlatform();
    checked.length = 0;
  });
  afterEach(async () => {
    await p.close();
  });

  async function openIncident(): Promise<string> {
    const res = await fetch(`${p.url}/v1/incidents`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${p.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'k1',
      },
      body: JSON.stringify({
        severity: 2,
        summary: 'Checkout slow',
        roles: { commander: p.userId, investigators: [] },
      }),
    });
    return ((await res.json()) as { id: string }).id;
  }

  it('posts an update once per Idempotency-Key, lists updates and resolves', async () => {
    const id = await openIncident();
    const client = createPlatformUpdatesClient({
      baseUrl: p.url,
      token: p.token,
      fetch: checkingFetch,
    });
    const first = await client.postUpdate(
      id,
      { status: 'identified', message: 'Found it.' },
      'zephyr-aftercare:a',
    );
    const again = await client.postUpdate(
      id,
      { status: 'identified', message: 'Found it.' },
      'zephyr-aftercare:a',
    );
    expect(again.id).toBe(first.id);
    expect(await client.listUpdates(id)).toEqual([first]);
    const resolved = await client.setStatus(id, 'resolved');
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).toBeDefined();
    expect((await client.findIncident(id))?.status).toBe('resolved');
    expect(await client.findIncident('INC-404')).toBeUndefined();
    expect(checked).toContain('PATCH /v1/incidents/' + id);
  });

  it('names what is wrong: an unknown incident, a bad token', async () => {
    const client = createPlatformUpdatesClient({ baseUrl: p.url, token: p.token });
    await expect(client.listUpdates('INC-404')).rejects.toMatchObject({ kind: 'not-found' });
    const bad = createPlatformUpdatesClient({ baseUrl: p.url, token: 'tok-secret-xyz' });
    const error = await bad.listUpdates('INC-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).kind).toBe('auth');
    expect(String((error as Error).message)).not.toContain('tok-secret-xyz');
  });
});
