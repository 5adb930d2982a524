/** What the Codex CLI will use, read from its config.toml: which base URL and which key. */
import type { ClientEnvironment, ClientStatus } from '../client-setup.js';
import { readFileIfExists } from '../shared/file-io.js';
import { codexConfigPath, codexRecordPath } from './codex-paths.js';
import { codexRecordSchema } from './codex-record.js';
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
  return {
    client: 'codex',
    configPath,
    configured: record !== null && record.files[0]?.path === configPath && ours !== null,
    baseUrl,
    pointsHere: baseUrl !== null && codexBaseUrl(baseUrl) === codexBaseUrl(expectedBaseUrl),
    // Measured on Codex 0.169: a provider's `env_key` wins over its `experimental_bearer_token` (and is required).
    apiKey: envKey === null ? stringOrNull(provider?.experimental_bearer_token) : (environment.env?.[envKey] ?? null),
  };
}

function tableOrNull(value: unknown): TomlTable | null {
  return isTable(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
