import { useState } from 'react';
import { messageOf } from '../admin-api';
import { describeStatus, type DesktopApi, type SwitchboardStatusView } from '../desktop';
import { useDesktopInfo } from './use-desktop';

/** Start / Stop, "Copy API key", launch at login and how tokens are kept, only inside the desktop app. */
export function DesktopControls({ api, status }: { api: DesktopApi; status: SwitchboardStatusView }) {
  const [notice, setNotice] = useState<string | null>(null);
  const info = useDesktopInfo(api);
  const busy = status.state === 'starting' || status.state === 'stopping';
  const running = status.state === 'running' || status.state === 'stopping';

  const toggle = () => {
    setNotice(null);
    (running ? api.stopProxy() : api.startProxy()).catch((error: unknown) => setNotice(`The app refused: ${messageOf(error)}`));
  };
  const copyKey = () => {
    api.copyApiKey().then(
      (copied) => setNotice(copied ? 'API key copied to the clipboard.' : 'There is no API key yet: start the proxy first.'),
      (error: unknown) => setNotice(`Copying failed: ${messageOf(error)}`),
    );
  };

  const setLaunchAtLogin = (enabled: boolean) => {
    api.setLaunchAtLogin(enabled).catch((error: unknown) => setNotice(`Launch at login could not be changed: ${messageOf(error)}`));
  };

  return (
    <section className="card desktop" aria-labelledby="desktop-title">
      <div className="section-head">
        <h2 id="desktop-title">Proxy</h2>
        <p className={status.state === 'error' ? 'status error' : 'status'} role="status">
          {describeStatus(status)}
        </p>
        <div className="actions">
          <button type="button" onClick={toggle} disabled={busy}>
            {running ? 'Stop' : 'Start'}
          </button>
          <button type="button" className="secondary" onClick={copyKey}>
            Copy API key
          </button>
        </div>
      </div>
      {info?.launchAtLogin.supported && (
        <label className="inline-check">
          <input type="checkbox" checked={info.launchAtLogin.enabled} onChange={(event) => setLaunchAtLogin(event.target.checked)} /> Launch Switchboard at login
        </label>
      )}
      {info && !info.tokens.encrypted && (
        <p className="warning" role="note">
          {info.tokens.description}
        </p>
      )}
      <p className="notice" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}
