import type { CursorAgentConfig } from './agent-config.js';
import type { AgentClient } from './agent-client.js';
import { agentHeaders, type CursorAgentCredential } from './agent-headers.js';

/** A model an account may use, as `GetUsableModels` names it. */
export interface UsableModel {
  /** The id a run asks for. */
  id: string;
  /** For people (Cursor's display name, else its display id, else the id). */
  name: string;
}

/**
 * The account's models (`agent.v1.AgentService/GetUsableModels`, PROTOCOLS.md §3 "Models"): per account and region,
 * a Connect unary call with a protobuf body over the runs' HTTP/2 connection, with a run's headers. Cursor's own
 * aliases need no entry here: any `cursor-<name>` goes to Cursor as `<name>`, and Cursor resolves them itself.
 */
export async function readUsableModels(agent: AgentClient, config: CursorAgentConfig, credential: CursorAgentCredential, options: { timeoutMs: number; now?: () => number }): Promise<UsableModel[]> {
  const answer = await agent.client.getUsableModels({}, { headers: agentHeaders(config, credential, (options.now ?? Date.now)()), timeoutMs: options.timeoutMs });
  return answer.models
    .filter((model) => model.modelId !== '')
    .map((model) => ({ id: model.modelId, name: model.displayName || model.displayModelId || model.modelId }));
}
