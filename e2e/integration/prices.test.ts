import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { waitForUpdate } from '@pydantic/genai-prices';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startStack, type Stack } from './harness.js';

const run = promisify(execFile);

interface PricesBody {
  data: { kind: string; packageVersion: string; url: string | null; fetchedAt: string | null };
  update: { url: string; autoUpdate: boolean; lastError: string | null };
  models: { provider: string; model: string; price: { input: number; output: number; cacheWrite1h: number } | null }[];
}

/** Where the prices come from, and keeping them current without a release: the admin API and `prices update`. */
describe('price data', () => {
  let host: Server;
  let catalogUrl: string;
  let stack: Stack | null = null;
  beforeAll(async () => {
    const bundled = (await waitForUpdate())!;
    const newer = bundled.map((provider) =>
      provider.id === 'anthropic' ? { ...provider, models: [{ id: 'claude-opus-5-5', match: { equals: 'claude-opus-5-5' }, prices: { input_mtok: 3, output_mtok: 15 } }, ...provider.models] } : provider,
    );
    host = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(newer)));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    catalogUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/data.json`;
  });
  afterAll(() => new Promise((resolve) => host.close(resolve)));
  afterEach(async () => {
    await stack?.close();
    stack = null;
  });

  it('names the data in use and prices every served model, Claude Code’s default included', async () => {
    stack = await startStack();
    const { body } = await adminCall<PricesBody>(stack, 'GET', '/admin/prices');
    expect(body.data).toMatchObject({ kind: 'bundled', url: null, fetchedAt: null });
    const opus = body.models.find((entry) => entry.model === 'claude-opus-5-5');
    expect(opus?.price?.output).toBeGreaterThan(0);
    expect(opus?.price?.cacheWrite1h).toBeGreaterThan(opus!.price!.input);
  });

  it('updates the prices on request, and the new ones count at once', async () => {
    stack = await startStack({ config: { 'price-data': { url: catalogUrl, 'auto-update': false } } });
    const { body } = await adminCall<PricesBody>(stack, 'POST', '/admin/prices/update');
    expect(body.update.lastError).toBeNull();
    expect(body.data).toMatchObject({ kind: 'downloaded', url: catalogUrl, fetchedAt: expect.any(String) });
    expect(body.models.find((entry) => entry.model === 'claude-opus-5-5')?.price).toMatchObject({ input: 3, output: 15 });
  });

  it('`prices update` saves the catalog for the server, and `prices show` says what it holds', async () => {
    stack = await startStack({ config: { 'price-data': { url: catalogUrl, 'auto-update': false } } });
    const configPath = join(stack.config['data-dir'], 'cli-config.yaml');
    writeFileSync(configPath, `data-dir: ${stack.config['data-dir']}\nauth-dir: ${stack.config['auth-dir']}\nprice-data:\n  url: ${catalogUrl}\n`);
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', configPath, ...args], { env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' } });
    const updated = await cli('prices', 'update');
    expect(updated.stdout).toMatch(/Price catalog saved to .*prices\.json: \d+ models, downloaded .* from http:\/\/127\.0\.0\.1/);
    const shown = await cli('prices', 'show', 'claude-opus-5-5', 'claude-nowhere-1', 'opus');
    expect(shown.stdout).toContain('claude-opus-5-5: input $3, output $15');
    expect(shown.stdout).toContain('opus → claude-opus-5-5: input $3, output $15');
    expect(shown.stdout).toContain('claude-nowhere-1: no price (unpriced; add one under "pricing:" in the config)');
    expect(updated.stderr).toBe('');
  });

  it('`prices show` prices the models of every target, API-key instances included', async () => {
    stack = await startStack({ config: { 'price-data': { 'auto-update': false } } });
    await stack.store.upsert({ provider: 'openai-key', instance: 'team', access_token: 'sk-team-0123456789', models: ['gpt-5', 'my-finetune'] }, 'openai-key-team');
    const configPath = join(stack.config['data-dir'], 'cli-config.yaml');
    writeFileSync(configPath, `data-dir: ${stack.config['data-dir']}\nauth-dir: ${stack.config['auth-dir']}\nrouting:\n  models:\n    team-default: [openai-key:team/gpt-5]\n`);
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', configPath, ...args], { env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' } });
    const all = (await cli('prices', 'show')).stdout;
    expect(all).toMatch(/Claude \(anthropic\) — a subscription: API-equivalent prices, not billed:\n {2}claude-/);
    expect(all).toMatch(/OpenAI API key "team" \(openai-key:team\):\n {2}gpt-5: input \$[\d.]+, output \$[\d.]+/);
    expect(all).toContain('  my-finetune: no price');
    // A name only the routing table knows, to a key's model.
    expect((await cli('prices', 'show', 'team-default')).stdout).toMatch(/team-default → gpt-5: input \$/);
  });

  it('`prices show` prices the GPT models of a ChatGPT login from the catalog, labelled API-equivalent', async () => {
    stack = await startStack({ config: { 'price-data': { 'auto-update': false } } });
    await stack.store.upsert({ provider: 'codex', access_token: 'at', refresh_token: 'rt', email: 'ada@example.com', chatgpt_account_id: 'ws-ada', chatgpt_user_id: 'user-ada', source: 'login' }, 'codex-ada');
    const configPath = join(stack.config['data-dir'], 'cli-config.yaml');
    writeFileSync(configPath, `data-dir: ${stack.config['data-dir']}\nauth-dir: ${stack.config['auth-dir']}\n`);
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', configPath, ...args], { env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'silent' } });
    expect((await cli('prices', 'show')).stdout).toMatch(/ChatGPT \(Codex\) \(codex\) — a subscription: API-equivalent prices, not billed:\n {2}gpt-5\.\d+: input \$[\d.]+, output \$[\d.]+, .* — catalog model gpt-/);
    expect((await cli('prices', 'show', 'gpt-5.5')).stdout).toMatch(/ {2}gpt-5\.5: input \$[\d.]+, .* \(ChatGPT \(Codex\): a subscription: API-equivalent prices, not billed\)/);
  });
});
