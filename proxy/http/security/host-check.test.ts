import { describe, expect, it } from 'vitest';
import { isLocalOrigin } from './cors.js';
import { isLoopbackHost } from './host-check.js';

describe('host and origin checks', () => {
  it('knows loopback names and nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['localhost.evil.com', '0.0.0.0', '::', '10.0.0.1', 'evil.com', '127.0.0.1.nip.io', '127.0.0.256', 'localhost:8317', '[::1]evil.com']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('allows only local origins for CORS', () => {
    expect(isLocalOrigin('http://localhost:5173')).toBe(true);
    expect(isLocalOrigin('http://127.0.0.1:8317')).toBe(true);
    expect(isLocalOrigin('http://[::1]:8317')).toBe(true);
    expect(isLocalOrigin('https://evil.com')).toBe(false);
    expect(isLocalOrigin('null')).toBe(false);
    expect(isLocalOrigin('file://')).toBe(false);
    // The URL parser reads these as 127.0.0.1 or another host, and the check follows it.
    expect(isLocalOrigin('http://127.1:8317')).toBe(true);
    expect(isLocalOrigin('http://localhost:1@evil.example')).toBe(false);
    expect(isLocalOrigin('http://127.0.0.256')).toBe(false);
  });
});
