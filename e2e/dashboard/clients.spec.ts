/**
 * "Configure Claude Code" from the dashboard writes the server's address and a key of its own into
 * ~/.claude/settings.json of the server's (temporary) home; "Restore" puts the file back byte for byte.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { askClaude, anthropicClient, failureOf } from './support/sdk.js';
import { expect, test } from './support/fixtures.js';
import Anthropic from '@anthropic-ai/sdk';

/** The person's own settings before Switchboard: restore must give exactly these bytes back. */
const OWN_SETTINGS = `{
  "theme": "dark",
  "env": {
    "DISABLE_TELEMETRY": "1"
  }
}
`;

interface ClaudeSettings {
  theme?: string;
  env?: Record<string, string>;
}

test('configure Claude Code into the home folder, then restore it', async ({ clients, stack }) => {
  const settingsPath = join(stack.home, '.claude', 'settings.json');
  let key = '';

  await test.step('the person already has Claude Code settings of their own', async () => {
    await mkdir(join(stack.home, '.claude'), { recursive: true });
    await writeFile(settingsPath, OWN_SETTINGS);
    await clients.open();
    await expect(clients.client('Claude Code')).toContainText('Not using this Switchboard.');
    await expect(clients.client('Claude Code')).toContainText(settingsPath);
    await expect(clients.client('Codex CLI')).toBeVisible();
  });

  await test.step('the model fields are one line tall and suggest models this Switchboard serves', async () => {
    await clients.modelsToggle('Claude Code').click();
    const served = await fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${stack.ownerKey}` } });
    const ids = ((await served.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    for (const [label, family] of [['Main model', 'sonnet'], ['Opus model', 'opus'], ['Sonnet model', 'sonnet'], ['Haiku model', 'haiku']] as const) {
      const field = clients.modelField('Claude Code', label);
      await expect(field).toBeVisible();
      const height = (await field.boundingBox())?.height ?? 0;
      expect(height, `${label} is ${height} px tall`).toBeLessThan(48);
      const example = ((await field.getAttribute('placeholder')) ?? '').replace(/^e\.g\. /, '');
      expect(ids, `${label}'s example`).toContain(example);
      expect(example).toContain(family);
    }
    await clients.modelsToggle('Claude Code').click();
  });

  await test.step('Configure writes the base URL and a key of its own, keeping the other settings', async () => {
    await clients.configureButton('Claude Code').click();
    await expect(clients.client('Claude Code')).toContainText('Ready: uses this Switchboard.');
    await expect(clients.client('Claude Code')).toContainText(`Changed in ${settingsPath}`);
    await expect(clients.configureButton('Claude Code')).toHaveText('Configure again');

    const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as ClaudeSettings;
    expect(settings.theme).toBe('dark');
    expect(settings.env?.DISABLE_TELEMETRY).toBe('1');
    expect(settings.env?.ANTHROPIC_BASE_URL).toBe(stack.url);
    key = settings.env?.ANTHROPIC_AUTH_TOKEN ?? '';
    expect(key).toMatch(/^sk-sb-\S{20,}$/);
    expect(key).not.toBe(stack.ownerKey);
  });

  await test.step('the key it wrote works, sent the way Claude Code sends it (Bearer)', async () => {
    const client = new Anthropic({ baseURL: stack.url, apiKey: null, authToken: key, maxRetries: 0 });
    expect(await askClaude(client, 'claude-haiku-4-5', 'Please repeat: configured.')).toContain('configured');
  });

  await test.step('Restore puts the file back exactly as it was and revokes the key', async () => {
    await clients.restoreButton('Claude Code').click();
    await expect(clients.client('Claude Code')).toContainText('The settings file is back exactly as it was before Switchboard.');
    await expect(clients.client('Claude Code')).toContainText('was revoked');
    await expect(clients.client('Claude Code')).toContainText('Not using this Switchboard.');
    expect(await readFile(settingsPath, 'utf8')).toBe(OWN_SETTINGS);
    const error = await failureOf(askClaude(anthropicClient(stack, key), 'claude-haiku-4-5', 'Please repeat: configured.'));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});
