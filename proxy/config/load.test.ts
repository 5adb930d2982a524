import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfigFile, parseConfig } from './load.js';

const dirs = { config: '/nonexistent/config', data: '/nonexistent/data' };

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, '/etc/switchboard/config.yaml', dirs);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('fills every default from an empty file', () => {
    const config = parseConfig('', '/etc/switchboard/config.yaml', dirs);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8317);
    expect(config['auth-dir']).toBe('/nonexistent/data/auth');
    expect(config['data-dir']).toBe('/nonexistent/data');
    expect(config.timeouts['first-byte']).toBe(120_000);
    expect(config.timeouts.headers).toBe(30_000);
    expect(config.timeouts.request).toBe(300_000);
    expect(config.providers.anthropic['base-url']).toBe('https://api.anthropic.com');
    expect(config.providers.anthropic.oauth['redirect-uri']).toBe('http://localhost:54545/callback');
  });

  it('resolves relative directories against the config file and parses durations', () => {
    const config = parseConfig('auth-dir: ./accounts\ndata-dir: /var/sb\ntimeouts:\n  idle: 2m\n  refresh: 5\n', '/etc/switchboard/config.yaml', dirs);
    expect(config['auth-dir']).toBe('/etc/switchboard/accounts');
    expect(config['data-dir']).toBe('/var/sb');
    expect(config.timeouts.idle).toBe(120_000);
    expect(config.timeouts.refresh).toBe(5_000);
  });

  it('names the key and the fix for each problem', () => {
    expect(problemsOf('prot: 8000')).toEqual(['prot: unknown key — did you mean "port"?']);
    expect(problemsOf('port: eighty')[0]).toMatch(/^port: expected number, got "eighty" — fix: write a number/);
    expect(problemsOf('port: 70000')[0]).toMatch(/^port: /);
    expect(problemsOf('timeouts:\n  idle: soon')[0]).toMatch(/^timeouts\.idle: "soon" is not a duration/);
    expect(problemsOf('timeouts:\n  headers: 10m\n  request: 5m')).toEqual(['timeouts.headers: must not be longer than "timeouts.request" (the headers are part of the request)']);
    expect(problemsOf('providers:\n  anthropic:\n    request-profile:\n      mode: sometimes')[0]).toBe(
      'providers.anthropic.request-profile.mode: "sometimes" is not allowed — fix: use one of "auto", "always", "never"',
    );
    expect(problemsOf('providers:\n  anthropic:\n    base-url: ftp://example.com')[0]).toMatch(/base-url: must be an http/);
    expect(problemsOf('providers:\n  codexx: {}')[0]).toMatch(/^providers\.codexx: unknown key/);
    expect(problemsOf('api-keys: [short]')[0]).toMatch(/^api-keys\.0: an API key must be at least 16 characters/);
    expect(problemsOf('port: [')[0]).toMatch(/^YAML syntax/);
  });

  it('creates the default file on first run, and refuses a named file that is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-config-'));
    const own = { config: join(home, 'config'), data: join(home, 'data') };
    const first = loadConfigFile(undefined, own);
    expect(first.created).toBe(true);
    expect(readFileSync(join(own.config, 'config.yaml'), 'utf8')).toContain('port: 8317');
    expect(statSync(join(own.config, 'config.yaml')).mode & 0o777).toBe(0o600);
    expect(loadConfigFile(undefined, own).created).toBe(false);
    expect(() => loadConfigFile(join(home, 'missing.yaml'), own)).toThrow(/does not exist/);
  });
});
