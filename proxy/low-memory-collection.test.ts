import { describe, expect, it } from 'vitest';
import { lowMemoryCollection } from './low-memory-collection.js';

const BUFFER_BYTES = 64 * 1024 * 1024;

/** Objects and a buffer that nothing references once this returns, and a WeakRef that sees the objects go. */
function leaveGarbage(): WeakRef<object[]> {
  const garbage = { buffer: Buffer.alloc(BUFFER_BYTES, 1), objects: Array.from({ length: 10_000 }, (_, index) => ({ index })) };
  return new WeakRef(garbage.objects);
}

describe('lowMemoryCollection', () => {
  it('collects what nothing references any more and frees the memory of dead buffers', async () => {
    const gone = leaveGarbage();
    // A WeakRef holds its target until the current task ends: collect in a later one.
    await new Promise((resolve) => setImmediate(resolve));

    expect(await lowMemoryCollection()).toBe(true);

    expect(gone.deref()).toBeUndefined();
    // Nothing else in the test process holds buffers of that size.
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(BUFFER_BYTES);
  });
});
