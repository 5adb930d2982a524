import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../../../e2e/stand-ins/cursor-agent.js';
import { createAgentClient, type AgentClient } from './agent-client.js';
import { cursorAgentConfigSchema } from './agent-config.js';
import { readUsableModels } from './usable-models.js';

let standIn: CursorAgentStandIn;
let agent: AgentClient;
const config = () => cursorAgentConfigSchema.parse({ baseUrl: standIn.url });

beforeEach(async () => {
  standIn = new CursorAgentStandIn({ models: ['composer-1', 'gpt-5'] });
  await standIn.listen();
  agent = createAgentClient(config());
});

afterEach(async () => {
  agent.close();
  await standIn.close();
});

describe('GetUsableModels', () => {
  it('reads the account’s catalog over Connect unary, with a run’s headers, display names', async () => {
    const models = await readUsableModels(agent, config(), { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID }, { timeoutMs: 5000 });
    expect(models).toEqual([
      { id: 'composer-1', name: 'composer-1 (catalog)' },
      { id: 'gpt-5', name: 'gpt-5 (catalog)' },
    ]);
    const call = standIn.modelListCalls.at(-1);
    expect(call?.['content-type']).toBe('application/proto');
    expect(call?.['authorization']).toBe(`Bearer ${STAND_IN_CURSOR_TOKEN}`);
    expect(call?.['x-cursor-checksum']).toMatch(new RegExp(`${STAND_IN_CURSOR_MACHINE_ID}$`));
  });

  it('fails when Cursor refuses, so the caller falls back', async () => {
    standIn.usableModels = 'fail';
    await expect(readUsableModels(agent, config(), { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID }, { timeoutMs: 5000 })).rejects.toThrow('model list is down');
    await expect(readUsableModels(agent, config(), { accessToken: 'someone-else' }, { timeoutMs: 5000 })).rejects.toThrow();
  });
});
