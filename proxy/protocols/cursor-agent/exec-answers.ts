import type { MessageInitShape } from '@bufbuild/protobuf';

import type { AgentClientMessageSchema, ExecServerMessage, KvServerMessage } from './gen/agent/v1/agent_pb.js';

type ClientMessage = MessageInitShape<typeof AgentClientMessageSchema>;

export const BUILTIN_TOOL_REFUSAL = "Switchboard does not run Cursor's built-in tools; use the tools the client offers.";

/**
 * The answer to an exec the server sent (PROTOCOLS.md §3 "Exec"): the request context gets an empty success (as
 * openproxy and 9router send; the tools already went with the run request), each of Cursor's built-in IDE tools an
 * error result (Switchboard runs none of them), each followed by closing its exec stream. An MCP call is not
 * answered here: it goes back to the client. Null for exec kinds this does not know.
 */
export function answerExec(exec: ExecServerMessage): ClientMessage[] | null {
  const result = execResult(exec.args);
  if (!result) return null;
  return [
    { message: { case: 'execClientMessage', value: { id: exec.id, execId: exec.execId, result } } },
    { message: { case: 'execClientControlMessage', value: { message: { case: 'streamClose', value: { id: exec.id } } } } },
  ];
}

function execResult(args: ExecServerMessage['args']) {
  const refusal = { outcome: { case: 'error', value: { error: BUILTIN_TOOL_REFUSAL } } } as const;
  switch (args.case) {
    case 'requestContextArgs':
      return { case: 'requestContextResult', value: { outcome: { case: 'success', value: { requestContext: {} } } } } as const;
    case 'shell':
      return { case: 'shellResult', value: refusal } as const;
    case 'grep':
      return { case: 'grepResult', value: refusal } as const;
    case 'read':
      return { case: 'readResult', value: refusal } as const;
    case 'ls':
      return { case: 'lsResult', value: refusal } as const;
    case 'shellStream':
      return { case: 'shellStreamResult', value: refusal } as const;
    default:
      return null;
  }
}

/** Cursor parks blobs with the client during a run: kept in memory for that run only. */
export function answerKv(kv: KvServerMessage, blobs: Map<string, Uint8Array>): ClientMessage | null {
  const key = (id: Uint8Array) => Buffer.from(id).toString('hex');
  if (kv.args.case === 'setBlobArgs') {
    blobs.set(key(kv.args.value.blobId), kv.args.value.blobData);
    return { message: { case: 'kvClientMessage', value: { id: kv.id, result: { case: 'setBlobResult', value: {} } } } };
  }
  if (kv.args.case === 'getBlobArgs') {
    const blobData = blobs.get(key(kv.args.value.blobId)) ?? new Uint8Array(0);
    return { message: { case: 'kvClientMessage', value: { id: kv.id, result: { case: 'getBlobResult', value: { blobData } } } } };
  }
  return null;
}
