import { describe, expect, it } from 'vitest';
import {
  MUTED_PROBLEM,
  createReachability,
} from '../../../../src/main/core/on-call/reachability.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

describe('reachability', () => {
  it('counts an alert volume of 0 % as a problem, live, without a new check', async () => {
    const settings = { volume: 0 };
    const reachability = createReachability({
      notifier: new RecordingNotifier(),
      logger: new RecordingLogger(),
      onChange: () => undefined,
      muted: () => settings.volume === 0,
    });
    await reachability.check();
    expect(reachability.current()).toMatchObject({ ok: false, muted: true });
    expect(reachability.current().problems).toContain(MUTED_PROBLEM);
    settings.volume = 0.5;
    expect(reachability.current().muted).toBeUndefined();
    expect(reachability.current().problems).not.toContain(MUTED_PROBLEM);
  });
});
