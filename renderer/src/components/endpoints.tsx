import { CopyButton } from './ui';

/** The two kinds of client and where each is pointed: Anthropic's SDKs at the server, OpenAI's at its /v1. */
const KINDS = [
  { id: 'anthropic', title: 'Anthropic clients', who: 'Claude Code, Anthropic SDK', path: '' },
  { id: 'openai', title: 'OpenAI clients', who: 'Codex CLI, OpenAI SDK', path: '/v1' },
] as const;

/**
 * The base URLs to copy into clients, one per API family, each saying which clients it is for: Anthropic's SDKs
 * add /v1/messages themselves, OpenAI's expect the base URL to end in /v1 already.
 */
export function Endpoints({ endpoint }: { endpoint: string | null }) {
  if (!endpoint) return <p className="muted">The addresses appear here once the proxy is running.</p>;
  const base = endpoint.replace(/\/+$/, '');
  return (
    <>
      <dl className="endpoints">
        {KINDS.map((kind) => (
          <div key={kind.id} className="endpoint-entry">
            <dt>
              {kind.title} <span className="muted small">({kind.who})</span>
            </dt>
            <dd className="copy-row">
              <code className="endpoint" aria-label={`Base URL for ${kind.title}`}>
                {base}
                {kind.path}
              </code>
              <CopyButton text={`${base}${kind.path}`} label="Copy" name={`Copy the base URL for ${kind.title}`} />
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        Set it as the client&apos;s API base URL (<code>ANTHROPIC_BASE_URL</code>, or <code>base_url</code> for OpenAI clients), with a Switchboard API key.
      </p>
    </>
  );
}
