import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ideChecksum } from './checksum.js';

describe('the IDE checksum', () => {
  it('scrambles the time in millions of ms and appends the machine id', () => {
    // t = floor(1_765_000_000_000 / 1e6) = 1_765_000 = 0x00 00 00 1a ee 88; k = 165, b[i] = ((t[i] ^ k) + i) & 255.
    const bytes = [0xa5, 0xa6, 0xa8, 0xb5, 0x5f, 0xdc];
    expect(ideChecksum(1_765_000_000_000, 'token', 'machine')).toBe(`${Buffer.from(bytes).toString('base64url')}machine`);
  });

  it('falls back to the sha256 of the token + "machineId" without a machine id', () => {
    const suffix = createHash('sha256').update('tokenmachineId').digest('hex');
    expect(ideChecksum(0, 'token', undefined).slice(8)).toBe(suffix);
  });
});
