/**
 * What Switchboard puts in the Codex CLI's files. Codex 0.169 ignores OPENAI_BASE_URL and refuses
 * `wire_api = "chat"`, so it needs a provider of its own speaking the Responses API. The key goes in the provider's
 * `experimental_bearer_token` (a field of Codex's ModelProviderInfo, accepted by `--strict-config`) so Codex works
 * with no environment variable; no `env_key`, because Codex prefers it to the token and fails when it is unset.
 */
import type { ClientTarget } from '../client-setup.js';
import type { OwnedSetting } from './owned-toml-file.js';

export const CODEX_PROVIDER_ID = 'switchboard';

/** Codex appends `/responses` to the provider's base URL, so it is Switchboard's `/v1`. */
export function codexBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

/** What Switchboard sets in one file, and which of the keys it set earlier stay as they are if still its own. */
export interface FileSettings {
  set: OwnedSetting[];
  keep: string[];
}

/**
 * The keys Switchboard owns, in the order they are written: in config.toml the provider, plus the default
 * (`model_provider`, and `model`) only with `setDefault`; in the profile file what makes
 * `codex --profile switchboard` use it for someone who keeps another default. A target without a model keeps the
 * `model` an earlier configure wrote; a null model gives it back.
 */
export function codexSettings(target: ClientTarget, setDefault: boolean): { config: FileSettings; profile: FileSettings } {
  const model = target.models?.main;
  const selection: OwnedSetting[] = [{ key: 'model_provider', value: CODEX_PROVIDER_ID }, ...(model ? [{ key: 'model', value: model }] : [])];
  const keep = model === undefined ? ['model'] : [];
  const provider: OwnedSetting = {
    key: `model_providers.${CODEX_PROVIDER_ID}`,
    value: { name: 'Switchboard', base_url: codexBaseUrl(target.baseUrl), wire_api: 'responses', experimental_bearer_token: target.apiKey },
  };
  return { config: { set: [...(setDefault ? selection : []), provider], keep: setDefault ? keep : [] }, profile: { set: selection, keep } };
}

/**
 * Why a Codex CLI without a `model` fails here: with none set it asks for a default model of its own choosing
 * (CLIENTS.md: 0.171 asks for an OpenAI model), which is not a name this Switchboard was set up to serve.
 */
export const CODEX_WITHOUT_MODEL = 'no model is set, so the Codex CLI asks for a default model of its own choosing, which this Switchboard does not serve (every request fails with 404)';
