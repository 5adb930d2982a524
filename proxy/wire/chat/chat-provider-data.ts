import type { IRRequest } from '../ir.js';

/** What only the Chat format needs to remember about a request, kept in `request.providerData.chat`. */
export interface ChatProviderData {
  /** `stream_options.include_usage`: the stream ends with a usage chunk. */
  includeUsage: boolean;
}

export function chatProviderData(data: ChatProviderData): { chat: ChatProviderData } {
  return { chat: data };
}

export function readChatProviderData(request: IRRequest): ChatProviderData {
  const data = request.providerData?.chat;
  const includeUsage = typeof data === 'object' && data !== null && 'includeUsage' in data && data.includeUsage === true;
  return { includeUsage };
}
