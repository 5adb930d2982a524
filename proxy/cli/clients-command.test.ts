import { describe, expect, it } from 'vitest';
import { describeChanges } from './clients-command.js';

describe('describeChanges', () => {
  it('names each file with its own keys: the client file, and the profile file beside it', () => {
    expect(describeChanges(['model_provider', 'model', 'model_providers.switchboard', 'switchboard.config.toml:model_provider', 'switchboard.config.toml:model'], '/h/.codex/config.toml')).toBe(
      'Changed model_provider, model, model_providers.switchboard in /h/.codex/config.toml and model_provider, model in /h/.codex/switchboard.config.toml.',
    );
    expect(describeChanges(['ANTHROPIC_BASE_URL'], '/h/.claude/settings.json')).toBe('Changed ANTHROPIC_BASE_URL in /h/.claude/settings.json.');
  });
});
