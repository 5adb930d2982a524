import { describe, expect, it } from 'vitest';
import { changedModels, cleanModels, currentModels, describeClient, parseClient, parseClients, parseFindings, parseRestore, type ClientState } from './clients-api.js';

const base: ClientState = {
  client: 'codex',
  name: 'Codex CLI',
  configPath: '/home/me/.codex/config.toml',
  configured: true,
  baseUrl: 'http://127.0.0.1:8317/v1',
  pointsHere: true,
  keyValid: true,
  problem: null,
  models: [],
};

describe('describeClient', () => {
  it('is ok only when configured, pointing here, with a valid key', () => {
    expect(describeClient(base).ok).toBe(true);
    const elsewhere = describeClient({ ...base, pointsHere: false, baseUrl: 'http://127.0.0.1:9999/v1' });
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.lines.join(' ')).toMatch(/not this Switchboard/);
    expect(describeClient({ ...base, keyValid: false }).lines.join(' ')).toMatch(/not a valid key/);
  });

  it('puts the file problem first and alone', () => {
    const d = describeClient({ ...base, problem: 'invalid TOML at line 3' });
    expect(d).toEqual({ ok: false, lines: [expect.stringContaining('invalid TOML at line 3')] });
  });

  it('says when nothing is set up', () => {
    expect(describeClient({ ...base, configured: false, baseUrl: null, pointsHere: false, keyValid: false }).lines[0]).toMatch(/Not set up/);
  });
});

describe('parsing', () => {
  it('reads the clients list, dropping unknown clients', () => {
    const list = parseClients({ clients: [{ ...base, client: 'claude-code', name: undefined }, { client: 'other' }] });
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toBe('Claude Code');
    expect(() => parseClients({})).toThrow();
  });

  it('reads the models a client sends now, as the admin API reports them', () => {
    // GET /admin/clients for a Codex CLI whose config.toml has `model = "sonnet"`.
    const codex = parseClient({
      ...base,
      models: [
        { slot: 'main', setting: 'model', where: '/home/me/.codex/config.toml', value: 'sonnet', setBySwitchboard: false, served: true, resolvesTo: 'claude-sonnet-5', problem: null },
        { slot: 'odd', value: 'x' },
        'garbage',
      ],
    });
    expect(codex?.models).toEqual([{ slot: 'main', value: 'sonnet', problem: null }]);
    expect(currentModels(codex!)).toEqual({ main: 'sonnet' });
    expect(parseClient({ ...base, models: undefined })?.models).toEqual([]);
    expect(currentModels({ models: [{ slot: 'haiku', value: null, problem: null }] })).toEqual({});
  });

  it('reads restore results and findings', () => {
    expect(parseRestore({ mode: 'keys', restored: ['OPENAI_BASE_URL'], revokedKey: 'key_1', status: base })).toMatchObject({ mode: 'keys', restored: ['OPENAI_BASE_URL'], revokedKey: 'key_1' });
    expect(parseFindings({ findings: [{ severity: 'error', message: 'x', fix: 'y' }, { severity: 'odd', message: 'z', fix: '' }] })).toEqual([
      { severity: 'error', message: 'x', fix: 'y' },
      { severity: 'info', message: 'z', fix: null },
    ]);
  });
});

describe('configure', () => {
  it('keeps only the model fields that were filled in', () => {
    expect(cleanModels({ main: ' ', opus: 'claude-opus-4-5 ' })).toEqual({ opus: 'claude-opus-4-5' });
    expect(cleanModels({})).toBeUndefined();
  });

  it('sends only the fields changed from what the client holds now', () => {
    const current = { main: 'sonnet', haiku: 'claude-haiku-4-5' };
    // Shown as they are: nothing to send.
    expect(changedModels({ ...current }, current)).toBeUndefined();
    expect(changedModels({ main: ' sonnet ', haiku: 'claude-haiku-4-5' }, current)).toBeUndefined();
    // One changed, one newly filled in, one emptied (kept: not sent).
    expect(changedModels({ main: 'opus', haiku: '', smallFast: 'haiku' }, current)).toEqual({ main: 'opus', smallFast: 'haiku' });
  });
});
