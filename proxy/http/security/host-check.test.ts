import { describe, expect, it } from 'vitest';
import { isLocalOrigin } from './cors.js';
import { hostNameOf, isLoopbackHost } from './host-check.js';

describe('host and origin checks', () => {
  it('reads the host name of a Host header', () => {
    expect(hostNameOf('localhost:8317')).toBe('localhost');
    expect(hostNameOf('[::1]:8317')).toBe('[::1]');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostNameOf('Evil.Example:8317')).toBe('evil.example');
  });

  it('knows loopback names and nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['localhost.evil.com', '0.0.0.0', '10.0.0.1', 'evil.com', '127.0.0.1.nip.io']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('allows only local origins for CORS', () => {
    expect(isLocalOrigin('http://localhost:5173')).toBe(true);
    expect(isLocalOrigin('http://127.0.0.1:8317')).toBe(true);
    expect(isLocalOrigin('http://[::1]:8317')).toBe(true);
    expect(isLocalOrigin('https://evil.com')).toBe(false);
    expect(isLocalOrigin('null')).toBe(false);
    expect(isLocalOrigin('file://')).toBe(false);
  });
});
