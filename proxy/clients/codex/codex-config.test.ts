import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientConfigError, type ClientEnvironment, type ClientTarget } from '../client-setup.js';
import { applyCodex, codexStatus, restoreCodex } from './codex-config.js';
import { codexRecordSchema } from './codex-record.js';

const TARGET: ClientTarget = { baseUrl: 'http://127.0.0.1:8317', apiKey: 'sk-sb-codex-1', models: { main: 'gpt-5' } };
const OTHER_TARGET: ClientTarget = { baseUrl: 'http://127.0.0.1:9999/', apiKey: 'sk-sb-codex-2', models: { main: 'gpt-5.5' } };

const FRESH = `model_provider = "switchboard"
model = "gpt-5"

[model_providers.switchboard]
name = "Switchboard"
base_url = "http://127.0.0.1:8317/v1"
wire_api = "responses"
experimental_bearer_token = "sk-sb-codex-1"
`;

const PROFILE = `model_provider = "switchboard"
model = "gpt-5"
`;

const ALL_CHANGED = ['model_provider', 'model', 'model_providers.switchboard', 'switchboard.config.toml:model_provider', 'switchboard.config.toml:model'];

/** A person's own config: comments, odd spacing, another provider and profile, a date (which JSON would mangle). */
const PERSONAL = `# my Codex settings
model = "o3"   # the one I like
approval_policy = "on-request"

[model_providers.local-llm]
name = "Ollama"
base_url = "http://localhost:11434/v1"

# fast profile
[profiles.fast]
model = "gpt-5-mini"
model_reasoning_effort="low"

[projects."/home/me/code"]
trust_level = "trusted"

[notes]
since = 2024-05-01
`;

let home: string;
let environment: ClientEnvironment;
let clock: number;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'switchboard-codex-'));
  clock = Date.parse('2025-03-04T05:06:07.089Z');
  environment = { home, platform: 'linux', env: {}, stateDir: join(home, 'data', 'clients'), now: () => clock };
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const configPath = (): string => join(home, '.codex', 'config.toml');
const profilePath = (): string => join(home, '.codex', 'switchboard.config.toml');
const recordPath = (): string => join(home, 'data', 'clients', 'codex.json');
const readConfig = (): Promise<string> => readFile(configPath(), 'utf8');

async function writeConfig(text: string, mode = 0o644): Promise<void> {
  await mkdir(join(home, '.codex'), { recursive: true });
  await writeFile(configPath(), text, { mode });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('applyCodex', () => {
  it('creates the folder and private files holding exactly the provider, the default and the profile', async () => {
    const result = await applyCodex(environment, TARGET);

    expect(result).toEqual({ path: configPath(), backupPath: null, changed: ALL_CHANGED });
    expect(await readConfig()).toBe(FRESH);
    expect(await readFile(profilePath(), 'utf8')).toBe(PROFILE);
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect((await stat(profilePath())).mode & 0o777).toBe(0o600);
  });

  it("keeps a person's file byte for byte apart from Switchboard's additions, and its mode", async () => {
    await writeConfig(PERSONAL);

    const result = await applyCodex(environment, TARGET);

    expect(await readConfig()).toBe(
      PERSONAL.replace('model = "o3"', 'model = "gpt-5"').replace('approval_policy = "on-request"\n', 'approval_policy = "on-request"\nmodel_provider = "switchboard"\n') +
        FRESH.slice(FRESH.indexOf('\n[model_providers.switchboard]')),
    );
    expect((await stat(configPath())).mode & 0o777).toBe(0o644);
    expect(result.changed).toEqual(ALL_CHANGED);
    expect(result.backupPath).toBe(`${configPath()}.switchboard-backup-2025-03-04T05-06-07.089Z`);
    expect(await readFile(result.backupPath ?? '', 'utf8')).toBe(PERSONAL);
  });

  it('refuses a file that is not TOML, saying where, and leaves it alone', async () => {
    const broken = 'model = "o3"\n\n[tui]\nnotifications = = true\n';
    await writeConfig(broken);

    const error: unknown = await applyCodex(environment, TARGET).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ClientConfigError);
    expect(error).toMatchObject({ path: configPath(), line: 4, column: 17 });
    expect(await readConfig()).toBe(broken);
    expect(await readdir(join(home, '.codex'))).toEqual(['config.toml']);
    expect(await exists(recordPath())).toBe(false);
  });

  it('is idempotent: the same target again writes nothing and takes no second backup', async () => {
    await writeConfig(PERSONAL);
    const first = await applyCodex(environment, TARGET);
    const bytes = await readConfig();
    const record = await readFile(recordPath(), 'utf8');
    clock += 60_000;

    const second = await applyCodex(environment, TARGET);

    expect(second).toEqual({ path: configPath(), backupPath: first.backupPath, changed: [] });
    expect(await readConfig()).toBe(bytes);
    expect(await readFile(recordPath(), 'utf8')).toBe(record);
    expect((await readdir(join(home, '.codex'))).filter((name) => name.includes('backup'))).toHaveLength(1);
  });

  it('records what it owns, what was there before, the backup and the hash of what it wrote (0600)', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);

    const record = codexRecordSchema.parse(JSON.parse(await readFile(recordPath(), 'utf8')));

    expect((await stat(recordPath())).mode & 0o777).toBe(0o600);
    const [config, profile] = record.files;
    expect(config?.path).toBe(configPath());
    expect(config?.backupPath).toMatch(/config\.toml\.switchboard-backup-/);
    expect(config?.pristine).toBe(true);
    expect(config?.sha256).toBe(createHash('sha256').update(await readFile(configPath())).digest('hex'));
    expect(config?.keys.map(({ key, previous }) => ({ key, previous }))).toEqual([
      { key: 'model_provider', previous: null },
      { key: 'model', previous: 'value = "o3"\n' },
      { key: 'model_providers.switchboard', previous: null },
    ]);
    expect(profile).toMatchObject({ path: profilePath(), backupPath: null, keys: [{ key: 'model_provider' }, { key: 'model' }] });
    expect(config?.keys[2]?.value).toEqual({ name: 'Switchboard', base_url: 'http://127.0.0.1:8317/v1', wire_api: 'responses', experimental_bearer_token: 'sk-sb-codex-1' });
  });

  it('with setDefault false adds only the provider and the profile, leaving the default provider alone', async () => {
    await writeConfig(PERSONAL);

    const result = await applyCodex(environment, TARGET, { setDefault: false });

    expect(result.changed).toEqual(['model_providers.switchboard', 'switchboard.config.toml:model_provider', 'switchboard.config.toml:model']);
    const text = await readConfig();
    expect(text.startsWith(PERSONAL)).toBe(true);
    expect(text).not.toContain('model_provider = "switchboard"\n\n');
    expect(text).toContain('model = "o3"');
  });

  it('checks every file before writing any: a broken profile file stops it all', async () => {
    await writeConfig(PERSONAL);
    await writeFile(profilePath(), 'model = \n');

    await expect(applyCodex(environment, TARGET)).rejects.toMatchObject({ name: 'ClientConfigError', path: profilePath(), line: 1 });
    expect(await readConfig()).toBe(PERSONAL);
    expect(await readdir(join(home, '.codex'))).toEqual(['config.toml', 'switchboard.config.toml']);
    expect(await exists(recordPath())).toBe(false);
  });

  it("edits a person's own switchboard profile file in place and restores it exactly", async () => {
    const ownProfile = '# my tweaks\nmodel_reasoning_effort = "high"\n';
    await writeConfig(PERSONAL);
    await writeFile(profilePath(), ownProfile);

    await applyCodex(environment, TARGET);

    expect(await readFile(profilePath(), 'utf8')).toBe(`${ownProfile}${PROFILE}`);
    await restoreCodex(environment);
    expect(await readFile(profilePath(), 'utf8')).toBe(ownProfile);
  });

  it('honours CODEX_HOME', async () => {
    const codexHome = join(home, 'elsewhere');
    const result = await applyCodex({ ...environment, env: { CODEX_HOME: codexHome } }, TARGET);

    expect(result.path).toBe(join(codexHome, 'config.toml'));
    expect(await readFile(result.path, 'utf8')).toBe(FRESH);
    expect(await readFile(join(codexHome, 'switchboard.config.toml'), 'utf8')).toBe(PROFILE);
    expect(await exists(join(home, '.codex'))).toBe(false);
  });
});

describe('applyCodex again', () => {
  it('keeps the model an earlier apply wrote when the target names none, and restore still gives back the original bytes', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    const bytes = await readConfig();
    const profile = await readFile(profilePath(), 'utf8');
    const record = await readFile(recordPath(), 'utf8');

    const again = await applyCodex(environment, { ...TARGET, models: {} });

    expect(again.changed).toEqual([]);
    expect(await readConfig()).toBe(bytes);
    expect(await readFile(profilePath(), 'utf8')).toBe(profile);
    expect(await readFile(recordPath(), 'utf8')).toBe(record);
    expect((await restoreCodex(environment)).mode).toBe('backup');
    expect(await readConfig()).toBe(PERSONAL);
  });

  it('keeps the model across a new base URL and key too', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);

    const again = await applyCodex(environment, { ...OTHER_TARGET, models: undefined });

    expect(again.changed).toEqual(['model_providers.switchboard']);
    expect(await readConfig()).toContain('model = "gpt-5"   # the one I like');
    expect(await readFile(profilePath(), 'utf8')).toBe(PROFILE);
    await restoreCodex(environment);
    expect(await readConfig()).toBe(PERSONAL);
  });

  it('gives the model back to what it was before Switchboard when the target sets it to null', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);

    const again = await applyCodex(environment, { ...TARGET, models: { main: null } });

    expect(again.changed).toEqual(['model', 'switchboard.config.toml:model']);
    expect(await readConfig()).toContain('model = "o3"   # the one I like');
    expect(await readFile(profilePath(), 'utf8')).toBe('model_provider = "switchboard"\n');
    expect((await restoreCodex(environment)).mode).toBe('backup');
    expect(await readConfig()).toBe(PERSONAL);
  });

  it("leaves a model the person changed since as theirs: kept in the file, no longer Switchboard's to restore", async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    await writeFile(configPath(), (await readConfig()).replace('model = "gpt-5"', 'model = "gpt-5.5"'));

    await applyCodex(environment, { ...TARGET, models: {} });

    const record = codexRecordSchema.parse(JSON.parse(await readFile(recordPath(), 'utf8')));
    expect(record.files[0]?.keys.map((owned) => owned.key)).toEqual(['model_provider', 'model_providers.switchboard']);
    expect(await readConfig()).toContain('model = "gpt-5.5"');
    await restoreCodex(environment);
    expect(await readConfig()).toBe(PERSONAL.replace('model = "o3"', 'model = "gpt-5.5"'));
  });
});

describe('restoreCodex', () => {
  it('puts back the exact prior bytes when the file is as Switchboard left it', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);

    const result = await restoreCodex(environment);

    expect(result).toEqual({ path: configPath(), restored: ALL_CHANGED, mode: 'backup' });
    expect(await readConfig()).toBe(PERSONAL);
    expect(await exists(profilePath())).toBe(false);
    expect((await stat(configPath())).mode & 0o777).toBe(0o644);
    expect(await exists(recordPath())).toBe(false);
  });

  it('removes the file it created when there was none before', async () => {
    await applyCodex(environment, TARGET);

    expect((await restoreCodex(environment)).mode).toBe('backup');
    expect(await readdir(join(home, '.codex'))).toEqual([]);
  });

  it('after manual edits, takes out only what is still Switchboard’s and keeps the person’s edits', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    // The person adds an MCP server and picks their own model while Switchboard is configured.
    const edited = `${(await readConfig()).replace('model = "gpt-5"   #', 'model = "gpt-5.5"   #')}\n[mcp_servers.docs]\ncommand = "docs-mcp"\n`;
    await writeFile(configPath(), edited);

    const result = await restoreCodex(environment);

    expect(result).toEqual({ path: configPath(), restored: ALL_CHANGED.filter((key) => key !== 'model'), mode: 'keys' });
    expect(await exists(profilePath())).toBe(false);
    expect(await readConfig()).toBe(`${PERSONAL.replace('model = "o3"', 'model = "gpt-5.5"')}\n[mcp_servers.docs]\ncommand = "docs-mcp"\n`);
    expect(await exists(recordPath())).toBe(false);
  });

  it('after two applies with different targets, brings back the original', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    clock += 60_000;
    const second = await applyCodex(environment, OTHER_TARGET);

    expect(second.changed).toEqual(['model', 'model_providers.switchboard', 'switchboard.config.toml:model']);
    expect(await readConfig()).toContain('base_url = "http://127.0.0.1:9999/v1"');
    expect((await restoreCodex(environment)).mode).toBe('backup');
    expect(await readConfig()).toBe(PERSONAL);
  });

  it('keeps the original previous values across applies, also when restoring key by key', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    await applyCodex(environment, OTHER_TARGET);
    await writeFile(configPath(), `${await readConfig()}\n[tui]\nnotifications = true\n`);

    expect((await restoreCodex(environment)).mode).toBe('keys');
    expect(await readConfig()).toBe(`${PERSONAL}\n[tui]\nnotifications = true\n`);
  });

  it('never brings back a backup that would undo an edit made between two applies', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    await writeFile(configPath(), `${await readConfig()}\n[tui]\nnotifications = true\n`);
    await applyCodex(environment, OTHER_TARGET);

    expect((await restoreCodex(environment)).mode).toBe('keys');
    expect(await readConfig()).toBe(`${PERSONAL}\n[tui]\nnotifications = true\n`);
  });

  it('releases the default when a later apply no longer sets it', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);

    const result = await applyCodex(environment, TARGET, { setDefault: false });

    expect(result.changed).toEqual(['model_provider', 'model']);
    const text = await readConfig();
    expect(text).toContain('model = "o3"   # the one I like\n');
    const rootValues = text.slice(0, text.indexOf('\n['));
    expect(rootValues).not.toContain('model_provider');
    await restoreCodex(environment);
    expect(await readConfig()).toBe(PERSONAL);
  });

  it('does nothing when Switchboard has changed nothing', async () => {
    await writeConfig(PERSONAL);

    expect(await restoreCodex(environment)).toEqual({ path: configPath(), restored: [], mode: 'nothing' });
    expect(await readConfig()).toBe(PERSONAL);
  });
});

describe('codexStatus', () => {
  it('reports the Switchboard provider, its key and whether it points here', async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET, { setDefault: false });

    expect(await codexStatus(environment, 'http://127.0.0.1:8317')).toEqual({
      client: 'codex',
      configPath: configPath(),
      configured: true,
      baseUrl: 'http://127.0.0.1:8317/v1',
      pointsHere: true,
      apiKey: 'sk-sb-codex-1',
      // config.toml keeps its own default provider, so the model Switchboard gets is the profile's.
      models: [{ slot: 'main', setting: 'model', where: profilePath(), value: 'gpt-5', setBySwitchboard: true }],
    });
    expect((await codexStatus(environment, 'http://127.0.0.1:9999')).pointsHere).toBe(false);
  });

  it("reports config.toml's model, and whether it is still the one Switchboard wrote", async () => {
    await writeConfig(PERSONAL);
    await applyCodex(environment, TARGET);
    expect((await codexStatus(environment, 'http://127.0.0.1:8317')).models).toEqual([
      { slot: 'main', setting: 'model', where: configPath(), value: 'gpt-5', setBySwitchboard: true },
    ]);

    await writeFile(configPath(), (await readConfig()).replace('model = "gpt-5"', 'model = "gpt-5.5"'));
    expect((await codexStatus(environment, 'http://127.0.0.1:8317')).models).toEqual([
      { slot: 'main', setting: 'model', where: configPath(), value: 'gpt-5.5', setBySwitchboard: false },
    ]);
  });

  it('reports no model when none is set (Codex then asks for a default of its own)', async () => {
    await applyCodex(environment, { ...TARGET, models: {} });
    expect((await codexStatus(environment, 'http://127.0.0.1:8317')).models).toEqual([{ slot: 'main', setting: 'model', where: configPath(), value: null, setBySwitchboard: false }]);
  });

  it("reads a hand-made provider's key from the environment variable it names", async () => {
    await writeConfig('model_provider = "mine"\n[model_providers.mine]\nbase_url = "http://127.0.0.1:8317/v1/"\nenv_key = "MY_KEY"\n');

    const status = await codexStatus({ ...environment, env: { MY_KEY: 'sk-from-env' } }, 'http://127.0.0.1:8317/');

    expect(status).toMatchObject({ configured: false, baseUrl: 'http://127.0.0.1:8317/v1/', pointsHere: true, apiKey: 'sk-from-env' });
  });

  it('takes the key from env_key when the provider has one: Codex prefers it to the bearer token', async () => {
    await writeConfig('[model_providers.switchboard]\nbase_url = "http://127.0.0.1:8317/v1"\nexperimental_bearer_token = "sk-file"\nenv_key = "SB_KEY"\n');

    expect((await codexStatus({ ...environment, env: { SB_KEY: 'sk-env' } }, 'http://127.0.0.1:8317')).apiKey).toBe('sk-env');
    expect((await codexStatus(environment, 'http://127.0.0.1:8317')).apiKey).toBeNull();
  });

  it('with no config reports nothing configured', async () => {
    expect(await codexStatus(environment, 'http://127.0.0.1:8317')).toMatchObject({ configured: false, baseUrl: null, pointsHere: false, apiKey: null });
  });
});
