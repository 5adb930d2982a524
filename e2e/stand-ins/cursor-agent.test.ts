import { connect, type ClientHttp2Session } from 'node:http2';
import { gunzipSync } from 'node:zlib';

import { fromBinary, toBinary, create } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AgentClientMessageSchema, AgentServerMessageSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { ideChecksum } from '../../proxy/protocols/cursor-agent/checksum.js';
import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from './cursor-agent.js';

/**
 * The stand-in's wire, read byte by byte over a bare HTTP/2 stream (no Connect client): gzip frames, an
 * end-of-stream frame flagged 0x03 with its JSON, the checks on the client's headers.
 */
let standIn: CursorAgentStandIn;
let session: ClientHttp2Session;

beforeEach(async () => {
  standIn = new CursorAgentStandIn();
  await standIn.listen();
  session = connect(standIn.url);
});

afterEach(async () => {
  session.close();
  await standIn.close();
});

interface Frame {
  flags: number;
  payload: Buffer;
}

function frame(message: Parameters<typeof create<typeof AgentClientMessageSchema>>[1]): Buffer {
  const bytes = toBinary(AgentClientMessageSchema, create(AgentClientMessageSchema, message));
  const header = Buffer.alloc(5);
  header.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([header, bytes]);
}

function readFrames(buffer: Buffer): Frame[] {
  const frames: Frame[] = [];
  for (let at = 0; at + 5 <= buffer.length; ) {
    const length = buffer.readUInt32BE(at + 1);
    frames.push({ flags: buffer[at] ?? 0, payload: buffer.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return frames;
}

const ideHeaders = (overrides: Record<string, string> = {}) => ({
  ':method': 'POST',
  ':path': '/agent.v1.AgentService/Run',
  'content-type': 'application/connect+proto',
  'connect-protocol-version': '1',
  'connect-accept-encoding': 'gzip',
  authorization: `Bearer ${STAND_IN_CURSOR_TOKEN}`,
  'x-cursor-client-type': 'ide',
  'x-cursor-client-version': '3.12.17',
  'x-cursor-checksum': ideChecksum(Date.now(), STAND_IN_CURSOR_TOKEN, STAND_IN_CURSOR_MACHINE_ID),
  ...overrides,
});

/** One run: the run request, then the answer to the request-context exec once it comes; every byte of the answer. */
function exchange(headers: Record<string, string>): Promise<{ status: number; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on('response', (response) => (status = Number(response[':status'])));
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const first = readFrames(Buffer.concat(chunks))[0];
      if (first && chunks.length === 1 && first.flags === 1) {
        const exec = fromBinary(AgentServerMessageSchema, gunzipSync(first.payload));
        if (exec.message.case === 'execServerMessage') {
          stream.end(frame({ message: { case: 'execClientMessage', value: { id: exec.message.value.id, result: { case: 'requestContextResult', value: {} } } } }));
        }
      }
    });
    stream.on('end', () => resolve({ status, frames: readFrames(Buffer.concat(chunks)) }));
    stream.on('error', reject);
    stream.write(frame({ message: { case: 'runRequest', value: { requestedModel: { modelId: 'gpt-5' }, action: { action: { case: 'userMessageAction', value: { userMessage: { text: 'hi' } } } } } } }));
  });
}

describe('the Cursor agent stand-in on the wire', () => {
  it('gzips every frame and ends with an end-of-stream frame flagged 0x03 holding {}', async () => {
    const { status, frames } = await exchange(ideHeaders());
    expect(status).toBe(200);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.slice(0, -1).every((each) => each.flags === 0x01)).toBe(true);
    const messages = frames.slice(0, -1).map((each) => fromBinary(AgentServerMessageSchema, gunzipSync(each.payload)));
    expect(messages.at(-1)?.message).toMatchObject({ case: 'interactionUpdate', value: { update: { case: 'turnEnded' } } });
    expect(frames.at(-1)?.flags).toBe(0x03);
    expect(JSON.parse(gunzipSync(frames.at(-1)!.payload).toString())).toEqual({});
  });

  it("puts an error in the end-of-stream JSON with Cursor's ERROR_ name in the detail's debug form", async () => {
    standIn.answerNext({ steps: [], ending: { code: Code.ResourceExhausted, error: 'ERROR_RATE_LIMITED', title: 'Slow down', detail: 'Too many requests.' } });
    const { frames } = await exchange(ideHeaders());
    const end = JSON.parse(gunzipSync(frames.at(-1)!.payload).toString()) as { error: { code: string; details: { debug: unknown }[] } };
    expect(end.error.code).toBe('resource_exhausted');
    expect(end.error.details[0]?.debug).toEqual({ error: 'ERROR_RATE_LIMITED', details: { title: 'Slow down', detail: 'Too many requests.' } });
  });

  it('refuses an IDE client without a valid checksum, and an old client version', async () => {
    const noChecksum = await exchange(ideHeaders({ 'x-cursor-checksum': '' }));
    expect(JSON.stringify(noChecksum.frames.map((each) => gunzipSync(each.payload).toString()))).toContain('ERROR_BAD_CHECKSUM');
    const otherMachine = await exchange(ideHeaders({ 'x-cursor-checksum': ideChecksum(Date.now(), STAND_IN_CURSOR_TOKEN, 'another-machine') }));
    expect(JSON.stringify(otherMachine.frames.map((each) => gunzipSync(each.payload).toString()))).toContain('ERROR_BAD_CHECKSUM');
    const old = await exchange(ideHeaders({ 'x-cursor-client-version': '3.1.0' }));
    expect(JSON.stringify(old.frames.map((each) => gunzipSync(each.payload).toString()))).toContain('ERROR_OUTDATED_CLIENT');
    expect(standIn.runs).toHaveLength(0);
  });

  it("takes the checksum of a login that has no machine id of the app's: the token's sha256 and \"machineId\"", async () => {
    standIn.answerNext({ steps: [{ text: 'Hi.' }] });
    const { frames } = await exchange(ideHeaders({ 'x-cursor-checksum': ideChecksum(Date.now(), STAND_IN_CURSOR_TOKEN, undefined) }));
    expect(JSON.stringify(frames.map((each) => gunzipSync(each.payload).toString()))).not.toContain('ERROR_BAD_CHECKSUM');
    expect(standIn.runs).toHaveLength(1);
  });

  it('serves a token another stand-in says it issued (the auth stand-in\'s logins, run by hand), and no other', async () => {
    session.close();
    await standIn.close();
    standIn = new CursorAgentStandIn({ issuedElsewhere: (token) => token === 'issued-by-auth' });
    await standIn.listen();
    session = connect(standIn.url);
    const as = (token: string) => ideHeaders({ authorization: `Bearer ${token}`, 'x-cursor-checksum': ideChecksum(Date.now(), token, undefined) });
    standIn.answerNext({ steps: [{ text: 'Hi.' }] });
    await exchange(as('issued-by-auth'));
    expect(standIn.runs).toHaveLength(1);
    const unknown = await exchange(as('made-up'));
    expect(JSON.stringify(unknown.frames.map((each) => gunzipSync(each.payload).toString()))).toContain('ERROR_AUTH_TOKEN_NOT_FOUND');
  });

  it('serves the SDK without a checksum, as Cursor does', async () => {
    const { frames } = await exchange(ideHeaders({ 'x-cursor-client-type': 'sdk', 'x-cursor-client-version': 'sdk-1.0.18', 'x-cursor-checksum': '' }));
    expect(JSON.parse(gunzipSync(frames.at(-1)!.payload).toString())).toEqual({});
  });
});
