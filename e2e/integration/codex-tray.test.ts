import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busiestWindow, fetchAccountStatus, type AccountStatus } from '../../main/account-status.js';
import { trayTitle, trayTooltip } from '../../main/tray-menu.js';
import { ada } from '../stand-ins/codex-identity.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { TEST_API_KEY } from './harness.js';

/**
 * Issue #16 "Tray: … its windows in the busiest-window title": a ChatGPT login's usage windows, as the admin API
 * reports them to the desktop shell, are classified by their length and take part in the tray's busiest window
 * like Claude's do.
 */
const ADA = ada('pro');
const HOUR = 3600;

describe('the tray on a ChatGPT (Codex) login', () => {
  let stack: CodexStack;
  let openai: OpenAI;

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack?.close());

  const running = { state: 'running' as const, port: null, url: null, error: null, errorCode: null };
  const accounts = () => fetchAccountStatus(stack.url, TEST_API_KEY, fetch);
  /** A Claude account beside it, less busy, so the title has to pick the Codex window. */
  const claude: AccountStatus = { id: 'claude-1', provider: 'anthropic', name: 'me@example.com', enabled: true, needsLogin: null, windows: [{ name: 'five_hour', label: '5-hour limit', usedPercent: 30, resetsAt: Date.now() + HOUR * 1000 }] };

  // First, on a fresh login: windows are kept per name until replaced (proxy/accounts/quota-tracker.ts).
  it('takes a plan with only a weekly window, sent as "primary", for the weekly window it is', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    stack.backend.setLimits({ primary: { usedPercent: 81, windowMinutes: 10080, resetAt: seconds + 24 * HOUR }, secondary: null });
    await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: weekly only' });
    const codex = (await accounts()).find((account) => account.provider === 'codex')!;
    expect(codex.windows.map((window) => [window.name, window.usedPercent])).toEqual([['seven_day', 81]]);
    const view = { status: running, accounts: [claude, codex], now: Date.now() };
    expect(trayTitle(view)).toBe('81%');
    expect(trayTooltip(view)).toContain(`weekly limit: 81 % (${ADA.email})`);
  });

  it("shows the Codex account's fullest window (5-hour or weekly, by length) in the title and the tooltip", async () => {
    const seconds = Math.floor(Date.now() / 1000);
    stack.backend.setLimits({ primary: { usedPercent: 20, windowMinutes: 300, resetAt: seconds + 2 * HOUR }, secondary: { usedPercent: 64, windowMinutes: 10080, resetAt: seconds + 72 * HOUR } });
    await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: tray' });
    const codex = (await accounts()).find((account) => account.provider === 'codex')!;
    expect(codex.windows.map((window) => [window.name, window.label, window.usedPercent]).sort()).toEqual([
      ['five_hour', '5-hour limit', 20],
      ['seven_day', 'weekly limit', 64],
    ]);
    const view = { status: running, accounts: [claude, codex], now: Date.now() };
    expect(busiestWindow(view.accounts, view.now)?.account.id).toBe(codex.id);
    expect(trayTitle(view)).toBe('64%');
    expect(trayTooltip(view)).toContain(`weekly limit: 64 % (${ADA.email})`);
  });
});
