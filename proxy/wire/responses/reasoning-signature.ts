import { z } from 'zod';
import type { IRReasoningPart } from '../ir.js';

/**
 * How a thinking signature survives a round trip through a Responses client.
 *
 * Anthropic requires each earlier thinking block to come back with its `signature`, and redacted thinking with
 * its opaque `data`. A Responses client keeps exactly one opaque field per reasoning item, `encrypted_content`,
 * and sends it back unchanged (Codex always asks for it with `include: ["reasoning.encrypted_content"]` and
 * `store: false`). So every reasoning part Switchboard renders with a signature or encrypted data gets
 *
 *     encrypted_content = "sb1:" + base64url(JSON.stringify({ signature?, encrypted? }))
 *
 * and parsing reverses it. The thinking text itself travels as the item's summary text, which clients also
 * send back. A value without the prefix was written by OpenAI itself (a conversation that earlier went to
 * OpenAI or the Codex backend directly); it becomes `encrypted` and is marked as OpenAI's, because no other
 * provider can read it.
 */

const PREFIX = 'sb1:';

const payloadSchema = z
  .object({ signature: z.string().min(1).optional(), encrypted: z.string().min(1).optional() })
  .refine((payload) => payload.signature !== undefined || payload.encrypted !== undefined);

export interface ReasoningSecrets {
  signature?: string;
  encrypted?: string;
}

export function encodeReasoningSecrets(secrets: ReasoningSecrets): string | undefined {
  const payload = {
    ...(secrets.signature ? { signature: secrets.signature } : {}),
    ...(secrets.encrypted ? { encrypted: secrets.encrypted } : {}),
  };
  if (Object.keys(payload).length === 0) return undefined;
  return PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export type DecodedSecrets = ReasoningSecrets & {
  /** The value came from OpenAI, not from Switchboard. */
  openai?: true;
};

/** Null when the value carries our prefix but not a payload we wrote: it must not reach a provider. */
export function decodeReasoningSecrets(value: string | null | undefined): DecodedSecrets | null {
  if (!value) return {};
  if (!value.startsWith(PREFIX)) return { encrypted: value, openai: true };
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    const { signature, encrypted } = parsed.data;
    return { ...(signature !== undefined ? { signature } : {}), ...(encrypted !== undefined ? { encrypted } : {}) };
  } catch {
    return null;
  }
}

/**
 * True for reasoning whose encrypted form OpenAI wrote (a raw `encrypted_content` without our prefix, or what an
 * OpenAI upstream streamed). Only OpenAI can read it: another provider must not be sent it as its own encrypted
 * reasoning, nor a client shown it as such (Anthropic's redacted_thinking would carry it back to Anthropic).
 */
export function isEncryptedByOpenAI(part: Pick<IRReasoningPart, 'providerData'>): boolean {
  const data = part.providerData?.['responses'];
  return typeof data === 'object' && data !== null && (data as { encryptedBy?: unknown }).encryptedBy === 'openai';
}

/**
 * The mirror for an Anthropic client. Reasoning OpenAI encrypted (a Codex or OpenAI target's) is shown to it as a
 * thinking block whose signature is "sbo1:" + the encrypted_content: Anthropic clients send every earlier thinking
 * block back with its signature, so the model's reasoning reaches the next turn as a reasoning item again (a
 * reasoning model in a tool loop otherwise starts over after each tool result). Parsing turns the signature back into
 * OpenAI's encrypted reasoning, never into a signature another provider would be sent.
 */
const OPENAI_REASONING_SIGNATURE_PREFIX = 'sbo1:';

export function signatureCarryingOpenAIReasoning(encrypted: string): string {
  return OPENAI_REASONING_SIGNATURE_PREFIX + encrypted;
}

/** The reasoning part a thinking block's signature stands for when it carries OpenAI's encrypted reasoning; null otherwise. */
export function openAIReasoningFromSignature(signature: string): Pick<IRReasoningPart, 'encrypted' | 'providerData'> | null {
  if (!signature.startsWith(OPENAI_REASONING_SIGNATURE_PREFIX) || signature.length === OPENAI_REASONING_SIGNATURE_PREFIX.length) return null;
  return { encrypted: signature.slice(OPENAI_REASONING_SIGNATURE_PREFIX.length), providerData: { responses: { encryptedBy: 'openai' } } };
}
