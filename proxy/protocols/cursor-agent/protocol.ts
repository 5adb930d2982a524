import type { ListedModel } from '../../models/listed-model.js';
import type { Protocol } from '../protocol.js';
import type { CursorAgentCredential } from './agent-headers.js';
import type { ChatFailure, CursorChatTransport } from './chat-transport.js';
import { classifyCursorFailure, failureBodyText } from './cursor-failure.js';
import { sendTurn } from './translated-send.js';

export interface CursorAgentProtocolOptions<C> {
  transport: CursorChatTransport;
  /** The part of the provider's credential the transport needs. */
  agentCredential(credential: C): CursorAgentCredential;
  /** Reads the models the credential may use (the provider decides where from: GetUsableModels, then fallbacks). */
  listModels(credential: C): Promise<ListedModel[]>;
  /** Where the client version is raised, in words (the config key), for an answer saying Cursor no longer serves it. */
  versionGateFix: string;
}

/**
 * Cursor's agent chat as a Protocol (PROTOCOLS.md §3): no client format is native, so every request is served
 * through the IR by one turn of the chat transport; a turn that failed before any content is classified from its
 * failure (written into the answer's body text, as other protocols' upstream bodies are).
 */
export function cursorAgentProtocol<C>(options: CursorAgentProtocolOptions<C>): Protocol<C> {
  return {
    id: 'cursor-agent',
    nativeFormats: [],
    // The translated answers carry no upstream headers worth relaying (Cursor's live in the stream).
    translatedHeaders: /^x-request-id$/,
    passthrough: () => Promise.reject(new Error('Cursor serves no client format natively: requests go through the IR')),
    watch: () => {
      throw new Error('Cursor serves no client format natively: there is no passthrough answer to watch');
    },
    async send(translated, credential) {
      let failure: ChatFailure | null = null;
      const transport: CursorChatTransport = {
        async *run(turn, agentCredential, signal) {
          for await (const event of options.transport.run(turn, agentCredential, signal)) {
            if (event.type === 'error') failure = event.failure;
            yield event;
          }
        },
        close: () => options.transport.close(),
      };
      const answer = await sendTurn(transport, translated, options.agentCredential(credential));
      if (answer.ok || !failure) return answer;
      const told: ChatFailure = failure;
      const said = told.kind === 'outdated-client' ? { ...told, message: `${told.message} ${options.versionGateFix}` } : told;
      return { ...answer, error: { ...answer.error, message: said.message }, bodyText: failureBodyText(said) };
    },
    classifyFailure: (status, _headers, bodyText) => classifyCursorFailure(status, bodyText),
    listModels: (credential) => options.listModels(credential),
  };
}
