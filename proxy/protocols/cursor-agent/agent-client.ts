import { createClient, type Client } from '@connectrpc/connect';
import { createConnectTransport, Http2SessionManager } from '@connectrpc/connect-node';

import type { CursorAgentConfig } from './agent-config.js';
import { AgentService } from './gen/agent/v1/agent_pb.js';
import { lenientGzip } from './lenient-gzip.js';

/** One HTTP/2 connection to Cursor's agent service, shared by the runs and the model list. */
export interface AgentClient {
  client: Client<typeof AgentService>;
  /** Drops the open connections. */
  close(): void;
}

/** Connect over HTTP/2 to `agent.v1.AgentService` (framing, compression and trailers all Connect's own). */
export function createAgentClient(config: CursorAgentConfig): AgentClient {
  const sessionManager = new Http2SessionManager(config.baseUrl, { idleConnectionTimeoutMs: config.idleConnectionMs });
  const transport = createConnectTransport({
    baseUrl: config.baseUrl,
    httpVersion: '2',
    sessionManager,
    acceptCompression: [lenientGzip],
  });
  return { client: createClient(AgentService, transport), close: () => sessionManager.abort() };
}
