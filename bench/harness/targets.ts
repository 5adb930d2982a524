/**
 * The kinds of target the bench's paths reach, each as Switchboard is set up for it: its section of the config
 * (pointing it at the bench upstream) and the account or key file a login would write. A new provider's paths
 * need one entry here, an upstream in upstream.ts if it speaks a new protocol, and their entries in paths.ts.
 */
import type { UpstreamUrls } from './upstream.js';

export interface TargetSetup {
  /** How the table names it. */
  label: string;
  /** Its section under `providers:` in the config, when it needs one. */
  providerConfig?: (upstreams: UpstreamUrls) => { provider: string; section: Record<string, unknown> };
  /** The account or key file, as `switchboard login` / `add` writes it. */
  account: (upstreams: UpstreamUrls) => { name: string; data: Record<string, unknown> };
  /**
   * The routing table's entries that send its bench models to it (`routing.models`): the families of two targets
   * may both claim a name (`gpt-*`: an OpenAI key and a ChatGPT login), and each path must reach its own.
   */
  routes?: Record<string, string[]>;
}

const IN_A_YEAR = () => new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();

export const TARGETS = {
  anthropic: {
    label: 'anthropic (OAuth account)',
    providerConfig: (upstreams) => ({ provider: 'anthropic', section: { 'base-url': upstreams['anthropic-messages'] } }),
    account: () => ({
      name: 'bench@example.com',
      data: { provider: 'anthropic', access_token: 'sk-ant-oat01-bench', refresh_token: 'sk-ant-ort01-bench', expires_at: IN_A_YEAR(), email: 'bench@example.com', source: 'login' },
    }),
  },
  'openai-key': {
    label: 'openai-key',
    account: (upstreams) => ({ name: 'bench', data: { provider: 'openai-key', instance: 'bench', access_token: 'sk-proj-bench-0123456789', base_url: `${upstreams['openai-responses']}/v1` } }),
    routes: { 'gpt-5-mini': ['openai-key:bench'] },
  },
  codex: {
    label: 'codex (ChatGPT account)',
    providerConfig: (upstreams) => ({ provider: 'codex', section: { 'base-url': `${upstreams['codex-responses']}/backend-api` } }),
    account: () => ({
      name: 'bench-chatgpt',
      data: {
        provider: 'codex',
        access_token: 'bench-chatgpt-access-token',
        refresh_token: 'bench-chatgpt-refresh-token',
        expires_at: IN_A_YEAR(),
        email: 'bench@example.com',
        plan: 'plus',
        chatgpt_account_id: 'ws-bench',
        chatgpt_user_id: 'user-bench',
        last_refresh: new Date().toISOString(),
        source: 'login',
        needs_login: null,
      },
    }),
    routes: { 'gpt-5.5': ['codex'] },
  },
  cursor: {
    label: 'cursor (Cursor account)',
    providerConfig: (upstreams) => ({ provider: 'cursor', section: { agent: { baseUrl: upstreams['cursor-agent'] } } }),
    account: () => ({
      name: 'bench-cursor',
      data: {
        provider: 'cursor',
        access_token: 'bench-cursor-access-token',
        refresh_token: null,
        expires_at: null,
        email: 'bench@example.com',
        plan: 'pro',
        machine_id: 'bench-machine-id',
        sign_up_type: null,
        source: 'login',
        needs_login: null,
        logged_in_at: new Date().toISOString(),
      },
    }),
    routes: { 'cursor-gpt-5': ['cursor'] },
  },
} satisfies Record<string, TargetSetup>;

export type TargetKind = keyof typeof TARGETS;
