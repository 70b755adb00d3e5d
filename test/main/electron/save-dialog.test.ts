import { describe, expect, it } from 'vitest';
import {
  createDialogSaveFile,
  type SaveDialogLike,
} from '../../../src/main/electron/save-dialog.js';

function recordingDialog(answer: { canceled: boolean; filePath?: string }) {
  const asked: Parameters<SaveDialogLike['showSaveDialog']>[0][] = [];
  const dialog: SaveDialogLike = {
    showSaveDialog: async (options) => {
      asked.push(options);
      return answer;
    },
  };
  return { dialog, asked };
}

describe('Electron save dialog', () => {
  it('offers the suggested name in Downloads and writes where the user chose', async () => {
    const { dialog, asked } = recordingDialog({
      canceled: false,
      filePath: '/home/u/Desktop/x.eml',
    });
    const written: [string, string][] = [];
    const save = createDialogSaveFile({
      dialog,
      downloads: () => '/home/u/Downloads',
      write: async (p, c) => void written.push([p, c]),
    });
    expect(await save('inc-1-customer-email.eml', 'Subject: hi')).toBe('/home/u/Desktop/x.eml');
    expect(asked[0]).toMatchObject({
      defaultPath: '/home/u/Downloads/inc-1-customer-email.eml',
      filters: [{ extensions: ['eml'] }],
    });
    expect(written).toEqual([['/home/u/Desktop/x.eml', 'Subject: hi']]);
  });

  it('writes nothing and says so when the user cancels', async () => {
    const { dialog } = recordingDialog({ canceled: true });
    const written: string[] = [];
    const save = createDialogSaveFile({
      dialog,
      downloads: () => '/d',
      write: async (p) => void written.push(p),
    });
    await expect(save('pm.md', '# PM')).rejects.toThrow(/cancelled/);
    expect(written).toEqual([]);
  });
});
