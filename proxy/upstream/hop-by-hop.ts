/**
 * Header fields that belong to one connection, not to the message, and so never cross a proxy (RFC 9110 §7.6.1),
 * plus `expect`: it asks the next hop alone for "100 Continue", which Node's server has already answered (and
 * fetch refuses to send it at all).
 */
const CONNECTION_SPECIFIC = new Set(['connection', 'proxy-connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect', 'http2-settings']);

/**
 * A test for the header names of one message that must not go on to the next hop: the connection-specific
 * fields, every `proxy-*` field (they address a proxy on the way), and whatever the message's `Connection` lists.
 */
export function hopByHopFilter(connection: string | null | undefined): (name: string) => boolean {
  const named = new Set(
    (connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
  return (name) => {
    const lower = name.toLowerCase();
    return CONNECTION_SPECIFIC.has(lower) || lower.startsWith('proxy-') || named.has(lower);
  };
}
