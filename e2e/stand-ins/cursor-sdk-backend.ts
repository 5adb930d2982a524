import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type CursorAgentStandIn, STAND_IN_CURSOR_MODELS, STAND_IN_CURSOR_TOKEN } from './cursor-agent.js';
import type { CursorAuthStandIn } from './cursor-auth.js';

/**
 * What `@cursor/sdk` reaches at `CURSOR_BACKEND_URL` (one origin, api2.cursor.sh in production), over HTTP/1.1 as
 * the SDK speaks to an http:// backend (PROTOCOLS.md §3, "The official client is on npm"). The calls the agent and
 * auth stand-ins already answer go to them, so the SDK meets the same checks Switchboard's requests meet:
 * `/auth/*` to the auth stand-in, `agent.v1.AgentService/RunSSE` and `aiserver.v1.BidiService/BidiAppend` to the
 * agent stand-in's runs. The rest is what the SDK asks before a run:
 * - `GET /v1/models` with the API key itself: `{items: [{id, displayName}]}`, the ids the agent serves (the SDK
 *   refuses a model not listed here before any run);
 * - `GetUserPrivacyMode`, `GetServerConfig`, `GetTeamAdminSettingsOrEmptyIfNotInTeam` (Connect unary,
 *   application/proto): answered with an empty message, every field its default. For GetServerConfig that leaves
 *   field 7 (`http2_config`) unset, so the SDK keeps to RunSSE + BidiAppend;
 * - `BootstrapStatsig` (JSON): `{}`, no feature gates.
 * Every request is recorded, so a test can tell what the SDK asked.
 */
export interface SdkBackendRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

const EMPTY_PROTO_ANSWERS = new Set([
  '/aiserver.v1.DashboardService/GetUserPrivacyMode',
  '/aiserver.v1.ServerConfigService/GetServerConfig',
  '/aiserver.v1.DashboardService/GetTeamAdminSettingsOrEmptyIfNotInTeam',
]);

export class CursorSdkBackendStandIn {
  url = '';
  readonly requests: SdkBackendRequest[] = [];
  private readonly server: Server;

  constructor(
    private readonly agent: CursorAgentStandIn,
    private readonly auth: CursorAuthStandIn,
    private readonly models: readonly string[] = STAND_IN_CURSOR_MODELS,
  ) {
    this.server = createServer((req, res) => this.route(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    this.requests.push({ method: req.method ?? '', path, headers: { ...req.headers } });
    if (path.startsWith('/auth/')) {
      // The API key is exchanged for the token the agent stand-in knows, as a real login's token is Cursor's.
      if (path === '/auth/exchange_user_api_key') this.auth.issueNext(STAND_IN_CURSOR_TOKEN);
      void this.auth.handle(req, res);
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') return this.listModels(req, res);
    if (req.method === 'POST' && EMPTY_PROTO_ANSWERS.has(path)) return drained(req, () => answer(res, 200, 'application/proto', ''));
    if (req.method === 'POST' && path === '/aiserver.v1.AnalyticsService/BootstrapStatsig') return drained(req, () => answer(res, 200, 'application/json', '{}'));
    this.agent.handler(req, res);
  }

  private listModels(req: IncomingMessage, res: ServerResponse): void {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!this.auth.acceptsApiKey(key)) return answer(res, 401, 'application/json', JSON.stringify({ error: 'invalid api key' }));
    answer(res, 200, 'application/json', JSON.stringify({ items: this.models.map((id) => ({ id, displayName: id })) }));
  }
}

function drained(req: IncomingMessage, then: () => void): void {
  req.resume();
  req.once('end', then);
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
