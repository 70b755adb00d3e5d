/**
 * What a severity change's follow-up row offers in the console: Retry where it can do something
 * (failed, or skipped for want of a connection that is there now), "Connect in Settings" while
 * the connection is missing, and no dead Retry.
 */
import { describe, expect, it } from 'vitest';
import { followUpOffer } from '../../../../src/renderer/features/incidents/change-follow-ups.js';
import type { IntegrationsView } from '../../../../src/shared/aftercare/views.js';

const none: IntegrationsView = { slack: false, statuspage: false, platform: true, linear: false };
const all: IntegrationsView = { slack: true, statuspage: true, platform: true, linear: true };

describe('a follow-up row', () => {
  it('offers Retry on a failed step', () => {
    expect(followUpOffer({ action: 'slack-message', status: 'failed' }, all)).toBe('retry');
  });

  it('offers Settings, not Retry, while the step’s integration is not connected', () => {
    const skipped = { action: 'statuspage', status: 'skipped', notConnected: true } as const;
    expect(followUpOffer(skipped, none)).toBe('settings');
    expect(followUpOffer(skipped, all)).toBe('retry');
    const pagerduty = { ...skipped, action: 'pagerduty-urgency' } as const;
    expect(followUpOffer(pagerduty, all)).toBe('settings');
  });

  it('offers nothing on a step done, running, or skipped for another reason', () => {
    expect(followUpOffer({ action: 'slack-topic', status: 'done' }, all)).toBeNull();
    expect(followUpOffer({ action: 'slack-topic', status: 'pending' }, all)).toBeNull();
    expect(followUpOffer({ action: 'statuspage', status: 'skipped' }, all)).toBeNull();
  });
});
