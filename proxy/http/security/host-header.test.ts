import { describe, expect, it } from 'vitest';
import { isLoopback, parseHost } from './host-header.js';

describe('parseHost (RFC 3986 host with an optional port)', () => {
  it.each([
    ['localhost', { kind: 'reg-name', name: 'localhost', port: null }],
    ['localhost:8317', { kind: 'reg-name', name: 'localhost', port: '8317' }],
    ['LocalHost:8317', { kind: 'reg-name', name: 'localhost', port: '8317' }],
    ['127.0.0.1', { kind: 'ipv4', name: '127.0.0.1', port: null }],
    ['127.0.0.1:8317', { kind: 'ipv4', name: '127.0.0.1', port: '8317' }],
    ['[::1]', { kind: 'ipv6', name: '[::1]', port: null }],
    ['[::1]:8317', { kind: 'ipv6', name: '[::1]', port: '8317' }],
    ['[0:0:0:0:0:0:0:1]:80', { kind: 'ipv6', name: '[0:0:0:0:0:0:0:1]', port: '80' }],
    ['switchboard.internal:443', { kind: 'reg-name', name: 'switchboard.internal', port: '443' }],
    ['127.0.0.256', { kind: 'reg-name', name: '127.0.0.256', port: null }],
    ['localhost:', { kind: 'reg-name', name: 'localhost', port: '' }],
  ])('reads %s', (value, parsed) => {
    expect(parseHost(value)).toEqual(parsed);
  });

  it.each([
    ['', 'empty'],
    [':8317', 'no host'],
    ['localhost:1@evil', 'userinfo-like text after the port'],
    ['user@localhost', 'userinfo'],
    ['[::1]evil.com', 'text after an IPv6 literal'],
    ['[::1', 'an unclosed IPv6 literal'],
    ['[::1]:80:80', 'two ports'],
    ['[fe80::1%25eth0]', 'a zone id'],
    ['[v1.fe80::1]', 'IPvFuture'],
    ['[127.0.0.1]', 'an IPv4 address in brackets'],
    ['localhost:80a', 'a port that is not a number'],
    ['localhost:65536', 'a port out of range'],
    ['localhost:000008317', 'a port of more than five digits'],
    ['local host', 'a space'],
    ['localhost/evil', 'a path'],
    ['localhost\\evil', 'a backslash'],
    ['localhost#x', 'a fragment'],
    ['::1', 'an IPv6 address without brackets'],
  ])('refuses %j (%s)', (value) => {
    expect(parseHost(value)).toBeNull();
  });
});

describe('isLoopback', () => {
  const loopback = (value: string) => isLoopback(parseHost(value)!);

  it('knows the loopback addresses and the name localhost', () => {
    for (const value of ['localhost', 'LOCALHOST:1', '127.0.0.1', '127.1.2.3:8317', '127.255.255.255', '[::1]', '[0:0:0:0:0:0:0:1]', '[::0:1]:8317']) expect(loopback(value)).toBe(true);
  });

  it('knows nothing else, however close it looks', () => {
    for (const value of ['127.0.0.256', '127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433', 'localhost.', 'localhost.evil.com', 'evil.localhost', 'loca%6chost', '0.0.0.0', '10.0.0.1', '[::]', '[::2]', '[::ffff:127.0.0.1]', '128.0.0.1', '1.127.0.0']) {
      expect(loopback(value)).toBe(false);
    }
  });
});
