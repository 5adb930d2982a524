/**
 * Runs the stand-in Anthropic API and OAuth server, the ChatGPT (Codex) backend and OpenAI auth server, Cursor's
 * agent service and auth endpoints, and the OpenAI-compatible stand-in, for trying Switchboard by hand (`npm run
 * stand-ins`), and prints the config that points Switchboard at them. Ports: STANDIN_API_PORT / STANDIN_OAUTH_PORT /
 * STANDIN_OPENAI_PORT / STANDIN_CODEX_AUTH_PORT / STANDIN_CODEX_PORT / STANDIN_CURSOR_AUTH_PORT / STANDIN_CURSOR_PORT;
 * the OpenAI stand-in's key: STANDIN_OPENAI_KEY.
 */
import { startAnthropicStandIn } from './anthropic-api.js';
import { startAnthropicOAuthStandIn } from './anthropic-oauth.js';
import { startCodexAuthStandIn } from './codex-auth.js';
import { startCodexBackendStandIn } from './codex-backend.js';
import { CodexTokenRegistry } from './codex-tokens.js';
import { CursorAgentStandIn } from './cursor-agent.js';
import { CursorAuthStandIn, STAND_IN_CURSOR_API_KEY } from './cursor-auth.js';
import { startOpenAIStandIn } from './openai-api.js';
import { TokenRegistry } from './token-registry.js';

const tokens = new TokenRegistry();
const api = await startAnthropicStandIn({ tokens, port: Number(process.env.STANDIN_API_PORT ?? 18400) });
const oauth = await startAnthropicOAuthStandIn({ tokens, port: Number(process.env.STANDIN_OAUTH_PORT ?? 18401) });
const openaiKey = process.env.STANDIN_OPENAI_KEY ?? 'sk-standin-openai';
const openai = await startOpenAIStandIn({ apiKeys: [openaiKey], port: Number(process.env.STANDIN_OPENAI_PORT ?? 18402) });
const codexTokens = new CodexTokenRegistry();
const codexAuth = await startCodexAuthStandIn({ tokens: codexTokens, port: Number(process.env.STANDIN_CODEX_AUTH_PORT ?? 18403) });
const codexBackend = await startCodexBackendStandIn({ tokens: codexTokens, port: Number(process.env.STANDIN_CODEX_PORT ?? 18404) });
const cursorAuth = new CursorAuthStandIn();
await cursorAuth.listen(Number(process.env.STANDIN_CURSOR_AUTH_PORT ?? 18405));
// The agent serves the logins the auth stand-in hands out, as Cursor's backend serves its own.
const cursorAgent = new CursorAgentStandIn({ issuedElsewhere: (token) => cursorAuth.issued.includes(token) });
await cursorAgent.listen(Number(process.env.STANDIN_CURSOR_PORT ?? 18406));

process.stdout.write(`Stand-in Anthropic API:   ${api.url}
Stand-in Anthropic OAuth: ${oauth.url}
Stand-in ChatGPT backend: ${codexBackend.baseUrl}
Stand-in OpenAI auth:     ${codexAuth.url} (a device code is approved at ${codexAuth.url}/codex/device)
Stand-in Cursor auth:     ${cursorAuth.url} (opening its login page logs you in; API key: ${STAND_IN_CURSOR_API_KEY})
Stand-in Cursor agent:    ${cursorAgent.url}
Stand-in OpenAI-compatible API: ${openai.url}/v1 (key: ${openaiKey})

Point Switchboard at them with this in its config file (restart a running Switchboard afterwards: provider
addresses take effect at start):

providers:
  anthropic:
    base-url: ${api.url}
    oauth:
      authorize-url: ${oauth.authorizeUrl}
      token-url: ${oauth.tokenUrl}
      legacy-token-url: null
      manual-redirect-uri: ${oauth.manualRedirectUri}
  codex:
    base-url: ${codexBackend.baseUrl}
    oauth:
      issuer: ${codexAuth.url}
  cursor:
    auth-url: ${cursorAuth.url}
    login-page-url: ${cursorAuth.loginPageUrl}
    agent:
      baseUrl: ${cursorAgent.url}

then log in (add \`--config <file>\` when it is not the default one):

  npm run switchboard -- login anthropic --manual
  npm run switchboard -- login codex --device
  npm run switchboard -- login cursor
  echo ${openaiKey} | npm run switchboard -- add compat standin --base-url ${openai.url}/v1

Ctrl-C stops the stand-ins.
`);

const stop = () => void Promise.all([api.close(), oauth.close(), openai.close(), codexAuth.close(), codexBackend.close(), cursorAuth.close(), cursorAgent.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
