import type * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { deviceIds } from './device-id.js';

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof nodeCrypto>();
  return {
    ...crypto,
    createHash: (...args: Parameters<typeof crypto.createHash>) => {
      hashes.count++;
      return crypto.createHash(...args);
    },
  };
});

describe('deviceIds', () => {
  it('is the same 64 hex characters as before for an account on this machine, and differs per account', () => {
    const deviceId = deviceIds(() => 'laptop');
    expect(deviceId('one')).toBe(createHash('sha256').update('switchboard:laptop:one').digest('hex'));
    expect(deviceId('one')).toMatch(/^[0-9a-f]{64}$/);
    expect(deviceId('two')).not.toBe(deviceId('one'));
  });

  it('reads the machine name once and hashes each account once, however many requests', () => {
    const machineName = vi.fn(() => 'laptop');
    const deviceId = deviceIds(machineName);
    hashes.count = 0;
    for (let i = 0; i < 100; i++) {
      deviceId('one');
      deviceId('two');
    }
    expect(machineName).toHaveBeenCalledTimes(1);
    expect(hashes.count).toBe(2);
  });
});
