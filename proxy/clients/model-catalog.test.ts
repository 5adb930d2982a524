import { describe, expect, it } from 'vitest';
import type { AccountFile } from '../accounts/account-file.js';
import { validateConfig } from '../config/load.js';
import { createProviders } from '../http/server.js';
import { ModelRouter } from '../router/model-router.js';
import { catalogOf, checkModel, describeServed } from './model-catalog.js';

function routerFor(raw: Record<string, unknown> = {}, accountFiles: readonly AccountFile[] = []): ModelRouter {
  return new ModelRouter(createProviders(validateConfig({ 'api-keys': ['sk-sb-catalog-test-0123456789'], ...raw }, 'test'), {}, accountFiles));
}

const CHATGPT_LOGIN = { provider: 'codex', access_token: 'at', refresh_token: 'rt', chatgpt_account_id: 'ws', chatgpt_user_id: 'user' } as AccountFile;

describe('catalogOf', () => {
  it("suggests the provider's default client model, which it serves, and lists the providers' models", () => {
    const router = routerFor();
    const catalog = catalogOf(router);
    const [provider] = router.all();
    expect(catalog.suggested).toBe(provider?.defaultClientModel);
    expect(checkModel(catalog, catalog.suggested ?? '')).toEqual({ served: true, resolvesTo: router.route(catalog.suggested ?? '')?.upstreamModel });
    expect(catalog.listed).toEqual(provider?.models().map((model) => model.id));
  });

  it("suggests the model the config names as Claude's default client model", () => {
    expect(catalogOf(routerFor()).suggested).toBe('sonnet');
    expect(catalogOf(routerFor({ providers: { anthropic: { 'default-client-model': 'haiku' } } })).suggested).toBe('haiku');
    // A versioned name follows the list to the newest of its family (the built-in list here).
    expect(catalogOf(routerFor({ providers: { anthropic: { 'default-client-model': 'claude-opus-4-7' } } })).suggested).toBe('claude-opus-5-5');
  });

  it('refuses a model no provider serves, naming the suggested one first and what is served', () => {
    const catalog = catalogOf(routerFor());
    const check = checkModel(catalog, 'gpt-6.2-sol');
    expect(check).toEqual({ served: false, problem: expect.stringMatching(new RegExp(`^this Switchboard does not serve the model "gpt-6\\.2-sol"; it serves ${catalog.suggested}, `)) });
  });

  it('serves what a running server lists even when the providers built here do not know it', () => {
    const catalog = catalogOf(routerFor(), ['live-model-from-server']);
    expect(checkModel(catalog, 'live-model-from-server')).toEqual({ served: true, resolvesTo: 'live-model-from-server' });
    expect(catalog.listed[0]).toBe('live-model-from-server');
  });

  it('serves nothing, and suggests nothing, when no provider is enabled', () => {
    const catalog = catalogOf(routerFor({ providers: { anthropic: { enabled: false } } }));
    expect(catalog.suggested).toBeNull();
    expect(checkModel(catalog, 'sonnet')).toEqual({ served: false, problem: 'this Switchboard does not serve the model "sonnet"; it serves no model at all: no provider is enabled in its config' });
  });

  it('lists at most twelve names in a message', () => {
    const names = Array.from({ length: 20 }, (_, index) => `model-${index}`);
    expect(describeServed({ listed: names, resolve: () => null, suggested: null, suggestFor: () => null })).toBe(`it serves ${names.slice(0, 12).join(', ')}, …`);
  });

  describe('the model to write for a client', () => {
    const chatgptOnly = (target: { id: string }) => target.id === 'codex';

    it("is a model of a target with an account that speaks the client's wire: a GPT model for the Codex CLI once a ChatGPT login exists", () => {
      const catalog = catalogOf(routerFor({}, [CHATGPT_LOGIN]), [], chatgptOnly);
      expect(catalog.suggestFor('openai-responses')).toEqual({ model: 'gpt-5.5', native: true });
      // Claude Code's own Claude models reach no account here: it is given the GPT model, as not its own.
      expect(catalog.suggestFor('anthropic-messages')).toEqual({ model: 'gpt-5.5', native: false });
    });

    it("stays Claude's for Claude Code while a Claude account serves, and falls back to any target when none has an account", () => {
      const both = catalogOf(routerFor({}, [CHATGPT_LOGIN]), [], () => true);
      expect(both.suggestFor('anthropic-messages')).toEqual({ model: 'sonnet', native: true });
      expect(both.suggestFor('openai-responses')).toEqual({ model: 'gpt-5.5', native: true });
      const noAccounts = catalogOf(routerFor(), [], () => false);
      expect(noAccounts.suggestFor('anthropic-messages')).toEqual({ model: 'sonnet', native: true });
      expect(noAccounts.suggestFor('openai-responses')).toEqual({ model: 'sonnet', native: false });
    });
  });
});
