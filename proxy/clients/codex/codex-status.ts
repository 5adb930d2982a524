/** What the Codex CLI will use, read from its config.toml (and the `switchboard` profile): base URL, key and model. */
import type { ClientEnvironment, ClientStatus, ModelSetting } from '../client-setup.js';
import { readFileIfExists } from '../shared/file-io.js';
import { codexConfigPath, codexProfilePath, codexRecordPath } from './codex-paths.js';
import { codexRecordSchema, type CodexRecord } from './codex-record.js';
import { CODEX_PROVIDER_ID, codexBaseUrl } from './codex-settings.js';
import { readJsonRecord } from '../shared/json-record.js';
import { isTable, readTomlFile, type TomlTable } from './toml-values.js';

/**
 * `expectedBaseUrl` is Switchboard's as clients use it (http://127.0.0.1:8317, no /v1). The base URL reported is the
 * Switchboard provider's, or else the default provider's (null for Codex's built-in ones). A config.toml that is not
 * TOML throws ClientConfigError: Codex cannot read it either.
 */
export async function codexStatus(environment: ClientEnvironment, expectedBaseUrl: string): Promise<ClientStatus> {
  const configPath = codexConfigPath(environment);
  const file = await readFileIfExists(configPath);
  const document: TomlTable = file ? readTomlFile(configPath, file.bytes).document : {};
  const record = await readJsonRecord(codexRecordPath(environment), codexRecordSchema);

  const providers = tableOrNull(document.model_providers);
  const ours = tableOrNull(providers?.[CODEX_PROVIDER_ID]);
  const defaultId = stringOrNull(document.model_provider);
  const provider = ours ?? (defaultId === null ? null : tableOrNull(providers?.[defaultId]));
  const baseUrl = stringOrNull(provider?.base_url);
  const envKey = stringOrNull(provider?.env_key);
  const model = await modelSetting(environment, document, record);
  return {
    client: 'codex',
    configPath,
    configured: record !== null && record.files[0]?.path === configPath && ours !== null,
    baseUrl,
    pointsHere: baseUrl !== null && codexBaseUrl(baseUrl) === codexBaseUrl(expectedBaseUrl),
    // Measured on Codex 0.169: a provider's `env_key` wins over its `experimental_bearer_token` (and is required).
    apiKey: envKey === null ? stringOrNull(provider?.experimental_bearer_token) : (environment.env?.[envKey] ?? null),
    models: [model],
  };
}

/**
 * The `model` the Codex CLI sends to Switchboard: config.toml's, unless only the `switchboard` profile selects
 * Switchboard and sets a model of its own (`codex --profile switchboard` reads that file over config.toml).
 */
async function modelSetting(environment: ClientEnvironment, config: TomlTable, record: CodexRecord | null): Promise<ModelSetting> {
  const profilePath = codexProfilePath(environment);
  const profileFile = await readFileIfExists(profilePath);
  const profile: TomlTable = profileFile ? readTomlFile(profilePath, profileFile.bytes).document : {};
  const fromProfile = config.model_provider !== CODEX_PROVIDER_ID && profile.model_provider === CODEX_PROVIDER_ID && stringOrNull(profile.model) !== null;
  const where = fromProfile ? profilePath : codexConfigPath(environment);
  const value = stringOrNull(fromProfile ? profile.model : config.model);
  const written = record?.files.find((file) => file.path === where)?.keys.find((owned) => owned.key === 'model')?.value;
  return { slot: 'main', setting: 'model', where, value, setBySwitchboard: value !== null && written === value };
}

function tableOrNull(value: unknown): TomlTable | null {
  return isTable(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
