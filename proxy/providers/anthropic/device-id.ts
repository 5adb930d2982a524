import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Claude Code's `device_id` for each account on this machine: 64 hex characters, stable per installation and
 * account. The machine's name is read once and each account's id hashed once, not on every request.
 */
export function deviceIds(machineName: () => string = hostname): (accountId: string) => string {
  let machine: string | undefined;
  const known = new Map<string, string>();
  return (accountId) => {
    let id = known.get(accountId);
    if (id === undefined) {
      machine ??= machineName();
      id = createHash('sha256').update(`switchboard:${machine}:${accountId}`).digest('hex');
      known.set(accountId, id);
    }
    return id;
  };
}
