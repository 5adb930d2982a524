import { describe, expect, it } from 'vitest';
import { describeListenError } from './listen-error.js';

const failure = (code: string) => Object.assign(new Error(`listen ${code}: internal words`), { code });

describe('describeListenError', () => {
  it('says what went wrong and what to do, not which system call failed', () => {
    expect(describeListenError(failure('EADDRINUSE'), '127.0.0.1', 8317)).toBe('port 8317 on 127.0.0.1 is already in use (by another Switchboard, or another program) — choose another port');
    expect(describeListenError(failure('EACCES'), '0.0.0.0', 80)).toBe('this user may not listen on port 80 on 0.0.0.0 — choose a port above 1023');
    expect(describeListenError(failure('EADDRNOTAVAIL'), '10.9.9.9', 8317)).toMatch(/^10\.9\.9\.9 is not an address of this computer — /);
    expect(describeListenError(failure('ENOTFOUND'), 'nas.local', 8317)).toMatch(/^the host name "nas.local" could not be resolved — /);
  });

  it('keeps any other message as it is', () => {
    expect(describeListenError(new Error('no API key is configured'), '127.0.0.1', 8317)).toBe('no API key is configured');
  });
});
