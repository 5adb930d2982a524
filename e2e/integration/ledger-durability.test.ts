import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { databasePath } from '../../proxy/usage/database.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { addAccount, TEST_API_KEY } from './harness.js';

/** `switchboard serve` as its own process, killed with SIGKILL: every request it had answered is in the ledger. */
describe('usage ledger durability', () => {
  let api: AnthropicStandIn;
  let home: string;
  const tokens = new TokenRegistry();

  beforeAll(async () => {
    api = await startAnthropicStandIn({ tokens });
    home = mkdtempSync(join(tmpdir(), 'sb-kill-'));
    await addAccount(new TokenStore(join(home, 'auth')), tokens, 'durable@example.com');
    writeFileSync(
      join(home, 'config.yaml'),
      `port: 0\nauth-dir: ./auth\ndata-dir: ./data\napi-keys: [${TEST_API_KEY}]\nprice-data:\n  auto-update: false\nproviders:\n  anthropic:\n    base-url: ${api.url}\n`,
    );
  });
  afterAll(async () => {
    await api.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('loses no finished request to kill -9', async () => {
    // One process (node with tsx's loader, not the tsx wrapper, which would leave its child running).
    const server = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', join(home, 'config.yaml'), 'serve'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' },
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => server.once('exit', (_code, signal) => resolve(signal)));
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      server.once('exit', () => reject(new Error(`the server exited early: ${output}`)));
    });

    const finished = 25;
    for (let i = 0; i < finished; i++) {
      const response = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, stream: i % 2 === 0, messages: [{ role: 'user', content: `request ${i}` }] }),
      });
      await response.text(); // the whole answer has arrived: the request is finished
    }
    server.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await expect(fetch(`${url}/health`)).rejects.toThrow(); // really gone

    const db = new Database(databasePath(join(home, 'data')), { readonly: true });
    try {
      const rows = db.prepare("SELECT count(*) AS n, sum(output_tokens > 0) AS counted FROM usage_events WHERE endpoint = '/v1/messages'").get() as { n: number; counted: number };
      expect(rows.n).toBe(finished);
      expect(rows.counted).toBe(finished);
    } finally {
      db.close();
    }
  });
});
