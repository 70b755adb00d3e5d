/** The aftercare tests' Linear stand-in keeps Linear's rule: an issue id is used once. */
import { describe, expect, it } from 'vitest';
import { FakeLinear } from './fakes.js';

describe('FakeLinear', () => {
  it('refuses a second issue with the same id and keeps the first', async () => {
    const linear = new FakeLinear();
    const input = { id: 'i-1', teamId: 'team-1', title: 'First', description: '', labelIds: [] };
    const first = await linear.createIssue(input);
    await expect(linear.createIssue({ ...input, title: 'Second' })).rejects.toMatchObject({
      kind: 'invalid-request',
    });
    expect(await linear.findIssue('i-1')).toEqual(first);
    expect(linear.issues.get('i-1')?.title).toBe('First');
  });
});
