/**
 * Runs the stand-in Anthropic API and OAuth server for trying Switchboard by hand (`npm run stand-ins`), and
 * prints the config that points Switchboard at them. Ports: STANDIN_API_PORT / STANDIN_OAUTH_PORT.
 */
import { startAnthropicStandIn } from './anthropic-api.js';
import { startAnthropicOAuthStandIn } from './anthropic-oauth.js';
import { TokenRegistry } from './token-registry.js';

const tokens = new TokenRegistry();
const api = await startAnthropicStandIn({ tokens, port: Number(process.env.STANDIN_API_PORT ?? 18400) });
const oauth = await startAnthropicOAuthStandIn({ tokens, port: Number(process.env.STANDIN_OAUTH_PORT ?? 18401) });

process.stdout.write(`Stand-in Anthropic API:   ${api.url}
Stand-in Anthropic OAuth: ${oauth.url}

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

const stop = () => void Promise.all([api.close(), oauth.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
