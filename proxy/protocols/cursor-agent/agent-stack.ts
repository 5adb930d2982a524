import { loadedOnFirstUse } from '../../upstream/loaded-on-first-use.js';
import type { CursorAgentConfig } from './agent-config.js';
import type { CursorAgentCredential } from './agent-headers.js';
import type { CursorChatTransport } from './chat-transport.js';
import type { UsableModel } from './usable-models.js';

/**
 * The agent's Connect half: the HTTP/2 client, the `Run` transport and the model list, with the generated protobuf
 * code and @connectrpc/@bufbuild under them (~7 MB). Imported when a run or a model listing first needs it, never at
 * start: most people have no Cursor login.
 */
export interface AgentStack {
  transport: CursorChatTransport;
  readUsableModels(credential: CursorAgentCredential, options: { timeoutMs: number }): Promise<UsableModel[]>;
}

/** Loads the stack for this config on first call; every later call answers the same one. */
export function agentStackOnFirstUse(config: CursorAgentConfig, now: () => number = Date.now): () => Promise<AgentStack> {
  return loadedOnFirstUse("Cursor's agent transport (Connect and protobuf)", async () => {
    const [{ createAgentClient }, { createAgentRunTransport }, { readUsableModels }] = await Promise.all([
      import('./agent-client.js'),
      import('./agent-run-transport.js'),
      import('./usable-models.js'),
    ]);
    const agent = createAgentClient(config);
    return {
      transport: createAgentRunTransport(config, now, agent),
      readUsableModels: (credential, options) => readUsableModels(agent, config, credential, options),
    };
  });
}

/** A transport that loads the stack on its first run (which awaits it); closing one never loaded closes nothing. */
export function transportOnFirstUse(stack: () => Promise<AgentStack>): CursorChatTransport {
  let loaded: CursorChatTransport | null = null;
  return {
    async *run(turn, credential, signal) {
      loaded = (await stack()).transport;
      yield* loaded.run(turn, credential, signal);
    },
    close: () => loaded?.close(),
  };
}
