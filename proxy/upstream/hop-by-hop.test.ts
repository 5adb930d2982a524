import { describe, expect, it } from 'vitest';
import { hopByHopFilter } from './hop-by-hop.js';

describe('hopByHopFilter', () => {
  it('names the connection-specific fields of RFC 9110 §7.6.1, expect, and every proxy-* field', () => {
    const isHopByHop = hopByHopFilter(undefined);
    for (const name of ['Connection', 'proxy-connection', 'keep-alive', 'TE', 'trailer', 'transfer-encoding', 'upgrade', 'expect', 'proxy-authorization', 'proxy-anything']) {
      expect(isHopByHop(name), name).toBe(true);
    }
    for (const name of ['content-type', 'anthropic-beta', 'x-claude-code-session-id', 'user-agent', 'authorization']) expect(isHopByHop(name), name).toBe(false);
  });

  it('adds whatever the Connection field lists, in any case and spacing', () => {
    const isHopByHop = hopByHopFilter('keep-alive,  X-Private-Hop ,x-other');
    expect(isHopByHop('x-private-hop')).toBe(true);
    expect(isHopByHop('X-Other')).toBe(true);
    expect(isHopByHop('x-end-to-end')).toBe(false);
  });
});
