import { describe, expect, it } from 'vitest';
import { decodeReasoningSecrets, encodeReasoningSecrets, openAIReasoningFromSignature, signatureCarryingOpenAIReasoning } from './reasoning-signature.js';

describe('reasoning secrets in encrypted_content', () => {
  it('round-trips a signature, redacted data, or both', () => {
    for (const secrets of [{ signature: 'EqQBCkYIBxgCKkD+/=' }, { signature: 's', encrypted: 'redacted' }, { encrypted: 'redacted-only' }]) {
      const encoded = encodeReasoningSecrets(secrets)!;
      expect(encoded).toMatch(/^sb1:[A-Za-z0-9_-]+$/);
      expect(decodeReasoningSecrets(encoded)).toEqual(secrets);
    }
    expect(encodeReasoningSecrets({})).toBeUndefined();
    expect(decodeReasoningSecrets(null)).toEqual({});
  });

  it("reads a value without the prefix as OpenAI's own encrypted reasoning", () => {
    expect(decodeReasoningSecrets('gAAAAB')).toEqual({ encrypted: 'gAAAAB', openai: true });
  });

  it('refuses a prefixed value it did not write', () => {
    expect(decodeReasoningSecrets('sb1:!!!')).toBeNull();
    expect(decodeReasoningSecrets(`sb1:${Buffer.from('{"other":1}').toString('base64url')}`)).toBeNull();
  });
});

describe("OpenAI's encrypted reasoning in an Anthropic thinking signature", () => {
  it('round-trips as reasoning marked as OpenAI\'s; any other signature (Anthropic\'s own, an empty payload) is not one', () => {
    const signature = signatureCarryingOpenAIReasoning('gAAAAB-sealed');
    expect(signature).toBe('sbo1:gAAAAB-sealed');
    expect(openAIReasoningFromSignature(signature)).toEqual({ encrypted: 'gAAAAB-sealed', providerData: { responses: { encryptedBy: 'openai' } } });
    expect(openAIReasoningFromSignature('EqQBCkYIBxgCKkD+/=')).toBeNull();
    expect(openAIReasoningFromSignature('sbo1:')).toBeNull();
  });
});
