import { z } from 'zod';

/**
 * Where and as whom the agent transport reaches Cursor (PROTOCOLS.md §3 "Which chat path", "Headers and
 * checksum"). Cursor's path is reverse-engineered: every host and version string lives here, overridable in config,
 * never in code. The field numbers live in proto/agent/v1/agent.proto.
 */
export const cursorAgentConfigSchema = z.object({
  /** `agent.api5.cursor.sh` serves privacy-mode accounts, `agentn.api5.cursor.sh` the others; HTTP/2 only. */
  baseUrl: z.string().url().default('https://agent.api5.cursor.sh'),
  /** The IDE version Cursor still serves; an old one gets ERROR_OUTDATED_CLIENT (raise it here). */
  clientVersion: z.string().min(1).default('3.12.17'),
  /** The IDE build's commit hash (`x-cursor-client-commit`); not sent when empty. */
  clientCommit: z.string().default(''),
  clientType: z.literal('ide').default('ide'),
  clientOs: z.enum(['linux', 'macos', 'windows']).default(defaultOs()),
  clientArch: z.enum(['x64', 'aarch64']).default(process.arch === 'arm64' ? 'aarch64' : 'x64'),
  userAgent: z.string().min(1).default('connect-es/1.6.1'),
  /** `x-cursor-config-version`: a uuid the IDE keeps; empty sends none. */
  configVersion: z.string().default(''),
  /**
   * `x-cursor-timezone`; empty sends the machine's. Read when a run is sent, not here: asking Intl for the zone loads
   * ICU's time-zone data (~8 MB), which nothing else needs at start.
   */
  timeZone: z.string().default(''),
  /** `x-ghost-mode: true` asks for privacy mode. */
  ghostMode: z.boolean().default(true),
  /** How the client's tools are named to Cursor: "<provider>-<tool>". */
  mcpProvider: z.string().min(1).default('switchboard'),
  /**
   * Models that stream reasoning and answer both in the thinking field, split by `</think>` (`*` ends a prefix):
   * what follows the tag is the answer.
   */
  thinkTagModels: z.array(z.string().min(1)).default(['composer-*', 'kimi-*']),
  /**
   * After the model's last tool call, how long a turn waits for another one when the server sends no heartbeat or
   * checkpoint to say it is waiting for results.
   */
  toolCallQuietMs: z.number().int().positive().default(2_000),
  /** Idle HTTP/2 connections close after this long. */
  idleConnectionMs: z.number().int().positive().default(60_000),
});

export type CursorAgentConfig = z.infer<typeof cursorAgentConfigSchema>;

function defaultOs(): 'linux' | 'macos' | 'windows' {
  if (process.platform === 'darwin') return 'macos';
  return process.platform === 'win32' ? 'windows' : 'linux';
}
