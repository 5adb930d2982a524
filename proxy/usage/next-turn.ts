/**
 * Resolves after the event loop has gone round once (setImmediate: after the I/O that was waiting). Long reads of
 * the ledger await it between their statements, so the requests that arrived meanwhile are served in between.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
