/**
 * The bench's Cursor answer and request as bytes: Connect streaming frames (a flags byte, a 4-byte big-endian
 * length, the message) of protobuf from our one `.proto` (PROTOCOLS.md §3 "Agent path messages"). Frames are sent
 * uncompressed, which Connect allows, so the bench's markers stay readable in the bytes.
 *
 * The answer is text deltas, then `turn_ended` with the usage, then the end-of-stream frame. Cursor's own first
 * asks for the request context and waits for the client's answer; the bench upstream does not, so that it answers
 * from prebuilt bytes with zero delay, and so that the direct and raw baselines (HTTP/1.1, which cannot answer
 * mid-stream) get the very answer Switchboard gets over HTTP/2.
 */
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { AgentClientMessageSchema, AgentServerMessageSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { buildRunRequest } from '../../proxy/protocols/cursor-agent/run-request.js';
import type { StreamParts } from './upstream-frames.js';

/** Connect's frame flags: a message, and the end of the stream (its JSON: the error and trailers, if any). */
const MESSAGE = 0x00;
const END_STREAM = 0x02;

/** The Run method: every model request goes here, over HTTP/2 from Switchboard, HTTP/1.1 from the baselines. */
export const CURSOR_RUN_PATH = '/agent.v1.AgentService/Run';
export const CONNECT_STREAM_TYPE = 'application/connect+proto';

function frame(flags: number, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(flags, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

const serverFrame = (message: MessageInitShape<typeof AgentServerMessageSchema>) => frame(MESSAGE, toBinary(AgentServerMessageSchema, create(AgentServerMessageSchema, message)));

type Update = Extract<MessageInitShape<typeof AgentServerMessageSchema>['message'], { case: 'interactionUpdate' }>['value']['update'];
const updateFrame = (update: Update) => serverFrame({ message: { case: 'interactionUpdate', value: { update } } });

export function cursorParts(usage: { inputTokens: number; outputTokens: number }): StreamParts {
  return {
    head: Buffer.alloc(0),
    delta: (text) => updateFrame({ case: 'textDelta', value: { text } }),
    tail: () =>
      Buffer.concat([
        updateFrame({ case: 'turnEnded', value: { inputTokens: BigInt(usage.inputTokens), outputTokens: BigInt(usage.outputTokens) } }),
        frame(END_STREAM, Buffer.from('{}')),
      ]),
    contentType: CONNECT_STREAM_TYPE,
    headers: {},
  };
}

/** The run request Switchboard sends for a one-message chat, as one Connect frame: what direct and raw send. */
export function cursorRunRequestBody(model: string, prompt: string): Buffer {
  const runRequest = buildRunRequest({ model, mode: 'agent', system: '', messages: [{ role: 'user', text: prompt }], tools: [] }, 'switchboard');
  return frame(MESSAGE, toBinary(AgentClientMessageSchema, create(AgentClientMessageSchema, { message: { case: 'runRequest', value: runRequest } })));
}
