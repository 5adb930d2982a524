import { createHash, randomUUID } from 'node:crypto';

import type { CursorAgentConfig } from './agent-config.js';
import { ideChecksum } from './checksum.js';

/** One Cursor account as the transport needs it. */
export interface CursorAgentCredential {
  accessToken: string;
  /** `storage.serviceMachineId` from the login; the checksum falls back to one derived from the token. */
  machineId?: string;
}

/**
 * The IDE-style headers of one run (PROTOCOLS.md §3 "Headers and checksum"). Content type, protocol version and
 * accepted encodings are Connect's own: the Connect client sets them.
 */
export function agentHeaders(config: CursorAgentConfig, credential: CursorAgentCredential, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential.accessToken}`,
    'user-agent': config.userAgent,
    'x-amzn-trace-id': `Root=${randomUUID()}`,
    'x-client-key': createHash('sha256').update(credential.accessToken).digest('hex'),
    'x-cursor-checksum': ideChecksum(nowMs, credential.accessToken, credential.machineId),
    'x-cursor-client-version': config.clientVersion,
    'x-cursor-client-type': config.clientType,
    'x-cursor-client-os': config.clientOs,
    'x-cursor-client-arch': config.clientArch,
    'x-cursor-client-device-type': 'desktop',
    'x-cursor-timezone': config.timeZone || machineTimeZone(),
    'x-ghost-mode': String(config.ghostMode),
    'x-request-id': randomUUID(),
    'x-session-id': uuidV5Dns(credential.accessToken),
  };
  if (config.clientCommit) headers['x-cursor-client-commit'] = config.clientCommit;
  if (config.configVersion) headers['x-cursor-config-version'] = config.configVersion;
  return headers;
}

/** The machine's IANA time zone (UTC when it has none). */
function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** RFC 4122 uuid v5 of a name in the DNS namespace. */
function uuidV5Dns(name: string): string {
  const namespace = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
