/**
 * "Configure Claude Code" from the dashboard writes the server's address and a key of its own into
 * ~/.claude/settings.json of the server's (temporary) home; "Restore" puts the file back byte for byte.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cutOffFields } from '../pages/index.js';
import { attachScreenshot } from './support/screenshots.js';
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

/** A model id as long as the served ones get: it must fit its field whole. */
const DATED_HAIKU = 'claude-haiku-4-5-20251001';

const CONFIGURE_CLAUDE_CODE = '/admin/clients/claude-code/configure';

test('configure Claude Code into the home folder with the models typed in, then restore it', async ({ clients, stack, page }, testInfo) => {
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

  await test.step('the model fields are empty (Claude Code picks its own), one line tall, and suggest the aliases, which this Switchboard serves', async () => {
    await clients.modelsToggle('Claude Code').click();
    const served = await fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${stack.ownerKey}` } });
    const ids = ((await served.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    for (const [label, alias] of [['Main model', 'sonnet'], ['Opus model', 'opus'], ['Sonnet model', 'sonnet'], ['Haiku model', 'haiku'], ['Small / fast model', 'haiku']] as const) {
      const field = clients.modelField('Claude Code', label);
      await expect(field).toBeVisible();
      await expect(field).toHaveValue('');
      const height = (await field.boundingBox())?.height ?? 0;
      expect(height, `${label} is ${height} px tall`).toBeLessThan(48);
      await expect(field).toHaveAttribute('placeholder', `e.g. ${alias}`);
      expect(ids, `${label}'s example`).toContain(alias);
    }
  });

  await test.step('Configure writes the base URL, a key of its own and the models typed in, keeping the other settings', async () => {
    await clients.modelField('Claude Code', 'Haiku model').fill(DATED_HAIKU);
    await clients.modelField('Claude Code', 'Small / fast model').fill(DATED_HAIKU);
    const sent = page.waitForRequest((request) => request.url().endsWith(CONFIGURE_CLAUDE_CODE));
    await clients.configureButton('Claude Code').click();
    // The fields left empty are not sent.
    expect((await sent).postDataJSON()).toEqual({ models: { haiku: DATED_HAIKU, smallFast: DATED_HAIKU } });
    await expect(clients.client('Claude Code')).toContainText('Ready: uses this Switchboard.');
    await expect(clients.client('Claude Code')).toContainText(`Changed in ${settingsPath}`);
    await expect(clients.configureButton('Claude Code')).toHaveText('Configure again');

    const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as ClaudeSettings;
    expect(settings.theme).toBe('dark');
    expect(settings.env?.DISABLE_TELEMETRY).toBe('1');
    expect(settings.env?.ANTHROPIC_BASE_URL).toBe(stack.url);
    expect(settings.env).toMatchObject({ ANTHROPIC_DEFAULT_HAIKU_MODEL: DATED_HAIKU, ANTHROPIC_SMALL_FAST_MODEL: DATED_HAIKU });
    expect(settings.env?.ANTHROPIC_MODEL).toBeUndefined();
    key = settings.env?.ANTHROPIC_AUTH_TOKEN ?? '';
    expect(key).toMatch(/^sk-sb-\S{20,}$/);
    expect(key).not.toBe(stack.ownerKey);
  });

  await test.step('opened again, the fields show what the file says, and nothing in them is cut off at 1280 px or 420', async () => {
    await clients.reload();
    await clients.modelsToggle('Claude Code').click();
    await expect(clients.modelField('Claude Code', 'Haiku model')).toHaveValue(DATED_HAIKU);
    await expect(clients.modelField('Claude Code', 'Small / fast model')).toHaveValue(DATED_HAIKU);
    await expect(clients.modelField('Claude Code', 'Main model')).toHaveValue('');
    for (const width of [1280, 420]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await cutOffFields(page), `fields cut off at ${width} px`).toEqual([]);
      await attachScreenshot(page, testInfo, `clients-models-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('Configure again with nothing changed sends no model; an emptied field says the model it keeps', async () => {
    const sent = page.waitForRequest((request) => request.url().endsWith(CONFIGURE_CLAUDE_CODE));
    await clients.configureButton('Claude Code').click();
    expect((await sent).postDataJSON()).toEqual({});
    await expect(clients.client('Claude Code')).toContainText('already said all of it: nothing changed');
    await expect(clients.modelField('Claude Code', 'Haiku model')).toHaveValue(DATED_HAIKU);
    await clients.modelField('Claude Code', 'Haiku model').fill('');
    await expect(clients.modelField('Claude Code', 'Haiku model')).toHaveAttribute('placeholder', `keeps ${DATED_HAIKU}`);
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
    await expect(clients.modelField('Claude Code', 'Haiku model')).toHaveValue('');
    expect(await readFile(settingsPath, 'utf8')).toBe(OWN_SETTINGS);
    const error = await failureOf(askClaude(anthropicClient(stack, key), 'claude-haiku-4-5', 'Please repeat: configured.'));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});

/** A Codex CLI set up by hand for this Switchboard, as the README shows, before the dashboard ever touched it. */
const OWN_CODEX_CONFIG = `model = "sonnet"
model_provider = "switchboard"
`;

test("the Codex CLI's Main model field shows the model its config.toml names", async ({ clients, stack }) => {
  const codexPath = join(stack.home, '.codex', 'config.toml');
  await mkdir(join(stack.home, '.codex'), { recursive: true });
  await writeFile(codexPath, OWN_CODEX_CONFIG);
  try {
    await clients.open();
    await clients.modelsToggle('Codex CLI').click();
    await expect(clients.modelField('Codex CLI', 'Main model')).toHaveValue('sonnet');
    await expect(clients.modelField('Codex CLI', 'Main model')).toHaveAttribute('placeholder', 'keeps sonnet');
  } finally {
    await rm(codexPath, { force: true });
  }
});
