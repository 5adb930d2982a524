import type { PassthroughRequest, Protocol } from './protocol.js';

/**
 * One upstream that speaks several APIs (OpenAI: Responses and Chat Completions) as one protocol: each client
 * format passes through to the API that speaks it natively, and the other formats go through the IR to `primary`.
 * The APIs must share their errors and model list (the same server), which are the primary's.
 */
export function eachNative<C>(primary: Protocol<C>, others: readonly Protocol<C>[]): Protocol<C> {
  const all = [primary, ...others];
  const byEndpoint = (endpoint: PassthroughRequest['endpoint']): Protocol<C> =>
    all.find((protocol) => protocol.extraEndpoints?.some((extra) => extra === endpoint) || protocol.nativeFormats.some((format) => ENDPOINTS[format].includes(endpoint))) ?? primary;
  return {
    id: primary.id,
    nativeFormats: [...new Set(all.flatMap((protocol) => protocol.nativeFormats))],
    extraEndpoints: [...new Set(all.flatMap((protocol) => protocol.extraEndpoints ?? []))],
    translatedHeaders: primary.translatedHeaders,
    passthrough: (request, credential) => byEndpoint(request.endpoint).passthrough(request, credential),
    watch: (options) => byEndpoint(options.endpoint).watch(options),
    send: (request, credential) => primary.send(request, credential),
    // Counted as the primary would be sent the request through the IR.
    ...(primary.estimateInputTokens ? { estimateInputTokens: primary.estimateInputTokens.bind(primary) } : {}),
    classifyFailure: (status, headers, bodyText) => primary.classifyFailure(status, headers, bodyText),
    listModels: (credential) => primary.listModels(credential),
  };
}

/** The passthrough endpoints of each client format. */
const ENDPOINTS: Record<Protocol<unknown>['nativeFormats'][number], readonly PassthroughRequest['endpoint'][]> = {
  anthropic: ['messages', 'messages/count_tokens'],
  chat: ['chat/completions'],
  responses: ['responses'],
};
