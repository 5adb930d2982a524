/** The config.toml every real-Codex-CLI test gives it: what the test sets, then nothing that asks, updates or reports. */
const QUIET = ['approval_policy = "never"', 'sandbox_mode = "read-only"', 'check_for_update_on_startup = false'];
const SWITCHED_OFF = ['', '[analytics]', 'enabled = false', '', '[feedback]', 'enabled = false', '', '[features]', 'plugins = false', ''];

/** `topLevel`: the test's own keys (model, base URLs); `sections`: its tables, each line as TOML has it. */
export function codexTestConfig(topLevel: readonly string[], sections: readonly string[] = []): string {
  return [...topLevel, ...QUIET, ...sections, ...SWITCHED_OFF].join('\n');
}

/** A model provider named "switchboard": Codex sends Responses requests to this Switchboard with SWITCHBOARD_API_KEY. */
export function switchboardProvider(switchboardUrl: string): string[] {
  return ['', '[model_providers.switchboard]', 'name = "Switchboard"', `base_url = "${switchboardUrl}/v1"`, 'wire_api = "responses"', 'env_key = "SWITCHBOARD_API_KEY"'];
}
