import { useState } from 'react';
import { messageOf, type AdminApi } from '../admin-api';
import { CopyButton } from './ui';

/** "sk-sb-AbCd…wxyz": enough to recognise a key on screen without showing it. */
export function maskKey(key: string): string {
  return key.length <= 14 ? '•'.repeat(key.length) : `${key.slice(0, 9)}…${key.slice(-4)}`;
}

type Rotation = { phase: 'idle' } | { phase: 'confirm' } | { phase: 'busy' } | { phase: 'done'; message: string } | { phase: 'error'; message: string };

/**
 * The key this dashboard is signed in with: masked, copyable, and (for the owner key) rotatable like
 * `switchboard key rotate`. After a rotation the dashboard signs itself in with the new key.
 */
export function SignedInKey({ api, apiKey, onKeyChanged }: { api: Pick<AdminApi, 'request'>; apiKey: string; onKeyChanged: (key: string) => void }) {
  const [rotation, setRotation] = useState<Rotation>({ phase: 'idle' });

  const rotate = () => {
    setRotation({ phase: 'busy' });
    api.request<{ key: string; message: string }>('POST', '/admin/owner-key/rotate').then(
      (answer) => {
        onKeyChanged(answer.key);
        setRotation({ phase: 'done', message: answer.message });
      },
      (error: unknown) => setRotation({ phase: 'error', message: messageOf(error) }),
    );
  };

  return (
    <>
      <div className="copy-row">
        <code className="endpoint" aria-label="The API key this dashboard uses, masked">
          {maskKey(apiKey)}
        </code>
        <CopyButton text={apiKey} label="Copy key" />
      </div>
      <p className="muted small">Clients send it as <code>x-api-key</code> or <code>Authorization: Bearer</code>. For other people and tools, create their own keys under Keys.</p>
      {rotation.phase === 'confirm' ? (
        <div className="actions" role="group" aria-label="Confirm rotating the owner key">
          <span>Replace the owner key? Clients using it stop working until they get the new one.</span>
          <button type="button" className="danger" onClick={rotate}>
            Rotate now
          </button>
          <button type="button" className="secondary" onClick={() => setRotation({ phase: 'idle' })}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="secondary" onClick={() => setRotation({ phase: 'confirm' })} disabled={rotation.phase === 'busy'}>
          {rotation.phase === 'busy' ? 'Rotating…' : 'Rotate owner key'}
        </button>
      )}
      {rotation.phase === 'done' && (
        <p className="notice" role="status">
          New owner key in use by this dashboard (copy it above). {rotation.message}
        </p>
      )}
      {rotation.phase === 'error' && (
        <p className="error" role="alert">
          {rotation.message}
        </p>
      )}
    </>
  );
}
