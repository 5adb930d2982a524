import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../../../e2e/stand-ins/cursor-agent.js';
import { irRequest, type IREvent } from '../../wire/ir.js';
import type { Protocol, TranslatedResponse } from '../protocol.js';
import { cursorAgentConfigSchema } from './agent-config.js';
import { createAgentRunTransport } from './agent-run-transport.js';
import type { CursorChatTransport } from './chat-transport.js';
import { cursorAgentProtocol } from './protocol.js';

interface Login {
  token: string;
}

let standIn: CursorAgentStandIn;
let transport: CursorChatTransport;
let protocol: Protocol<Login>;
const login: Login = { token: STAND_IN_CURSOR_TOKEN };
const models = [{ id: 'claude-4.5-sonnet', displayName: 'Claude 4.5 Sonnet', createdAt: null }];

beforeEach(async () => {
  standIn = new CursorAgentStandIn();
  await standIn.listen();
  transport = createAgentRunTransport(cursorAgentConfigSchema.parse({ baseUrl: standIn.url }));
  protocol = cursorAgentProtocol<Login>({ transport, agentCredential: (held) => ({ accessToken: held.token, machineId: STAND_IN_CURSOR_MACHINE_ID }), listModels: () => Promise.resolve(models), versionGateFix: 'Set agent.clientVersion.' });
});

afterEach(async () => {
  transport.close();
  await standIn.close();
});

const question = irRequest({ model: 'cursor-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }] });
const send = (credential = login, upstreamModel = 'claude-4.5-sonnet') => protocol.send({ request: question, upstreamModel, signal: AbortSignal.timeout(10_000) }, credential);

async function failureOf(answer: TranslatedResponse) {
  if (answer.ok) throw new Error('expected a failed answer');
  return { status: answer.status, failure: protocol.classifyFailure(answer.status, answer.headers, answer.bodyText) };
}

describe('the cursor-agent protocol', () => {
  it('serves every client format through the IR, with one turn', async () => {
    expect(protocol.id).toBe('cursor-agent');
    expect(protocol.nativeFormats).toEqual([]);
    standIn.answerNext({ steps: [{ text: 'Hi there.' }] });
    const answer = await send();
    if (!answer.ok) throw new Error(answer.error.message);
    const events: IREvent[] = [];
    for await (const event of answer.events) events.push(event);
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event.type === 'text-delta' ? event.text : ''))).toEqual(['Hi there.']);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('classifies a usage limit as a cooldown and a rate limit as a short one', async () => {
    standIn.answerNext({ steps: [], ending: { code: Code.ResourceExhausted, error: 'ERROR_PRO_USAGE_LIMIT', title: 'Usage limit', detail: 'You hit the limit.' } });
    expect(await failureOf(await send())).toMatchObject({ status: 429, failure: { class: 'quota_exhausted', reason: 'Cursor: Usage limit: You hit the limit.' } });
    standIn.answerNext({ steps: [], ending: { code: Code.ResourceExhausted, error: 'ERROR_RATE_LIMITED', title: 'Slow down', detail: '' } });
    expect(await failureOf(await send())).toMatchObject({ status: 429, failure: { class: 'rate_limit' } });
  });

  it('asks for a refresh when the token is refused', async () => {
    expect(await failureOf(await send({ token: 'not-a-cursor-token' }))).toMatchObject({ status: 401, failure: { class: 'auth' } });
  });

  it('does not hold an outdated client version or a model outside the catalog against the account', async () => {
    standIn.answerNext({ steps: [], ending: { code: Code.FailedPrecondition, error: 'ERROR_OUTDATED_CLIENT', title: 'Update Required', detail: '' } });
    const outdated = await failureOf(await send());
    expect(outdated.failure.class).toBe('bad_request');
    expect(outdated.failure.reason).toMatch(/no longer accepts this client version.*Set agent\.clientVersion\./);
    expect((await failureOf(await send(login, 'not-in-the-catalog'))).failure.class).toBe('bad_request');
  });

  it('lists the models the provider reads', async () => {
    expect(await protocol.listModels(login)).toEqual(models);
  });
});
