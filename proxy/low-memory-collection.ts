import type { Session } from 'node:inspector';

/**
 * V8's memory-reducing full collection (what `Isolate::LowMemoryNotification` does: every space marked and
 * compacted, empty pages given back, the dead ArrayBuffers' memory freed), asked for through the in-process
 * inspector's `HeapProfiler.collectGarbage`, a public API that needs no `--expose-gc` and no V8 flag changed at
 * run time. Resolves false where Node was built without the inspector.
 */
export async function lowMemoryCollection(): Promise<boolean> {
  let InspectorSession: typeof Session;
  try {
    ({ Session: InspectorSession } = await import('node:inspector'));
  } catch {
    return false;
  }
  const session = new InspectorSession();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())));
    return true;
  } finally {
    session.disconnect();
  }
}
