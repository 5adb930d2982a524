import type { IncomingHttpHeaders } from 'node:http';
import { CLAUDE_CODE_BETA, CLAUDE_CODE_BILLING_HEADER, CLAUDE_CODE_SYSTEM_PROMPT } from './constants.js';

/**
 * The Claude Code request profile (PROTOCOLS.md §1): what Claude Code itself sends. It is applied only to
 * clients that are not Claude Code (mode "auto"); Claude Code's own requests pass through as they are.
 */
export interface ClaudeCodeProfile {
  cliVersion: string;
  entrypoint: string;
  /** One per server run, like one Claude Code session. */
  sessionId: string;
  /** Stable per installation and account: 64 hex characters. */
  deviceId: string;
}

/**
 * Claude Code identifies itself by its user agent. Without it, by its system prompt: older versions start with
 * their own first line; 2.1.x in `-p` mode starts with a billing-header block instead.
 */
export function isClaudeCodeClient(headers: IncomingHttpHeaders, body: Record<string, unknown>): boolean {
  if (/^claude-cli\//i.test(headers['user-agent'] ?? '')) return true;
  const first = firstSystemText(body.system) ?? '';
  return first.startsWith(CLAUDE_CODE_SYSTEM_PROMPT) || first.startsWith(CLAUDE_CODE_BILLING_HEADER);
}

export function profileHeaders(profile: ClaudeCodeProfile): Record<string, string> {
  return {
    'user-agent': `claude-cli/${profile.cliVersion} (external, ${profile.entrypoint})`,
    'x-app': 'cli',
    'anthropic-dangerous-direct-browser-access': 'true',
    'x-claude-code-session-id': profile.sessionId,
    'x-stainless-lang': 'js',
    'x-stainless-package-version': '0.70.0',
    'x-stainless-os': stainlessOs(process.platform),
    'x-stainless-arch': process.arch === 'x64' ? 'x64' : process.arch,
    'x-stainless-runtime': 'node',
    'x-stainless-runtime-version': process.version,
    'x-stainless-retry-count': '0',
  };
}

export const PROFILE_BETAS = [CLAUDE_CODE_BETA];

/** The body edits of the profile: Claude Code's first system block, and its metadata.user_id when absent. */
export function applyProfileToBody(body: Record<string, unknown>, profile: ClaudeCodeProfile, accountUuid: string | null): Record<string, unknown> {
  const edited: Record<string, unknown> = { ...body, system: withClaudeCodeSystemBlock(body.system) };
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  if (metadata.user_id === undefined) {
    edited.metadata = {
      ...metadata,
      user_id: JSON.stringify({ device_id: profile.deviceId, account_uuid: accountUuid ?? '', session_id: profile.sessionId }),
    };
  }
  return edited;
}

function withClaudeCodeSystemBlock(system: unknown): unknown {
  const block = { type: 'text', text: CLAUDE_CODE_SYSTEM_PROMPT };
  if (system === undefined || system === null || system === '') return [block];
  if (typeof system === 'string') return system.startsWith(CLAUDE_CODE_SYSTEM_PROMPT) ? system : [block, { type: 'text', text: system }];
  if (Array.isArray(system)) return firstSystemText(system)?.startsWith(CLAUDE_CODE_SYSTEM_PROMPT) ? system : [block, ...(system as unknown[])];
  return system; // Not a shape we know: the upstream will say what is wrong with it.
}

function firstSystemText(system: unknown): string | undefined {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return undefined;
  const first: unknown = system[0];
  return isRecord(first) && typeof first.text === 'string' ? first.text : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stainlessOs(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'MacOS';
    case 'win32':
      return 'Windows';
    case 'linux':
      return 'Linux';
    default:
      return `Other:${platform}`;
  }
}
