import { describe, expect, it } from 'vitest';
import { Settings, type SettingsView } from '../../../../src/shared/contract.js';
import { platformToTest } from '../../../../src/renderer/features/settings/settings-view.js';

function view(platformUrl: string, managed: { url?: boolean; token?: boolean } = {}): SettingsView {
  return {
    values: Settings.parse({ platformUrl }),
    origins: { platformUrl: managed.url ? 'env' : platformUrl ? 'settings' : 'default' },
    secrets: { platformToken: { set: true, managed: managed.token === true } },
    envNames: {},
    errors: [],
  };
}

describe('which platform connection Settings tests before saving', () => {
  it('a new URL or a typed token is tested; the URL with the token typed', () => {
    expect(platformToTest({ platformUrl: ' https://z.example.com ' }, '', view(''))).toEqual({
      url: 'https://z.example.com',
    });
    expect(
      platformToTest(
        { platformUrl: 'https://z.example.com' },
        'tok',
        view('https://z.example.com'),
      ),
    ).toEqual({ url: 'https://z.example.com', token: 'tok' });
  });

  it('nothing to test: the demo (empty URL), or neither the URL nor the token changed', () => {
    expect(platformToTest({ platformUrl: '' }, 'tok', view('https://z.example.com'))).toBeNull();
    expect(
      platformToTest({ platformUrl: 'https://z.example.com' }, '', view('https://z.example.com')),
    ).toBeNull();
  });

  it("the environment's URL or token is what will be used, so it is what is tested", () => {
    const envUrl = view('https://env.example.com', { url: true });
    expect(platformToTest({ platformUrl: 'https://typed.example.com' }, 'tok', envUrl)).toEqual({
      url: 'https://env.example.com',
      token: 'tok',
    });
    const envToken = view('https://z.example.com', { token: true });
    expect(platformToTest({ platformUrl: 'https://new.example.com' }, 'tok', envToken)).toEqual({
      url: 'https://new.example.com',
    });
  });
});
