import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint zones in eslint.config.js hold the inner arrows of ARCHITECTURE.md "Boundaries": each case lints one
 * import as if it were written in that file, and must see it refused (or allowed) by no-restricted-imports.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function refusals(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { thing } from '${specifier}';\nexport const used = thing;\n`, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('inner boundaries (lint zones)', () => {
  it.each([
    ['a protocol importing a provider', 'proxy/protocols/anthropic-messages/bad.ts', '../../providers/anthropic/oauth.js'],
    ['a protocol importing the HTTP layer', 'proxy/protocols/anthropic-messages/bad.ts', '../../http/relay.js'],
    ['a protocol importing accounts/', 'proxy/protocols/openai-chat/bad.ts', '../../accounts/account-pool.js'],
    ['a wire format importing a provider', 'proxy/wire/chat/bad.ts', '../../providers/provider.js'],
    ['a wire format importing the HTTP layer', 'proxy/wire/bad.ts', '../http/api-error.js'],
    ['a provider importing the HTTP layer', 'proxy/providers/anthropic/bad.ts', '../../http/retry-after.js'],
    ['a provider importing another provider', 'proxy/providers/anthropic-key/bad.ts', '../anthropic/limits.js'],
    ['a provider importing the registry', 'proxy/providers/anthropic/bad.ts', '../index.js'],
    ['accounts/ importing a provider', 'proxy/accounts/bad.ts', '../providers/anthropic/oauth.js'],
    ['shared upstream plumbing importing a layer that uses it', 'proxy/upstream/bad.ts', '../protocols/protocol.js'],
  ])('refuses %s', async (_case, filePath, specifier) => {
    expect(await refusals(filePath, specifier)).toHaveLength(1);
  });

  it.each([
    ['a provider using a protocol', 'proxy/providers/anthropic-key/ok.ts', '../../protocols/anthropic-messages/protocol.js'],
    ['a provider using the target contract', 'proxy/providers/anthropic-key/ok.ts', '../provider.js'],
    ['a provider using its own files', 'proxy/providers/anthropic-key/ok.ts', './models.js'],
    ['a provider using accounts/ and shared plumbing', 'proxy/providers/anthropic-key/ok.ts', '../../upstream/retry-after.js'],
    ['a protocol using the IR and shared plumbing', 'proxy/protocols/openai-chat/ok.ts', '../../upstream/network-failure.js'],
    ['the registry importing its providers', 'proxy/providers/index.ts', './anthropic/provider.js'],
  ])('allows %s', async (_case, filePath, specifier) => {
    expect(await refusals(filePath, specifier)).toEqual([]);
  });
});

/** Every TypeScript file under a folder of the project (generated code too). */
function sourceFilesUnder(folder: string): string[] {
  const root = new URL('..', import.meta.url).pathname;
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, folder, name));
}

describe('heavy modules load when first used', () => {
  it('never imports the tokenizer statically: its tables would cost every Switchboard ~50 MB at start', () => {
    const importers = sourceFilesUnder('proxy').filter((file) => !file.endsWith('.test.ts') && /from 'gpt-tokenizer'/.test(readFileSync(file, 'utf8')));
    expect(importers).toEqual([]);
  });
});
