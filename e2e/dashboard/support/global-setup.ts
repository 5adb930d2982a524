/**
 * The dashboard suite's world, started once for the whole run: the stand-in Anthropic API and OAuth server (in
 * this process, sharing one token registry), and the real headless server — `switchboard serve` through
 * bin/switchboard.js as `npm run serve` starts it, with a temporary home, config, auth and data folders — which
 * builds dist/ first when the sources changed and serves the built dashboard. The returned function stops all of it.
 *
 * SWITCHBOARD_TEST_LOG sets the server's log level (default info); its log ends up in test-results/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { waitForUpdate } from '@pydantic/genai-prices';
import { startAnthropicStandIn, type AnthropicStandIn } from '../../stand-ins/anthropic-api.js';
import { startAnthropicOAuthStandIn } from '../../stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../stand-ins/token-registry.js';
import { STACK_ENV, type StackInfo } from './stack.js';

const ROOT = resolve(import.meta.dirname, '../../..');
/** How long `serve` may take to print its address (it builds the proxy and the dashboard when they are stale). */
const START_TIMEOUT_MS = 120_000;

/** Environment variables of the person running the tests that would change what the server or the clients do. */
const INHERITED_BUT_UNWANTED = /^(ANTHROPIC_|OPENAI_|CLAUDE_|CODEX_HOME$|SWITCHBOARD_)/;

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const logPath = join(dir, 'server.log');
  // Undone in reverse order, by the teardown or by a setup that fails half-way.
  const closers: (() => Promise<void> | void)[] = [];
  const teardown = async () => {
    for (const close of closers.reverse()) await close();
  };
  closers.push(() => {
    // The server's log is kept beside the screenshots, for a failed run in CI.
    const outputDir = config.projects[0]?.outputDir ?? join(ROOT, 'test-results');
    mkdirSync(outputDir, { recursive: true });
    if (existsSync(logPath)) copyFileSync(logPath, join(outputDir, 'switchboard-server.log'));
    rmSync(dir, { recursive: true, force: true });
  });

  try {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });

    const tokens = new TokenRegistry();
    const api = await startAnthropicStandIn({ tokens });
    closers.push(() => api.close());
    const oauth = await startAnthropicOAuthStandIn({ tokens });
    closers.push(() => oauth.close());
    const control = await startControl(api, tokens);
    closers.push(() => new Promise<void>((done) => control.server.close(() => done())));

    const configPath = join(dir, 'config.yaml');
    // JSON is YAML. Port 0: the server picks a free port and prints it.
    const serverConfig = {
      host: '127.0.0.1',
      port: 0,
      'auth-dir': join(dir, 'auth'),
      'data-dir': join(dir, 'data'),
      // The price catalog comes from the control server, so the page shows a downloaded catalog as a user sees one.
      'price-data': { url: `${control.url}/prices.json` },
      providers: {
        anthropic: {
          'base-url': api.url,
          oauth: {
            'authorize-url': oauth.authorizeUrl,
            'token-url': oauth.tokenUrl,
            'legacy-token-url': null,
            'manual-redirect-uri': oauth.manualRedirectUri,
          },
        },
      },
    };
    writeFileSync(configPath, `${JSON.stringify(serverConfig, null, 2)}\n`);

    const server = await startServer(configPath, home, logPath);
    closers.push(() => stopServer(server.child));

    const stack: StackInfo = {
      url: server.url,
      ownerKey: server.ownerKey,
      home,
      authDir: serverConfig['auth-dir'],
      configPath,
      oauthUrl: oauth.url,
      apiUrl: api.url,
      controlUrl: control.url,
    };
    process.env[STACK_ENV] = JSON.stringify(stack);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

interface RunningServer {
  child: ChildProcess;
  url: string;
  ownerKey: string;
}

/**
 * `switchboard serve` exactly as a person starts it, with HOME pointed at a temporary folder so "configure Claude
 * Code" writes there. Resolves once it printed its address; the owner key is what its first run prints.
 */
async function startServer(configPath: string, home: string, logPath: string): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!INHERITED_BUT_UNWANTED.test(name)) env[name] = value;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    SWITCHBOARD_LOG_LEVEL: process.env.SWITCHBOARD_TEST_LOG ?? 'info',
    // The README's way to run the CLI, which the hints then name.
    SWITCHBOARD_CLI: 'npm run switchboard --',
  });
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, ['bin/switchboard.js', '--config', configPath, 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);

  let stdout = '';
  child.stdout?.setEncoding('utf8');
  const started = new Promise<RunningServer>((resolveStart, rejectStart) => {
    const onData = (chunk: string) => {
      stdout += chunk;
      const url = /Switchboard is listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      const ownerKey = /^\s+(sk-sb-\S+)\s*$/m.exec(stdout)?.[1];
      settle(() => (ownerKey ? resolveStart({ child, url: url.replace(/\/$/, ''), ownerKey }) : fail('listened but printed no owner key on its first run')));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => settle(() => fail(`exited (${signal ?? code}) before it listened`));
    const timer = setTimeout(() => settle(() => fail(`printed no address within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      outcome();
    };
    const fail = (why: string) => rejectStart(new Error(`switchboard serve ${why}.\nstdout:\n${stdout}\nlog:\n${readFileSync(logPath, 'utf8')}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  try {
    const server = await started;
    const health = await fetch(`${server.url}/health`);
    if (!health.ok) throw new Error(`GET /health answered ${health.status}`);
    // The server looks for dist/renderer once, when it starts: a build running elsewhere at that moment empties it.
    const dashboard = await fetch(`${server.url}/`);
    if (!(dashboard.headers.get('content-type') ?? '').startsWith('text/html')) {
      throw new Error(`the server does not serve the dashboard at / (${dashboard.status}): dist/renderer was missing when it started — was another build running?`);
    }
    return server;
  } catch (error) {
    await stopServer(child);
    throw error;
  }
}

/** SIGTERM is a graceful stop (requests in flight finish); a server that hangs gets SIGKILL after 10 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A test-only side door to the in-process stand-ins, for the worker processes:
 * - POST /utilization {"fiveHour":0.42,"sevenDay":0.17} sets the windows the stand-in API reports in its rate-limit headers;
 * - POST /fail-next {"status":429,"retryAfterSeconds":3600} makes the stand-in API refuse the next model request;
 * - POST /end-login {"email":"…"} expires that person's access tokens and revokes their refresh tokens;
 * - GET /prices.json stands in for the price catalog's host: it answers the catalog the package bundles.
 */
async function startControl(api: AnthropicStandIn, tokens: TokenRegistry): Promise<{ server: Server; url: string }> {
  const catalog = JSON.stringify(await waitForUpdate());
  const routes: Record<string, (body: Record<string, unknown>) => void> = {
    '/utilization': (body) => api.setUtilization(Number(body.fiveHour), Number(body.sevenDay)),
    '/fail-next': (body) => api.failNext({ status: Number(body.status), retryAfterSeconds: Number(body.retryAfterSeconds) }),
    '/end-login': (body) => {
      tokens.expireAccessTokens(String(body.email));
      tokens.revokeRefreshTokens(String(body.email));
    },
  };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'GET' && request.url === '/prices.json') return void response.writeHead(200, { 'content-type': 'application/json' }).end(catalog);
      const route = request.method === 'POST' ? routes[request.url ?? ''] : undefined;
      if (!route) return void response.writeHead(404).end();
      route(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
