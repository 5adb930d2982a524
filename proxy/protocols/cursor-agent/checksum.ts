import { createHash } from 'node:crypto';

/**
 * The IDE's `x-cursor-checksum` (PROTOCOLS.md §3 "Headers and checksum"): the time in millions of milliseconds as 6
 * big-endian bytes, scrambled byte by byte with a running key that starts at 165, base64url without padding, then
 * the account's `storage.serviceMachineId` (or, without one, the sha256 hex of the token + "machineId").
 */
export function ideChecksum(nowMs: number, accessToken: string, machineId: string | undefined): string {
  let time = Math.floor(nowMs / 1e6);
  const bytes = Buffer.alloc(6);
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  let key = 165;
  for (let i = 0; i < 6; i += 1) {
    const scrambled = (((bytes[i] ?? 0) ^ key) + i) & 255;
    bytes[i] = scrambled;
    key = scrambled;
  }
  const suffix = machineId || createHash('sha256').update(`${accessToken}machineId`).digest('hex');
  return bytes.toString('base64url') + suffix;
}
