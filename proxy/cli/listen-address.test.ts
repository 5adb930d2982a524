import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeListening } from './listen-address.js';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;
const interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::20', 'IPv6')],
};
const limited = { 'rate-limit': { 'requests-per-minute': 1200 } };

describe('describeListening', () => {
  it('names only the address on loopback, with no warning', () => {
    expect(describeListening({ host: '127.0.0.1', ...limited }, 8317, interfaces)).toEqual(['Switchboard is listening on http://127.0.0.1:8317']);
    expect(describeListening({ host: 'localhost', ...limited }, 8317, interfaces)).toEqual(['Switchboard is listening on http://localhost:8317']);
  });

  it('on 0.0.0.0: the address for this computer, those for the network, and a warning with what protects it', () => {
    const lines = describeListening({ host: '0.0.0.0', ...limited }, 8317, interfaces);
    expect(lines[0]).toBe('Switchboard is listening on http://127.0.0.1:8317 (this computer)');
    expect(lines[1]).toBe('Other computers on your network reach it at http://192.168.1.20:8317');
    const warning = lines.slice(2).join('\n');
    expect(warning).toContain('WARNING: listening on 0.0.0.0, Switchboard is reachable from the network');
    expect(warning).toContain('every /v1 and /admin request needs a Switchboard API key, and each address may send 1200 requests a minute');
    expect(warning).toContain('plain HTTP');
    expect(warning).toContain('`--host 127.0.0.1`');
  });

  it('on ::, the IPv6 addresses too (not the link-local ones a URL cannot name)', () => {
    const lines = describeListening({ host: '::', ...limited }, 9000, interfaces);
    expect(lines[1]).toBe('Other computers on your network reach it at http://192.168.1.20:9000, http://[2001:db8::20]:9000');
  });

  it('on one network address: that address, and the warning', () => {
    const lines = describeListening({ host: '192.168.1.20', 'rate-limit': { 'requests-per-minute': 0 } }, 8317, interfaces);
    expect(lines[0]).toBe('Switchboard is listening on http://192.168.1.20:8317');
    expect(lines.join('\n')).toContain('WARNING: listening on 192.168.1.20');
    expect(lines.join('\n')).toContain('needs a Switchboard API key.');
  });
});
