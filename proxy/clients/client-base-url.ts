import type { Config } from '../config/load.js';

/** This Switchboard's base URL as clients on this machine use it (a wildcard listen address becomes 127.0.0.1). */
export function clientBaseUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
