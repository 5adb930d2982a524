import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { clientBaseUrl } from '../clients/client-base-url.js';
import type { Config } from '../config/load.js';
import { isLoopbackHost } from '../http/security/host-check.js';

/** Addresses that mean "every interface of this computer". */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

/**
 * What `serve` says about where it listens: the address to use on this computer and, when it listens beyond
 * loopback, the addresses other computers use and a warning of what that exposes and what still protects it.
 */
export function describeListening(
  config: Pick<Config, 'host' | 'rate-limit'>,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const here = clientBaseUrl({ host: config.host, port });
  if (isLoopbackHost(config.host)) return [`Switchboard is listening on ${here}`];

  const wildcard = WILDCARD_HOSTS.has(config.host);
  const lines = [`Switchboard is listening on ${here}${wildcard ? ' (this computer)' : ''}`];
  if (wildcard) {
    const urls = networkAddresses(interfaces, config.host !== '0.0.0.0').map((address) => clientBaseUrl({ host: address, port }));
    if (urls.length > 0) lines.push(`Other computers on your network reach it at ${urls.join(', ')}`);
  }
  const perMinute = config['rate-limit']['requests-per-minute'];
  lines.push(
    '',
    `WARNING: listening on ${config.host}, Switchboard is reachable from the network, not only from this computer.`,
    `  What protects it: every /v1 and /admin request needs a Switchboard API key${perMinute > 0 ? `, and each address may send ${perMinute} requests a minute` : ''}.`,
    '  What does not: the traffic is plain HTTP (keys and conversations can be read on the way), and the check that',
    '  refuses other Host names (against DNS rebinding) is off. Use it only on a network you trust, or behind a TLS',
    '  proxy on loopback; `--host 127.0.0.1` (the default) keeps it on this computer.',
  );
  return lines;
}

/** This computer's addresses on its network interfaces (IPv4 first; IPv6 too when `ipv6`), without loopback. */
function networkAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, ipv6: boolean): string[] {
  const all = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal);
  const v4 = all.filter((entry) => entry.family === 'IPv4').map((entry) => entry.address);
  // Link-local IPv6 addresses (fe80::) need a zone id that a URL cannot carry.
  const v6 = ipv6 ? all.filter((entry) => entry.family === 'IPv6' && !entry.address.toLowerCase().startsWith('fe80:')).map((entry) => entry.address) : [];
  return [...v4, ...v6];
}
