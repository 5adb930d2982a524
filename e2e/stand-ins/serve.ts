/**
 * Runs the stand-in Anthropic API and OAuth server, and the OpenAI-compatible stand-in, for trying Switchboard by
 * hand (`npm run stand-ins`), and prints the config that points Switchboard at them. Ports: STANDIN_API_PORT /
 * STANDIN_OAUTH_PORT / STANDIN_OPENAI_PORT; the OpenAI stand-in's key: STANDIN_OPENAI_KEY.
 */
import { startAnthropicStandIn } from './anthropic-api.js';
import { startAnthropicOAuthStandIn } from './anthropic-oauth.js';
import { startOpenAIStandIn } from './openai-api.js';
import { TokenRegistry } from './token-registry.js';

const tokens = new TokenRegistry();
const api = await startAnthropicStandIn({ tokens, port: Number(process.env.STANDIN_API_PORT ?? 18400) });
const oauth = await startAnthropicOAuthStandIn({ tokens, port: Number(process.env.STANDIN_OAUTH_PORT ?? 18401) });
const openaiKey = process.env.STANDIN_OPENAI_KEY ?? 'sk-standin-openai';
const openai = await startOpenAIStandIn({ apiKeys: [openaiKey], port: Number(process.env.STANDIN_OPENAI_PORT ?? 18402) });

process.stdout.write(`Stand-in Anthropic API:   ${api.url}
Stand-in Anthropic OAuth: ${oauth.url}
Stand-in OpenAI-compatible API: ${openai.url}/v1 (key: Authorization: Bearer ${openaiKey})

Point Switchboard at them with this in its config file:

providers:
  anthropic:
    base-url: ${api.url}
    oauth:
      authorize-url: ${oauth.authorizeUrl}
      token-url: ${oauth.tokenUrl}
      legacy-token-url: null
      manual-redirect-uri: ${oauth.manualRedirectUri}

then \`npm run switchboard -- --config <file> login anthropic --manual\`. Ctrl-C stops the stand-ins.
`);

const stop = () => void Promise.all([api.close(), oauth.close(), openai.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
