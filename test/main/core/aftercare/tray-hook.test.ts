/**
 * The tray shows the aftercare clocks: lines the aftercare service hands to the app service's
 * `setTrayExtras` appear in the tray menu above "Declare incident…", and change with them.
 */
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../../../src/main/core/app-service.js';
import type { TrayMenuItem, TrayView } from '../../../../src/main/core/ports.js';
import type { TrayState } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { FakeSource, person } from '../../../fakes/fake-source.js';
import { InMemoryStores } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

class LastTray implements TrayView {
  menu: TrayMenuItem[] = [];
  update(_state: TrayState, _tooltip: string, menu: TrayMenuItem[]): void {
    this.menu = menu;
  }
  onMenu(): () => void {
    return () => undefined;
  }
}

const labels = (menu: TrayMenuItem[]): string[] =>
  menu.map((i) => (i.kind === 'separator' ? '—' : i.label));

describe('tray lines from aftercare', () => {
  it('appear above "Declare incident…" and are replaced on each change', async () => {
    const clock = new FakeClock();
    const tray = new LastTray();
    let raw: unknown = { firstRunDone: true };
    const app = createAppService({
      clock,
      logger: new RecordingLogger(),
      stores: new InMemoryStores().factory,
      settings: { readRaw: () => raw, write: (s) => (raw = s) },
      secrets: { get: () => undefined, set: () => undefined, delete: () => undefined },
      env: {},
      playbook: {
        current: () => ({ playbook: DEFAULT_PLAYBOOK, origin: 'built-in' }),
        onChange: () => () => {},
      },
      notifier: new RecordingNotifier(),
      tray,
      createSources: async () => [new FakeSource(clock, person('Ann Example'))],
      openExternal: async () => true,
    });
    await app.start();
    expect(labels(tray.menu)).not.toContain('INC-1 (SEV-2): customer email due 14:00');

    app.setTrayExtras([{ kind: 'label', label: 'INC-1 (SEV-2): customer email due 14:00' }]);
    await clock.advanceAsync(1000);
    const menu = labels(tray.menu);
    const at = menu.indexOf('INC-1 (SEV-2): customer email due 14:00');
    expect(at).toBeGreaterThan(0);
    expect(menu[at - 1]).toBe('—');
    expect(menu.indexOf('Declare incident…')).toBeGreaterThan(at);

    app.setTrayExtras([]);
    await clock.advanceAsync(1000);
    expect(labels(tray.menu)).not.toContain('INC-1 (SEV-2): customer email due 14:00');
    await app.stop();
  });
});
