import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageEvent } from '../usage/__fixtures__/usage-event.js';
import { databasePath, openDatabase } from '../usage/database.js';
import { KeyStore } from '../usage/key-store.js';
import { createPricing } from '../usage/pricing.js';
import { UsageLedger } from '../usage/usage-ledger.js';

const run = promisify(execFile);

/** `switchboard keys list` as a person runs it: a key its spend has stopped says so, as the server judges it. */
describe('keys list', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-keys-cli-'));
    writeFileSync(join(dir, 'config.yaml'), 'data-dir: ./data\nauth-dir: ./auth\n');
    const db = openDatabase(databasePath(join(dir, 'data')));
    const keys = new KeyStore(db);
    const spent = keys.create({ label: 'spent', monthlyTokenBudget: 100 }).record;
    keys.create({ label: 'tiny', monthlyCostBudgetUsd: 0.0012 });
    new UsageLedger(db, createPricing()).record(usageEvent({ at: Date.now(), keyId: spent.id, inputTokens: 90, outputTokens: 20 }));
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a key over its budget as blocked until the month turns, and sub-cent budgets as they are', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', join(dir, 'config.yaml'), 'keys', 'list'], {
      env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' },
    });
    const row = (label: string) => stdout.split('\n').find((line) => line.includes(` ${label} `)) ?? '';
    const next = new Date();
    const month = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    expect(row('spent')).toContain(`blocked until ${month} 00:00 (tokens budget used)`);
    expect(row('tiny')).toContain('active');
    expect(row('tiny')).toContain('$0.0012/month');
  });

  it('pins a key to a target or an account, and clears it with "none"', async () => {
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', join(dir, 'config.yaml'), 'keys', ...args], { env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' } });
    await cli('create', '--label', 'pinned', '--target', 'claude');
    const row = async () => (await cli('list')).stdout.split('\n').find((line) => line.includes(' pinned ')) ?? '';
    expect(await row()).toContain('only target claude');
    const id = /key_[0-9a-f]+/.exec(await row())?.[0] ?? '';
    await cli('update', id, '--target', 'none', '--account', 'work@example.com');
    expect(await row()).toContain('only account work@example.com');
    expect(await row()).not.toContain('only target');
    const both = await cli('update', id, '--target', 'claude').catch((error: { stderr: string }) => error);
    expect(both.stderr).toMatch(/--account: pin the key to a target or to an account, not both/);
  }, 60_000);
});
