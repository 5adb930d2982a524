/**
 * Why the server could not listen, in words and with the fix: Node's own messages name the system call
 * ("listen EADDRNOTAVAIL: address not available 10.0.0.9:8317").
 */
export function describeListenError(error: unknown, host: string, port: number): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (by another Switchboard, or another program) — choose another port`;
    case 'EACCES':
      return `this user may not listen on port ${port} on ${host} — choose a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this computer — listen on one of its addresses, 127.0.0.1 (this computer only) or 0.0.0.0 (every network interface)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name "${host}" could not be resolved — listen on an address of this computer, e.g. 127.0.0.1`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
