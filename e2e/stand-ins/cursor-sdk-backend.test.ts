import { create, toBinary } from '@bufbuild/protobuf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AgentClientMessageSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { CursorAgentStandIn, STAND_IN_CURSOR_MODELS, STAND_IN_CURSOR_TOKEN } from './cursor-agent.js';
import { CursorAuthStandIn, STAND_IN_CURSOR_API_KEY } from './cursor-auth.js';
import { CursorSdkBackendStandIn } from './cursor-sdk-backend.js';

/**
 * The SDK's backend stand-in, asked over plain HTTP/1.1 (Connect unary in its JSON form): the checks the real SDK
 * never trips in e2e/clients/cursor-sdk.test.ts.
 */
let agent: CursorAgentStandIn;
let auth: CursorAuthStandIn;
let backend: CursorSdkBackendStandIn;

beforeEach(async () => {
  agent = new CursorAgentStandIn();
  auth = new CursorAuthStandIn();
  await Promise.all([agent.listen(), auth.listen()]);
  backend = new CursorSdkBackendStandIn(agent, auth);
  await backend.listen();
});

afterEach(async () => {
  await Promise.all([backend.close(), agent.close(), auth.close()]);
});

const SDK_HEADERS = { 'x-cursor-client-type': 'sdk', 'x-cursor-client-version': 'sdk-1.0.18', authorization: `Bearer ${STAND_IN_CURSOR_TOKEN}` };

function bidiAppend(requestId: string, appendSeqno: number, headers: Record<string, string> = SDK_HEADERS): Promise<Response> {
  const message = toBinary(AgentClientMessageSchema, create(AgentClientMessageSchema, { message: { case: 'conversationAction', value: {} } }));
  return fetch(`${backend.url}/aiserver.v1.BidiService/BidiAppend`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'connect-protocol-version': '1', ...headers },
    body: JSON.stringify({ data: Buffer.from(message).toString('hex'), requestId: { requestId }, appendSeqno: String(appendSeqno) }),
  });
}

describe("the stand-in of @cursor/sdk's backend", () => {
  it('takes the BidiAppends of a request id in order, from 0, and refuses one out of order', async () => {
    expect((await bidiAppend('request-1', 0)).status).toBe(200);
    expect((await bidiAppend('request-1', 1)).status).toBe(200);
    const skipped = await bidiAppend('request-1', 3);
    expect(skipped.status).toBe(400);
    expect(await skipped.json()).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('BidiAppend 3 arrived where 2 was due') });
    expect((await bidiAppend('request-2', 1)).status).toBe(400);
  });

  it("runs the agent's client checks on every BidiAppend, as on the run it feeds", async () => {
    const stranger = await bidiAppend('request-3', 0, { ...SDK_HEADERS, authorization: 'Bearer someone-else' });
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ code: 'unauthenticated' });
    const ideWithoutChecksum = await bidiAppend('request-3', 0, { ...SDK_HEADERS, 'x-cursor-client-type': 'ide', 'x-cursor-client-version': '3.12.17' });
    expect(await ideWithoutChecksum.json()).toMatchObject({ code: 'permission_denied' });
    expect((await bidiAppend('request-3', 0)).status).toBe(200);
  });

  it('lists the models only for a Cursor API key it knows', async () => {
    const listed = await fetch(`${backend.url}/v1/models`, { headers: { authorization: `Bearer ${STAND_IN_CURSOR_API_KEY}` } });
    expect(await listed.json()).toEqual({ items: STAND_IN_CURSOR_MODELS.map((id) => ({ id, displayName: id })) });
    const refused = await fetch(`${backend.url}/v1/models`, { headers: { authorization: 'Bearer crsr_someone_else' } });
    expect(refused.status).toBe(401);
  });

  it("exchanges the API key for the agent's token, so the runs that follow pass the agent's checks", async () => {
    const exchanged = await fetch(`${backend.url}/auth/exchange_user_api_key`, { method: 'POST', headers: { authorization: `Bearer ${STAND_IN_CURSOR_API_KEY}` }, body: '{}' });
    expect(await exchanged.json()).toMatchObject({ accessToken: STAND_IN_CURSOR_TOKEN });
  });
});
