import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureLogging } from '../log.js';
import { changedSettings, ConfigReloader } from './config-reload.js';
import { loadConfigFile, parseConfig, type Config } from './load.js';

const dirs = { config: '/nonexistent/config', data: '/nonexistent/data' };
const parse = (text: string): Config => parseConfig(text, '/etc/switchboard/config.yaml', dirs);

describe('changedSettings', () => {
  it('names each changed setting as deep as objects go; a list is one setting', () => {
    const before = parse('port: 8317\napi-keys: [aaaaaaaaaaaaaaaa]\npricing: {claude-x: {input: 1, output: 2}}\n');
    const after = parse('port: 9000\napi-keys: [aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb]\npricing: {claude-x: {input: 1, output: 3}}\ntimeouts: {idle: 1m}\n');
    expect(changedSettings(before, after).map((path) => path.join('.'))).toEqual(['port', 'api-keys', 'timeouts.idle', 'pricing.claude-x.output']);
    expect(changedSettings(before, parse('port: 8317\napi-keys: [aaaaaaaaaaaaaaaa]\npricing: {claude-x: {input: 1, output: 2}}\n'))).toEqual([]);
  });
});

describe('ConfigReloader', () => {
  let file: string;
  let logged: string;

  beforeEach(() => {
    file = 'port: 8317\napi-keys: [aaaaaaaaaaaaaaaa]\n';
    logged = '';
    configureLogging({
      level: 'info',
      format: 'json',
      destination: new Writable({
        write(chunk, _encoding, done) {
          logged += String(chunk);
          done();
        },
      }),
    });
  });
  afterEach(() => configureLogging({ level: 'silent' }));

  const reloader = () => new ConfigReloader(parse(file), () => parse(file));

  it('applies a setting that a running part takes, and keeps the running value of one that needs a restart', async () => {
    const settings = reloader();
    const applied: string[][] = [];
    settings.onChange('api-keys', (config) => applied.push(config['api-keys']));

    file = 'port: 9000\napi-keys: [aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb]\n';
    expect(await settings.reload()).toEqual({ applied: ['api-keys'], restartNeeded: ['port'], problem: null });
    expect(applied).toEqual([['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']]);
    expect(settings.current['api-keys']).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    expect(settings.current.port).toBe(8317);
    expect(logged).toContain('"msg":"config file reloaded: api-keys in effect now"');
    expect(logged).toContain('"msg":"config file changed port: restart Switchboard to apply it (it keeps the running values until then)"');
  });

  it('says so again on the next change while the restart is still pending, and nothing when nothing changed', async () => {
    const settings = reloader();
    file = 'port: 9000\napi-keys: [aaaaaaaaaaaaaaaa]\n';
    expect((await settings.reload()).restartNeeded).toEqual(['port']);
    expect((await settings.reload()).restartNeeded).toEqual(['port']);
    file = 'port: 8317\napi-keys: [aaaaaaaaaaaaaaaa]\n';
    expect(await settings.reload()).toEqual({ applied: [], restartNeeded: [], problem: null });
  });

  it('calls a section’s listener for a change inside it, once', async () => {
    const settings = reloader();
    let calls = 0;
    settings.onChange('pricing', () => calls++);
    file = 'port: 8317\napi-keys: [aaaaaaaaaaaaaaaa]\npricing: {claude-x: {input: 1, output: 2}, claude-y: {input: 3, output: 4}}\n';
    expect((await settings.reload()).applied).toEqual(['pricing.claude-x', 'pricing.claude-y']);
    expect(calls).toBe(1);
    expect(settings.current.pricing).toEqual(parse(file).pricing);
  });

  it('stops listening when the listener unregisters', async () => {
    const settings = reloader();
    const stop = settings.onChange('api-keys', () => {});
    stop();
    file = 'port: 8317\napi-keys: [bbbbbbbbbbbbbbbb]\n';
    expect((await settings.reload()).restartNeeded).toEqual(['api-keys']);
  });

  it('takes nothing from a file that does not validate, and says why', async () => {
    const settings = reloader();
    const applied: unknown[] = [];
    settings.onChange('api-keys', (config) => applied.push(config));
    file = 'prot: 9000\n';
    const result = await settings.reload();
    expect(result.problem).toMatch(/prot: unknown key — did you mean "port"\?/);
    expect(applied).toEqual([]);
    expect(settings.current.port).toBe(8317);
    expect(logged).toContain('the config file changed but was not taken');
  });

  it('follows the file on disk: a save reloads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-reload-'));
    try {
      const path = join(dir, 'config.yaml');
      writeFileSync(path, 'api-keys: [aaaaaaaaaaaaaaaa]\n');
      const settings = new ConfigReloader(loadConfigFile(path).config, () => loadConfigFile(path).config);
      const seen: string[][] = [];
      settings.onChange('api-keys', (config) => seen.push(config['api-keys']));
      const stop = settings.watch(path, 20);
      writeFileSync(join(dir, 'other.txt'), 'not the config');
      writeFileSync(path, 'api-keys: [bbbbbbbbbbbbbbbb]\n');
      await expect.poll(() => seen, { timeout: 5000 }).toEqual([['bbbbbbbbbbbbbbbb']]);
      stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
