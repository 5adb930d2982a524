import { createHash } from 'node:crypto';
import { Code, ConnectError } from '@connectrpc/connect';

import { ErrorDetailsSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';

/**
 * What Cursor's agent backend checks of a client before a run, as PROTOCOLS.md §3 "Headers and checksum" describes
 * it: a known Bearer token, a client version it still serves, and (for IDE and CLI clients; the SDK sends none) an
 * `x-cursor-checksum` whose time is now and whose suffix is the machine id. Written from the description, not from
 * Switchboard's own checksum code, so a wrong checksum on either side shows.
 */
export interface CursorClientRules {
  /** Whether a run may be served with this access token. */
  takesToken: (accessToken: string) => boolean;
  /** The oldest IDE version served ("3.11.13"); older gets ERROR_OUTDATED_CLIENT. */
  minimumClientVersion: string;
  /** The `storage.serviceMachineId` the checksum ends with (or, for a login without one, the token's sha256 + "machineId"). */
  machineId: string;
  now: () => number;
}

/** A Connect error as Cursor sends it: its ERROR_ name and words in the detail's JSON form. */
export function cursorError(code: Code, error: string, title: string, detail: string): ConnectError {
  return new ConnectError(`${title}: ${detail}`, code, undefined, [{ desc: ErrorDetailsSchema, value: { error, details: { title, detail } } }]);
}

export function checkClient(headers: Headers, rules: CursorClientRules): ConnectError | null {
  const token = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
  if (!token || !rules.takesToken(token)) return cursorError(Code.Unauthenticated, 'ERROR_AUTH_TOKEN_NOT_FOUND', 'Not logged in', 'The access token is unknown or expired.');
  const type = headers.get('x-cursor-client-type');
  const version = headers.get('x-cursor-client-version') ?? '';
  if (type === 'ide' && compareVersions(version, rules.minimumClientVersion) < 0) {
    return cursorError(Code.FailedPrecondition, 'ERROR_OUTDATED_CLIENT', 'Update Required', `Client version ${version} is no longer supported.`);
  }
  if (type !== 'sdk' && !checksumIsValid(headers.get('x-cursor-checksum') ?? '', token, rules)) {
    return cursorError(Code.PermissionDenied, 'ERROR_BAD_CHECKSUM', 'Invalid client', 'The request checksum does not match.');
  }
  return null;
}

function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Undoes the IDE scramble of 6 big-endian time bytes (k = 165; b[i] = ((t[i] ^ k) + i) & 255; k = b[i]). */
function checksumIsValid(checksum: string, token: string, rules: CursorClientRules): boolean {
  const scrambled = Buffer.from(checksum.slice(0, 8), 'base64url');
  const suffix = checksum.slice(8);
  const tokenMachineId = createHash('sha256').update(`${token}machineId`).digest('hex');
  if (scrambled.length !== 6 || (suffix !== rules.machineId && suffix !== tokenMachineId)) return false;
  let key = 165;
  let time = 0;
  for (let i = 0; i < 6; i += 1) {
    const byte = scrambled[i] ?? 0;
    time = time * 256 + ((((byte - i) & 255) ^ key) & 255);
    key = byte;
  }
  return Math.abs(time - Math.floor(rules.now() / 1e6)) <= 1;
}
