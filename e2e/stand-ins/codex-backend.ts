/**
 * A stand-in for the ChatGPT backend as the Codex CLI reaches it with a "Sign in with ChatGPT" login (PROTOCOLS.md
 * §2): POST /backend-api/codex/responses (SSE only, the body rules, errors inside the 200 stream), its unary
 * /responses/compact, GET /backend-api/codex/models (client-version subset, ETag), GET /backend-api/wham/usage and
 * the workspace list the Codex CLI routes by (GET /backend-api/wham/accounts/check), each checking the access token
 * against the auth stand-in's registry and the ChatGPT-Account-ID it belongs to, and answering with the `x-codex-*`
 * limit headers. Request bodies may come compressed (the Codex CLI sends zstd); with `tls` it serves HTTPS, which
 * the Codex CLI needs to run straight against it (e2e/clients/codex-standin.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { writeSseFrames } from './scripted-faults.js';
import { checkCompactBody, checkIdentityHeaders, checkModel, checkReasoningEffort, checkReasoningItems, checkResponsesBody, compareVersions, reasons, summarizes, CODEX_STAND_IN_MODELS, type CodexStandInModel } from './codex-backend-rules.js';
import { codexStreamFrames, limitHeaders, whamUsageBody, type CodexLimits, type CodexReasoning, type CodexStreamEnding } from './codex-backend-frames.js';
import type { CodexUser } from './codex-identity.js';
import type { CodexTokenRegistry } from './codex-tokens.js';
import { recordRequest, UndecodableBodyError, type RecordedRequest } from './http-request.js';
import { buildOpenAIReply } from './openai-api-replies.js';
import { validateResponsesRequest } from './openai-api-request.js';
import { createStandInServer, listenStandIn, type StandInTls } from './stand-in-server.js';

export interface CodexScriptedFailure {
  /** An HTTP error answer with this status and body (default body: the backend's for that status). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Instead: a 200 stream that fails right after its opening events (overload after response.created, say). */
  inStream?: { code: string; message?: string; via?: 'response.failed' | 'error' };
  /** Instead: a 200 stream that ends with response.incomplete. */
  incomplete?: 'max_output_tokens' | 'content_filter';
}

export interface CodexBackendStandIn {
  /** The chatgpt_base_url, e.g. http://127.0.0.1:1234/backend-api */
  baseUrl: string;
  url: string;
  readonly requests: RecordedRequest[];
  failNext(...failures: CodexScriptedFailure[]): void;
  setLimits(limits: Partial<CodexLimits>): void;
  setModels(models: readonly CodexStandInModel[]): void;
  /** The next answer sends no `x-codex-*` headers: only its `codex.rate_limits` event says these limits. */
  limitsOnlyInStreamNext(limits: Partial<CodexLimits>): void;
  close(): Promise<void>;
}

const DAY = 24 * 60 * 60;

export function defaultCodexLimits(now = Date.now()): CodexLimits {
  const seconds = Math.floor(now / 1000);
  return {
    primary: { usedPercent: 12, windowMinutes: 300, resetAt: seconds + 3 * 60 * 60 },
    secondary: { usedPercent: 40, windowMinutes: 10080, resetAt: seconds + 4 * DAY },
    credits: { hasCredits: false, unlimited: false, balance: '0' },
    planType: 'plus',
  };
}

export interface CodexBackendStandInOptions {
  tokens: CodexTokenRegistry;
  port?: number;
  host?: string;
  /** Serve HTTPS with this certificate (default: plain HTTP): the Codex CLI itself routes only to an HTTPS origin. */
  tls?: StandInTls;
}

export async function startCodexBackendStandIn(options: CodexBackendStandInOptions): Promise<CodexBackendStandIn> {
  const backend = new CodexBackend(options.tokens);
  const server = createStandInServer((request, response) => {
    void recordRequest(request, { decodeBody: true })
      .then(async (recorded) => {
        backend.requests.push(recorded);
        await backend.handle(recorded, response);
      })
      .catch((error: unknown) => {
        if (response.headersSent) return response.destroy();
        if (error instanceof UndecodableBodyError) return sendJson(response, 400, { detail: error.message });
        sendJson(response, 500, { detail: 'Internal server error' });
      });
  }, options.tls);
  const url = await listenStandIn(server, options.port ?? 0, options.host ?? '127.0.0.1', options.tls !== undefined);
  backend.origin = url;
  return {
    url,
    baseUrl: `${url}/backend-api`,
    requests: backend.requests,
    failNext: (...failures) => void backend.failures.push(...failures),
    setLimits: (limits) => void (backend.limits = { ...backend.limits, ...limits }),
    setModels: (models) => void (backend.models = models),
    limitsOnlyInStreamNext: (limits) => void (backend.streamOnlyLimits = { ...backend.limits, ...limits }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class CodexBackend {
  readonly requests: RecordedRequest[] = [];
  readonly failures: CodexScriptedFailure[] = [];
  limits = defaultCodexLimits();
  streamOnlyLimits: CodexLimits | null = null;
  models: readonly CodexStandInModel[] = CODEX_STAND_IN_MODELS;
  /** Where this backend listens: every workspace is served here (its workspace_backend_origin). */
  origin = '';
  /** The encrypted_content of every reasoning item streamed: what may come back in a later input. */
  readonly issuedReasoning = new Set<string>();
  /** The id of every output item streamed: sent back by id, it names nothing (nothing is stored). */
  readonly issuedItemIds = new Set<string>();

  constructor(private readonly tokens: CodexTokenRegistry) {}

  async handle(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const url = new URL(request.path, 'http://stand-in');
    const user = this.authenticate(request, response);
    if (!user) return;
    switch (`${request.method} ${url.pathname}`) {
      case 'POST /backend-api/codex/responses':
        return this.responses(request, response);
      case 'POST /backend-api/codex/responses/compact':
        return this.compact(request, response);
      case 'GET /backend-api/codex/models':
        return this.listModels(request, url.searchParams, response);
      case 'GET /backend-api/wham/usage':
        return sendJson(response, 200, whamUsageBody(this.limits));
      case 'GET /backend-api/wham/accounts/check':
        return sendJson(response, 200, accountsCheckBody(user, this.origin));
      case 'POST /backend-api/codex/responses/input_tokens':
        // Upstream token counting is behind Cloudflare for these tokens: an HTML 403.
        return void response.writeHead(403, { 'content-type': 'text/html' }).end('<html><body>Just a moment...</body></html>');
      default:
        return sendJson(response, 404, { detail: 'Not Found' });
    }
  }

  /** The Bearer token's user, whose workspace the ChatGPT-Account-ID header must name; else the backend's 401/403. */
  private authenticate(request: RecordedRequest, response: ServerResponse): CodexUser | null {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
    if (!token) {
      sendJson(response, 401, { error: { message: 'Missing bearer or basic authentication in header', type: 'invalid_request_error', code: null } });
      return null;
    }
    const checked = this.tokens.check(token);
    if ('problem' in checked) {
      const code = checked.problem === 'expired' ? 'token_expired' : checked.problem === 'revoked' ? 'token_invalidated' : 'invalid_token';
      const message = checked.problem === 'revoked' ? 'Your authentication token has been invalidated. Please try signing in again.' : 'Provided authentication token is expired or invalid. Please try signing in again.';
      sendJson(response, 401, { error: { message, type: 'invalid_request_error', code } });
      return null;
    }
    if (request.headers['chatgpt-account-id'] !== checked.user.accountId) {
      sendJson(response, 403, { detail: 'The ChatGPT-Account-ID header does not name a workspace of this login' });
      return null;
    }
    return checked.user;
  }

  private async responses(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const identity = checkIdentityHeaders(request);
    if (!identity.ok) return sendJson(response, identity.status, { detail: identity.detail });
    const body = checkResponsesBody(request.body, this.issuedItemIds);
    if (!body.ok) return sendJson(response, body.status, { detail: body.detail });
    const validation = validateResponsesRequest(request.body);
    if (!validation.ok) return sendJson(response, 400, { detail: validation.message });
    const model = checkModel(validation.request.model, identity.version!, this.models);
    if (!model.ok) return sendJson(response, model.status, { detail: model.detail });
    const effort = checkReasoningEffort(request.body, this.models);
    if (!effort.ok) return sendJson(response, effort.status, { detail: effort.detail });
    const earlierReasoning = checkReasoningItems(request.body, this.issuedReasoning);
    if (!earlierReasoning.ok) return sendJson(response, earlierReasoning.status, { detail: earlierReasoning.detail });
    const failure = this.failures.shift();
    if (failure?.status !== undefined) return sendJson(response, failure.status, failure.body ?? defaultErrorBody(failure.status, this.limits), { ...limitHeaders(this.limits), ...failure.headers });
    const ending: CodexStreamEnding = failure?.inStream
      ? { kind: 'failed', code: failure.inStream.code, message: failure.inStream.message ?? 'Our servers are currently overloaded. Please try again later.', via: failure.inStream.via ?? 'response.failed' }
      : failure?.incomplete
        ? { kind: 'incomplete', reason: failure.incomplete }
        : { kind: 'completed' };
    const reply = buildOpenAIReply(validation.request);
    const streamOnly = this.streamOnlyLimits;
    this.streamOnlyLimits = null;
    const headers = { ...(streamOnly ? {} : limitHeaders(this.limits)), 'x-request-id': `req_${randomBytes(8).toString('hex')}`, 'x-models-etag': this.modelsEtag(identity.version!) };
    const frames = codexStreamFrames(reply, streamOnly ?? this.limits, ending, reasons(request.body, this.models) ? this.reasoning(summarizes(request.body)) : null);
    for (const id of outputItemIds(frames)) this.issuedItemIds.add(id);
    await writeSseFrames(response, headers, frames);
  }

  private reasoning(withSummary: boolean): CodexReasoning {
    const encryptedContent = `gAAAAB${randomBytes(48).toString('base64url')}`;
    this.issuedReasoning.add(encryptedContent);
    return { id: `rs_${randomBytes(12).toString('hex')}`, summary: withSummary ? 'Considering the request.' : null, encryptedContent };
  }

  private compact(request: RecordedRequest, response: ServerResponse): void {
    const identity = checkIdentityHeaders(request);
    if (!identity.ok) return sendJson(response, identity.status, { detail: identity.detail });
    const body = checkCompactBody(request.body);
    if (!body.ok) return sendJson(response, body.status, { detail: body.detail });
    // A scripted HTTP failure answers compact too (an in-stream one has no stream here to go in).
    const failure = this.failures[0]?.status !== undefined ? this.failures.shift() : undefined;
    if (failure?.status !== undefined) return sendJson(response, failure.status, failure.body ?? defaultErrorBody(failure.status, this.limits), { ...limitHeaders(this.limits), ...failure.headers });
    const items = (request.body as { input: unknown[] }).input;
    sendJson(response, 200, {
      output: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Summary of ${items.length} earlier items.` }] },
        { type: 'compaction', encrypted_content: randomBytes(24).toString('base64') },
      ],
    });
  }

  private listModels(request: RecordedRequest, params: URLSearchParams, response: ServerResponse): void {
    const version = params.get('client_version');
    if (!version) return sendJson(response, 400, { detail: 'client_version is required' });
    const etag = this.modelsEtag(version);
    if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
    sendJson(response, 200, { models: this.visibleModels(version).map(modelEntry) }, { etag });
  }

  /** An old client version silently gets the older subset: newer models look missing, not gated. */
  private visibleModels(version: string): CodexStandInModel[] {
    return this.models.filter((model) => compareVersions(version, model.minimalClientVersion) >= 0);
  }

  private modelsEtag(version: string): string {
    return `"${createHash('sha256').update(JSON.stringify(this.visibleModels(version))).digest('hex').slice(0, 16)}"`;
  }
}

/**
 * GET /backend-api/wham/accounts/check: the workspaces this login may use and the origin serving each. The Codex CLI
 * reads it before its first model request and routes only to a listed workspace, at an HTTPS origin.
 */
function accountsCheckBody(user: CodexUser, origin: string): Record<string, unknown> {
  const account = {
    id: user.accountId,
    structure: user.plan === 'free' || user.plan === 'plus' || user.plan === 'pro' ? 'personal' : 'workspace',
    plan_type: user.plan,
    is_deactivated: false,
    is_fedramp_compliant_workspace: user.fedramp === true,
    workspace_backend_origin: origin,
    account_routing_override: 'NO_CONSTRAINT',
    profile_picture_url: null,
  };
  return { accounts: [account], account_ordering: [user.accountId], default_account_id: user.accountId };
}

function modelEntry(model: CodexStandInModel): Record<string, unknown> {
  return {
    slug: model.slug,
    display_name: model.slug.replace(/^gpt/, 'GPT'),
    description: `Stand-in ${model.slug}`,
    minimal_client_version: model.minimalClientVersion,
    supported_in_api: true,
    visibility: 'list',
    priority: model.priority,
    available_in_plans: ['plus', 'pro', 'team', 'business', 'enterprise'],
    default_reasoning_level: model.defaultReasoningLevel,
    supported_reasoning_levels: model.supportedReasoningLevels.map((effort) => ({ effort, description: effort })),
    context_window: 272000,
    max_context_window: 921000,
    input_modalities: ['text', 'image'],
    supports_parallel_tool_calls: true,
    prefer_websockets: false,
    use_responses_lite: false,
    // Fields the Codex CLI requires of every entry (0.171 refuses the whole list without them).
    shell_type: 'shell_command',
    support_verbosity: true,
    truncation_policy: { mode: 'tokens', limit: 10000 },
    experimental_supported_tools: [],
    base_instructions: `You are Codex, running on the stand-in ${model.slug}.`,
  };
}

function defaultErrorBody(status: number, limits: CodexLimits): unknown {
  if (status === 429) {
    const window = [limits.primary, limits.secondary].find((entry) => entry !== null && entry.usedPercent >= 100);
    if (window) {
      return { error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', plan_type: limits.planType, resets_at: window.resetAt, resets_in_seconds: Math.max(0, window.resetAt - Math.floor(Date.now() / 1000)) } };
    }
    return { error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 2s.' } };
  }
  if (status === 503) return { error: { type: 'service_unavailable_error', code: 'server_is_overloaded', message: 'Our servers are currently overloaded. Please try again later.' } };
  return { detail: 'Internal server error' };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** The ids of the output items a stream's frames finish (response.output_item.done). */
function outputItemIds(frames: readonly string[]): string[] {
  return frames.flatMap((frame) => {
    const data = frame.slice(frame.indexOf('data: ') + 6);
    if (!data.includes('response.output_item.done')) return [];
    const item = (JSON.parse(data) as { item?: { id?: unknown } }).item;
    return typeof item?.id === 'string' ? [item.id] : [];
  });
}
